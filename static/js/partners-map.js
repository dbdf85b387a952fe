/* Innovation Hub Atlas: the partner finder's results on a map, from the page's JSON twin.
 * The organisation looking is a square, candidates are numbered by rank, alternatives outside
 * the filters are grey. Text reaches the page through textContent only. */
(function () {
  "use strict";
  var node = document.getElementById("partners-config");
  if (!node) return;
  var config = JSON.parse(node.textContent);
  var map = window[config.map];
  var el = window.AtlasDom.el, localPath = window.AtlasDom.localPath, t = window.AtlasText;
  if (!map || !config.api) return;

  function popup(c) {
    var box = el("div", null, "atlas-popup");
    var a = el("a", c.name);
    a.href = localPath(c.url);
    box.appendChild(a);
    box.appendChild(el("div", c.kind_label, "atlas-popup-kind"));
    (c.reasons || []).slice(0, 4).forEach(function (r) { box.appendChild(el("div", r)); });
    return box;
  }

  function numbered(c, colour) {
    var icon = L.divIcon({ className: "partner-rank", html: "<span></span>", iconSize: L.point(24, 24) });
    var m = L.marker([c.lat, c.lon], { icon: icon, title: c.name, keyboard: true });
    m.on("add", function () {
      var span = m.getElement() && m.getElement().querySelector("span");
      if (span) { span.textContent = String(c.rank); span.style.background = colour; }
    });
    return m.bindPopup(popup(c));
  }

  window.AtlasDom.fetchJSON(config.api).then(function (data) {
    var bounds = [];
    var o = data.origin;
    var origin = L.marker([o.lat, o.lon], { icon: L.divIcon({ className: "partner-origin", iconSize: L.point(16, 16) }),
      title: o.name, keyboard: true, zIndexOffset: 1000 });
    origin.bindTooltip(el("span", o.name));
    window[config.layers.origin].addLayer(origin);
    bounds.push([o.lat, o.lon]);
    data.candidates.forEach(function (c) {
      window[config.layers.candidates].addLayer(numbered(c, "#1e8449"));
      bounds.push([c.lat, c.lon]);
    });
    data.alternatives.forEach(function (c) {
      window[config.layers.alternatives].addLayer(numbered(c, "#7f8c8d"));
      bounds.push([c.lat, c.lon]);
    });
    if (bounds.length > 1) map.fitBounds(bounds, { padding: [30, 30], maxZoom: 11 });
    else map.setView(bounds[0], 9);
    document.body.dataset.mapReady = "1";
  }).catch(function (err) {
    document.body.dataset.mapReady = "error";
    if (window.console) window.console.error(err);
  });
}());
