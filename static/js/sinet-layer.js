/* Innovation Hub Atlas: draws the SINET backbone (a model) on a Leaflet map.
 *
 * Loaded in the page header before the map exists; it only defines window.AtlasSinet.
 * Data come from /api/v1/sinet/links and /api/v1/sinet/nodes (GeoJSON, EPSG:4326 lon/lat).
 * All text reaches the page via textContent, never as HTML.
 */
(function () {
  "use strict";
  var el = window.AtlasDom.el, fetchJSON = window.AtlasDom.fetchJSON;



  function lines(parts) {
    var box = el("div", null, "sinet-tip");
    parts.forEach(function (p, i) {
      if (p === null || p === undefined || p === "") return;
      box.appendChild(el(i === 0 ? "strong" : "div", p));
    });
    return box;
  }

  function drawBackbone(group, links, nodes, lang) {
    var en = lang === "en";
    var model = window.AtlasText("sinet.modelled");
    links.features.forEach(function (f) {
      var p = f.properties;
      var latlngs = f.geometry.coordinates.map(function (c) { return [c[1], c[0]]; });
      var line = L.polyline(latlngs, {
        color: p.capacity_gbps >= 400 ? "#7f8c8d" : "#b0a48f", weight: p.capacity_gbps >= 400 ? 2.5 : 1.5,
        opacity: 0.8, dashArray: p.modelled ? "6 4" : null, className: "sinet-link"
      });
      line.bindTooltip(lines([(p.a_name || p.a) + " – " + (p.b_name || p.b),
        p.capacity_gbps + " Gbps" + window.AtlasText("list.separator") + p.length_km + " km",
        p.modelled ? model : null]), { sticky: true });
      group.addLayer(line);
    });
    nodes.features.forEach(function (f) {
      var p = f.properties;
      var c = f.geometry.coordinates;
      var m = L.circleMarker([c[1], c[0]], {
        radius: p.core ? 5 : 3.5, color: "#34495e", weight: 1, fillColor: p.core ? "#34495e" : "#ffffff",
        fillOpacity: 1, className: "sinet-node"
      });
      m.bindTooltip(lines([en ? p.name_en : (p.name_ja || p.name_en), p.city, p.capacity_gbps + " Gbps",
        p.modelled ? model : null]));
      group.addLayer(m);
    });
  }

  function loadBackbone(group, api, lang) {
    return Promise.all([fetchJSON(api.links), fetchJSON(api.nodes)]).then(function (res) {
      drawBackbone(group, res[0], res[1], lang);
      return res;
    });
  }

  function overlay(map, group, api, lang) {
    // Fetched the first time the overlay is switched on.
    var loaded = null;
    function load() {
      if (!loaded) {
        loaded = loadBackbone(group, api, lang).then(function () {
          document.body.dataset.sinetLayer = "1";
        }).catch(function (err) { console.error(err); });
      }
      return loaded;
    }
    group.on("add", load);
    if (map.hasLayer(group)) load();
  }

  window.AtlasSinet = { el: el, fetchJSON: fetchJSON, drawBackbone: drawBackbone, loadBackbone: loadBackbone,
    overlay: overlay };
}());
