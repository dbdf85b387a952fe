/* Innovation Hub Atlas: fills the folium-built maps with data fetched from the JSON API.
 *
 * folium lays out the map, the empty layers and the layer control; this script fetches
 * prefecture boundaries and organisations and draws them. All text reaches the page via
 * textContent, never as HTML, so names in popups and tooltips cannot inject markup.
 */
(function () {
  "use strict";
  var t = window.AtlasText;
  var el = window.AtlasDom.el, localPath = window.AtlasDom.localPath, fetchJSON = window.AtlasDom.fetchJSON;

  var KIND_COLOURS = {
    aist_centre: "#c0392b",
    aist_oil: "#e67e22",
    public_lab: "#2471a3",
    university: "#1e8449",
    hub: "#7d3c98",
    kosen: "#117864",
    national_rd: "#7d6608",
    inter_university: "#6e2c00",
    aist_joint_lab: "#a04000"
  };
  var config = JSON.parse(document.getElementById("atlas-config").textContent);
  var map = window[config.map];
  var status = document.getElementById("map-status");



  function popupContent(props) {
    var box = el("div", null, "atlas-popup");
    box.appendChild(el("strong", props.name));
    box.appendChild(el("div", props.kind_label, "atlas-popup-kind"));
    box.appendChild(el("div", [props.prefecture, props.city].filter(Boolean).join(" ")));
    if (props.selection_current === false) {
      // A J-Innovation HUB selection whose validity has passed is never shown as current.
      box.appendChild(el("div", t("map.selection_ended", { date: props.valid_until }), "atlas-popup-ended"));
    }
    if (props.certification_tier) {
      box.appendChild(el("div", t("map.certified", { tier: props.certification_tier_label || props.certification_tier }), "atlas-popup-tier"));
    }
    if (props.synthetic) box.appendChild(el("div", t("map.synthetic_record"), "badge-synthetic"));
    var link = el("a", t("map.details"));
    link.href = localPath(props.url);
    box.appendChild(link);
    return box;
  }

  function setStatus(text) {
    if (status) status.textContent = text;
  }


  function drawPrefectures(collection, onlyCode) {
    var group = window[config.prefectures];
    var layer = L.geoJSON(collection, {
      filter: function (f) { return !onlyCode || f.properties.code === onlyCode; },
      style: { color: "#5d6d7e", weight: 1, fillColor: "#f3efe0", fillOpacity: 0.7 },
      onEachFeature: function (feature, lyr) {
        lyr.bindTooltip(el("span", feature.properties.name), { sticky: true });
      }
    });
    group.addLayer(layer);
    if (typeof group.bringToBack === "function") group.bringToBack();
    return layer;
  }

  // Certified hubs wear a ring in their tier's colour (and are drawn larger).
  var TIER_COLOURS = { gold: "#c9a227", silver: "#8e9aa6", bronze: "#a0642d" };
  // From this zoom on, every point carries its name.
  var NAMES_FROM_ZOOM = 14;

  function marker(feature) {
    var c = feature.geometry.coordinates;
    var props = feature.properties;
    var tier = TIER_COLOURS[props.certification_tier];
    var m = L.circleMarker([c[1], c[0]], {
      radius: tier ? 10 : props.kind === "hub" || props.kind === "aist_centre" ? 8 : 6,
      color: tier || "#ffffff", weight: tier ? 4 : 1.5, fillOpacity: 0.9,
      fillColor: KIND_COLOURS[props.kind] || "#555555",
      className: tier ? "atlas-certified atlas-tier-" + props.certification_tier : ""
    });
    m.options.kind = props.kind;
    m.options.title = props.name;
    m.bindTooltip(el("span", props.name));
    m.bindPopup(popupContent(props));
    return m;
  }

  function showNames(markers) {
    // Names stay on the points once zoomed in far enough; hover tooltips before that.
    var permanent = map.getZoom() >= NAMES_FROM_ZOOM;
    markers.forEach(function (m) {
      var tooltip = m.getTooltip();
      if (!tooltip || tooltip.options.permanent === permanent) return;
      m.unbindTooltip();
      m.bindTooltip(el("span", m.options.title), permanent ? { permanent: true, direction: "right", className: "atlas-name" } : {});
    });
  }

  function addLegend() {
    // Bottom right lies over the Pacific: the legend never covers Okinawa or Kyushu. On a
    // narrow map (a phone) it starts folded to its heading, which opens it, so that it does
    // not cover Honshu either.
    var legend = L.control({ position: "bottomright" });
    legend.onAdd = function () {
      var box = el("details", null, "atlas-legend");
      box.open = map.getContainer().clientWidth >= 600;
      box.appendChild(el("summary", t("map.kinds")));
      L.DomEvent.disableClickPropagation(box);
      Object.keys(config.layers).forEach(function (kind) {
        var row = el("div");
        var swatch = el("span", null, "swatch");
        swatch.style.background = KIND_COLOURS[kind];
        row.appendChild(swatch);
        row.appendChild(el("span", config.kindLabels ? config.kindLabels[kind] : kind));
        box.appendChild(row);
      });
      Object.keys(tierLabels).forEach(function (tier) {
        var row = el("div");
        var ring = el("span", null, "swatch swatch-ring");
        ring.style.borderColor = TIER_COLOURS[tier];
        row.appendChild(ring);
        row.appendChild(el("span", t("map.certified", { tier: tierLabels[tier] })));
        box.appendChild(row);
      });
      return box;
    };
    legend.addTo(map);
  }

  // One cluster group for every kind, so that sites of different kinds never hide each other:
  // a cluster's ring shows the share of each kind among its members, its number the count.
  // The layer control's per-kind entries are switches that add or take out that kind's points.
  function mixedClusterIcon(cluster) {
    var counts = {};
    cluster.getAllChildMarkers().forEach(function (m) { counts[m.options.kind] = (counts[m.options.kind] || 0) + 1; });
    var n = cluster.getChildCount();
    var at = 0;
    var stops = Object.keys(KIND_COLOURS).filter(function (k) { return counts[k]; }).map(function (k) {
      var from = at;
      at += counts[k] / n * 360;
      return KIND_COLOURS[k] + " " + from.toFixed(1) + "deg " + at.toFixed(1) + "deg";
    });
    var size = n < 10 ? 32 : n < 100 ? 38 : 46;
    var icon = L.divIcon({ html: "<div><span></span></div>", className: "atlas-mixed-cluster", iconSize: L.point(size, size) });
    icon.createIcon = function (old) {
      var div = L.DivIcon.prototype.createIcon.call(this, old);
      div.style.background = stops.length ? "conic-gradient(" + stops.join(", ") + ")" : "#555555";
      div.querySelector("span").textContent = n.toLocaleString();
      div.setAttribute("aria-label", String(n));
      return div;
    };
    return icon;
  }

  var cluster = config.cluster ? window[config.cluster] : null;
  if (cluster && cluster.options) cluster.options.iconCreateFunction = mixedClusterIcon;
  var markersByKind = {};

  function kindShown(kind) {
    var group = window[config.layers[kind]];
    return !group || map.hasLayer(group);
  }

  map.on("overlayadd overlayremove", function (e) {
    var kind = null;
    Object.keys(config.layers || {}).forEach(function (k) { if (window[config.layers[k]] === e.layer) kind = k; });
    if (!kind || !cluster || !markersByKind[kind]) return;
    if (e.type === "overlayadd") cluster.addLayers(markersByKind[kind]); else cluster.removeLayers(markersByKind[kind]);
    countInView();
  });

  function allMarkers() {
    return Object.keys(markersByKind).reduce(function (all, k) { return kindShown(k) ? all.concat(markersByKind[k]) : all; }, []);
  }

  // Tiers of the certified hubs loaded, named as the answer names them (for the legend).
  var tierLabels = {};

  function addFeatures(fc) {
    fc.features.forEach(function (f) {
      var p = f.properties;
      if (p.certification_tier && TIER_COLOURS[p.certification_tier]) tierLabels[p.certification_tier] = p.certification_tier_label || p.certification_tier;
      (markersByKind[f.properties.kind] = markersByKind[f.properties.kind] || []).push(marker(f));
    });
    if (cluster) cluster.addLayers(allMarkers());
    showNames(allMarkers());
  }

  function clearFeatures() {
    markersByKind = {};
    if (cluster) cluster.clearLayers();
  }

  function cellMarker(feature) {
    // One server-side aggregate: a count at the mean position of its members.
    var c = feature.geometry.coordinates;
    var n = feature.properties.count;
    var size = n < 100 ? "small" : n < 1000 ? "medium" : "large";
    var icon = L.divIcon({
      html: "<div><span></span></div>", className: "marker-cluster marker-cluster-" + size + " atlas-cell",
      iconSize: L.point(40, 40)
    });
    var m = L.marker([c[1], c[0]], { icon: icon, keyboard: true, title: String(n) });
    m.on("add", function () {
      var span = m.getElement() && m.getElement().querySelector("span");
      if (span) span.textContent = n.toLocaleString();
    });
    m.on("click", function () {
      var b = feature.properties.bounds;
      map.fitBounds([[b[1], b[0]], [b[3], b[2]]]);
    });
    return m;
  }

  var lastAnswer = { total: 0, aggregated: false };

  function countInView() {
    // The footer counts what the map shows now: the points inside the view, or the server's
    // count for the view when it sends grid cells.
    if (lastAnswer.aggregated) {
      setStatus(t("map.in_view", { n: lastAnswer.total.toLocaleString() }));
      return;
    }
    var bounds = map.getBounds();
    var markers = allMarkers();
    var inView = markers.filter(function (m) { return bounds.contains(m.getLatLng()); }).length;
    document.body.dataset.inView = String(inView);
    setStatus(t("map.shown_in_view", { n: inView.toLocaleString(), total: markers.length.toLocaleString() }));
  }

  function showCount(shown, total, aggregated) {
    document.body.dataset.markers = String(shown);
    document.body.dataset.total = String(total);
    document.body.dataset.aggregated = aggregated ? "1" : "0";
    lastAnswer = { total: total, aggregated: aggregated };
    countInView();
  }

  function restoreView() {
    // Shareable URLs: ?lat=&lon=&z= hold the view; kept up to date as the user moves.
    var params = new URLSearchParams(window.location.search);
    var lat = parseFloat(params.get("lat")), lon = parseFloat(params.get("lon")), z = parseFloat(params.get("z"));
    if (isFinite(lat) && isFinite(lon) && isFinite(z)) map.setView([lat, lon], z, { animate: false });
    map.on("moveend", function () {
      var c = map.getCenter();
      var p = new URLSearchParams(window.location.search);
      p.set("lat", c.lat.toFixed(4));
      p.set("lon", c.lng.toFixed(4));
      p.set("z", String(map.getZoom()));
      window.history.replaceState(null, "", window.location.pathname + "?" + p.toString());
    });
  }

  function national() {
    restoreView();
    if (config.sinet && window.AtlasSinet) window.AtlasSinet.overlay(map, window[config.sinet.group], config.sinet.api, config.lang);
    setStatus(t("map.loading"));
    var cells = L.layerGroup().addTo(map);
    var serverMode = false;
    var pending = null;

    function query(withBox) {
      var params = new URLSearchParams({ zoom: String(Math.round(map.getZoom())) });
      if (withBox) {
        var b = map.getBounds();
        params.set("bbox", [Math.max(b.getWest(), -180), Math.max(b.getSouth(), -85), Math.min(b.getEast(), 180),
          Math.min(b.getNorth(), 85)].map(function (v) { return v.toFixed(5); }).join(","));
      }
      return config.api.organizations + "?" + params.toString();
    }

    function render(fc) {
      cells.clearLayers();
      clearFeatures();
      if (fc.aggregated) {
        fc.features.forEach(function (f) { cells.addLayer(cellMarker(f)); });
      } else {
        addFeatures(fc);
      }
      showCount(fc.features.length, fc.total, fc.aggregated);
    }

    function refresh() {
      if (!serverMode) return;
      var url = query(true);
      pending = url;
      fetchJSON(url).then(function (fc) { if (pending === url) render(fc); }).catch(function (err) { console.error(err); });
    }

    // Prefecture outlines and names come from the base layer (static/js/base-layer.js).
    return fetchJSON(query(false)).then(function (fc) {
      // Few enough points: load them all once and let Leaflet.markercluster group them.
      // Many: the server aggregates, and each pan or zoom asks for the new view.
      serverMode = fc.aggregated;
      render(fc);
      addLegend();
      map.on("moveend", refresh);
      map.on("moveend", countInView);
      map.on("zoomend", function () { showNames(allMarkers()); });
    });
  }

  function single() {
    var f = config.feature;
    var group = window[config.layers.point];
    group.addLayer(marker(f));
    document.body.dataset.markers = "1";
    return fetchJSON(config.api.prefectures).then(function (fc) {
      drawPrefectures(fc, f.properties.prefecture_code);
    });
  }

  (config.feature ? single() : national()).then(function () {
    document.body.dataset.mapReady = "1";
  }).catch(function (err) {
    setStatus(t("map.failed", { error: err.message }));
    document.body.dataset.mapReady = "error";
    console.error(err);
  });
}());
