/* Innovation Hub Atlas: the base layer of every map, drawn from the portal's own data so that a
 * map reads with no tiles and no internet: prefecture outlines, and names by zoom level —
 * prefectures from zoom 6 to 8, prefectural capitals from 7, designated cities from 8.
 *
 * Each map also gets a metric scale bar (folium's own shows miles too, which nobody here reads).
 *
 * Every folium map of a page is found by its container (folium names the map variable after
 * the container's id). Names reach the page through textContent only.
 */
(function () {
  "use strict";
  var LEVELS = [["prefecture", 6, 9], ["capital", 7, 99], ["designated_city", 8, 99]];
  var shared = null;

  function load(urls) {
    if (!shared) {
      shared = Promise.all([window.AtlasDom.fetchJSON(urls.prefectures), window.AtlasDom.fetchJSON(urls.places)]);
    }
    return shared;
  }

  function label(text, kind, latlng) {
    var marker = L.marker(latlng, {
      icon: L.divIcon({ className: "atlas-label atlas-label-" + kind, html: "<span></span>", iconSize: null }),
      interactive: false, keyboard: false, pane: "atlasLabels"
    });
    marker.on("add", function () {
      var node = marker.getElement();
      if (node && node.firstChild) node.firstChild.textContent = text;
    });
    return marker;
  }

  function draw(map, prefectures, places) {
    map.createPane("atlasBase").style.zIndex = 250;
    var labelsPane = map.createPane("atlasLabels");
    labelsPane.style.zIndex = 450;
    labelsPane.style.pointerEvents = "none";
    L.geoJSON(prefectures, {
      pane: "atlasBase", interactive: false,
      style: { color: "#8c8577", weight: 1, fillColor: "#f6f3ea", fillOpacity: 0.65 }
    }).addTo(map);
    var groups = {};
    LEVELS.forEach(function (level) { groups[level[0]] = L.layerGroup(); });
    prefectures.features.forEach(function (f) {
      var p = f.properties;
      if (p.label_point) groups.prefecture.addLayer(label(p.name, "prefecture", [p.label_point[1], p.label_point[0]]));
    });
    places.features.forEach(function (f) {
      var c = f.geometry.coordinates;
      if (groups[f.properties.role]) groups[f.properties.role].addLayer(label(f.properties.name, f.properties.role, [c[1], c[0]]));
    });
    function byZoom() {
      var z = map.getZoom();
      LEVELS.forEach(function (level) {
        var show = z >= level[1] && z < level[2];
        if (show && !map.hasLayer(groups[level[0]])) groups[level[0]].addTo(map);
        if (!show && map.hasLayer(groups[level[0]])) map.removeLayer(groups[level[0]]);
      });
    }
    map.on("zoomend", byZoom);
    byZoom();
    map.getContainer().dataset.baseLayer = "1";
  }

  document.addEventListener("DOMContentLoaded", function () {
    var urls = { prefectures: document.body.dataset.prefecturesUrl, places: document.body.dataset.placesUrl };
    if (!urls.prefectures || !urls.places) return;
    document.querySelectorAll(".folium-map").forEach(function (container) {
      var map = window[container.id];
      if (!map || typeof map.createPane !== "function") return;
      L.control.scale({ imperial: false }).addTo(map);
      load(urls).then(function (res) { draw(map, res[0], res[1]); }).catch(function (err) { console.error(err); });
    });
  });
}());
