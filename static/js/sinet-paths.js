/* Innovation Hub Atlas: the SINET path page and the organisation search boxes.
 *
 * Draws the backbone, the backup path and the main path fetched from /api/v1/paths into
 * the layers folium laid out, and fills the search boxes' <datalist> from
 * /api/v1/sinet/organizations. Text goes in via textContent only.
 */
(function () {
  "use strict";

  var configNode = document.getElementById("sinet-config");
  var config = configNode ? JSON.parse(configNode.textContent) : {};
  var S = window.AtlasSinet;

  function suggestBoxes() {
    var inputs = document.querySelectorAll("input[data-suggest]");
    Array.prototype.forEach.call(inputs, function (input) {
      var list = document.getElementById(input.getAttribute("list"));
      var timer = null;
      var last = "";
      input.addEventListener("input", function () {
        var text = input.value.trim();
        if (timer) window.clearTimeout(timer);
        if (text.length < 1 || /#\d+$/.test(text) || text === last) return;
        timer = window.setTimeout(function () {
          last = text;
          var url = input.getAttribute("data-suggest") + "?" + new URLSearchParams({ q: text, limit: "12" });
          S.fetchJSON(url).then(function (body) {
            while (list.firstChild) list.removeChild(list.firstChild);
            body.organizations.forEach(function (o) {
              var option = document.createElement("option");
              option.value = o.name + " #" + o.id;
              option.textContent = [o.kind_label, o.prefecture || o.prefecture_code, "SINET: " + (o.sinet_connected_label || o.sinet_connected)].join(" · ");
              list.appendChild(option);
            });
          }).catch(function (err) { console.error(err); });
        }, 200);
      });
    });
  }

  function latlngs(coords) {
    return coords.map(function (c) { return [c[1], c[0]]; });
  }

  function endMarker(group, o, colour) {
    var m = L.circleMarker([o.lat, o.lon], {
      radius: 8, color: "#ffffff", weight: 2, fillColor: colour, fillOpacity: 1, className: "sinet-end"
    });
    m.bindTooltip(S.el("span", o.name + " (SINET: " + (o.sinet_connected_label || o.sinet_connected) + ")"), { permanent: false });
    group.addLayer(m);
    return m;
  }

  function drawPath(map, layers, feature) {
    var p = feature.properties;
    var bounds = L.latLngBounds([[p.from.lat, p.from.lon], [p.to.lat, p.to.lon]]);
    if (p.backup && p.backup.coordinates) {
      var backup = L.polyline(latlngs(p.backup.coordinates), {
        color: "#e67e22", weight: 4, opacity: 0.85, dashArray: "8 6", className: "sinet-backup"
      });
      backup.bindTooltip(S.el("span", window.AtlasText("sinet.backup", { ms: p.backup.latency_ms, km: p.backup.distance_km })),
        { sticky: true });
      layers.backup.addLayer(backup);
      bounds.extend(backup.getBounds());
    }
    if (feature.geometry) {
      var route = L.polyline(latlngs(feature.geometry.coordinates), {
        color: "#1f5fa8", weight: 6, opacity: 0.9, className: "sinet-route"
      });
      route.bindTooltip(S.el("span", p.message), { sticky: true });
      layers.route.addLayer(route);
      bounds.extend(route.getBounds());
      (p.hop_details || []).forEach(function (h) {
        var m = L.circleMarker([h.lat, h.lon], {
          radius: 6, color: "#1f5fa8", weight: 2, fillColor: "#ffffff", fillOpacity: 1, className: "sinet-hop"
        });
        m.bindTooltip(S.el("span", h.name));
        layers.route.addLayer(m);
      });
    }
    endMarker(layers.ends, p.from, "#c0392b");
    endMarker(layers.ends, p.to, "#1e8449");
    // Keep both ends clear of the layer box (top right) and the zoom buttons (top left).
    var box = map.getContainer().querySelector(".leaflet-control-layers");
    var right = box ? box.offsetWidth + 20 : 20;
    map.fitBounds(bounds, { maxZoom: 9, animate: false, paddingTopLeft: [50, 30], paddingBottomRight: [right, 30] });
    document.body.dataset.route = feature.geometry ? "drawn" : p.status;
  }

  function run() {
    suggestBoxes();
    if (!config.map) return Promise.resolve();
    var map = window[config.map];
    var layers = {};
    Object.keys(config.layers).forEach(function (k) { layers[k] = window[config.layers[k]]; });
    var backbone = S.loadBackbone(layers.backbone, config.api, config.lang);
    var path = config.api.path ? S.fetchJSON(config.api.path).then(function (f) { drawPath(map, layers, f); })
      : Promise.resolve(document.body.dataset.route = "none");
    if (!config.api.path) map.fitBounds(config.japan, { animate: false });
    return Promise.all([backbone, path]);
  }

  run().then(function () {
    document.body.dataset.mapReady = "1";
  }).catch(function (err) {
    var status = document.getElementById("map-status");
    if (status) status.textContent = window.AtlasText("map.failed", { error: err.message });
    document.body.dataset.mapReady = "error";
    console.error(err);
  });
}());
