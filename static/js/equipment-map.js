/* Innovation Hub Atlas: the equipment page's map layer.
 *
 * folium lays out the map and an empty layer; this script fetches the same search from the
 * JSON twin (/api/v1/equipment) and draws one marker per site holding machines found.
 * Coordinates are EPSG:4326 lon/lat; all text reaches the page through textContent.
 */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("equipment-config").textContent);
  var map = window[config.map];
  var layer = window[config.layers.labs];
  if (!map || !layer || !config.api) return;

  function localPath(url) {
    return typeof url === "string" && url.charAt(0) === "/" && url.charAt(1) !== "/" ? url : "#";
  }

  function popup(lab) {
    var box = document.createElement("div");
    var a = document.createElement("a");
    a.href = localPath(lab.url);
    a.textContent = lab.name;
    box.appendChild(a);
    var count = document.createElement("div");
    count.textContent = window.AtlasText("equipment.found", { n: lab.machines });
    box.appendChild(count);
    return box;
  }

  var url = config.api + (config.api.indexOf("?") < 0 ? "?" : "&") + "lang=" + config.lang;
  fetch(url, { headers: { Accept: "application/json" } }).then(function (r) {
    if (!r.ok) throw new Error(url + ": HTTP " + r.status);
    return r.json();
  }).then(function (data) {
    var bounds = [];
    data.labs.forEach(function (lab) {
      var marker = L.circleMarker([lab.lat, lab.lon], {
        radius: Math.min(14, 5 + Math.sqrt(lab.machines) * 2), color: "#2471a3", weight: 2, fillOpacity: 0.6
      });
      marker.bindPopup(popup(lab));
      marker.addTo(layer);
      bounds.push([lab.lat, lab.lon]);
    });
    if (bounds.length) map.fitBounds(bounds, { padding: [20, 20], maxZoom: 10, animate: false });
    else map.fitBounds(config.japan, { animate: false });
  }).catch(function (error) {
    map.fitBounds(config.japan, { animate: false });
    if (window.console) window.console.error(error);
  });
})();
