/* Innovation Hub Atlas: fills the folium-built maps with data fetched from the JSON API.
 *
 * folium lays out the map, the empty layers and the layer control; this script fetches
 * prefecture boundaries and organisations and draws them. All text reaches the page via
 * textContent, never as HTML, so names in popups and tooltips cannot inject markup.
 */
(function () {
  "use strict";
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
      box.appendChild(el("div", config.lang === "en" ? "J-Innovation HUB selection ended " + props.valid_until
        : "J-Innovation HUB 選定期間終了（" + props.valid_until + "）", "atlas-popup-ended"));
    }
    if (props.certification_tier) {
      box.appendChild(el("div", (config.lang === "en" ? "Certified: " : "認定: ") + props.certification_tier, "atlas-popup-tier"));
    }
    if (props.synthetic) box.appendChild(el("div", config.lang === "en" ? "Synthetic test record" : "合成テストデータ", "badge-synthetic"));
    var link = el("a", config.lang === "en" ? "Details" : "詳細");
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

  function marker(feature) {
    var c = feature.geometry.coordinates;
    var props = feature.properties;
    var m = L.circleMarker([c[1], c[0]], {
      radius: props.kind === "hub" || props.kind === "aist_centre" ? 8 : 6,
      color: "#ffffff", weight: 1.5, fillOpacity: 0.9,
      fillColor: KIND_COLOURS[props.kind] || "#555555"
    });
    m.bindTooltip(el("span", props.name));
    m.bindPopup(popupContent(props));
    return m;
  }

  function addLegend() {
    var legend = L.control({ position: "bottomleft" });
    legend.onAdd = function () {
      var box = el("div", null, "atlas-legend");
      box.appendChild(el("strong", config.lang === "en" ? "Kinds" : "種別"));
      Object.keys(config.layers).forEach(function (kind) {
        var row = el("div");
        var swatch = el("span", null, "swatch");
        swatch.style.background = KIND_COLOURS[kind];
        row.appendChild(swatch);
        row.appendChild(el("span", config.kindLabels ? config.kindLabels[kind] : kind));
        box.appendChild(row);
      });
      return box;
    };
    legend.addTo(map);
  }

  function kindClusterIcon(kind) {
    // Each kind's clusters in the kind's colour, so that the legend still reads when zoomed out.
    return function (cluster) {
      var n = cluster.getChildCount();
      var size = n < 10 ? 30 : n < 100 ? 36 : 44;
      var icon = L.divIcon({ html: "<div><span></span></div>", className: "atlas-kind-cluster",
        iconSize: L.point(size, size) });
      icon.createIcon = function (old) {
        var div = L.DivIcon.prototype.createIcon.call(this, old);
        div.style.background = KIND_COLOURS[kind] || "#555555";
        div.querySelector("span").textContent = String(n);
        return div;
      };
      return icon;
    };
  }

  Object.keys(config.layers || {}).forEach(function (kind) {
    var group = window[config.layers[kind]];
    if (group && group.options && KIND_COLOURS[kind]) group.options.iconCreateFunction = kindClusterIcon(kind);
  });

  function addFeatures(fc) {
    var perKind = {};
    fc.features.forEach(function (f) {
      (perKind[f.properties.kind] = perKind[f.properties.kind] || []).push(marker(f));
    });
    Object.keys(perKind).forEach(function (kind) {
      var group = window[config.layers[kind]];
      if (group) group.addLayers(perKind[kind]);
    });
  }

  function clearFeatures() {
    Object.keys(config.layers).forEach(function (kind) { window[config.layers[kind]].clearLayers(); });
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

  function showCount(shown, total, aggregated) {
    document.body.dataset.markers = String(shown);
    document.body.dataset.total = String(total);
    document.body.dataset.aggregated = aggregated ? "1" : "0";
    var en = config.lang === "en";
    setStatus(aggregated
      ? (en ? "Organisations in view: " : "表示範囲の組織: ") + total.toLocaleString() + (en ? " (grouped by area)" : "（地域ごとに集計）")
      : (en ? "Organisations shown: " : "表示中の組織: ") + shown.toLocaleString());
  }

  function restoreView() {
    // Shareable URLs: ?lat=&lon=&z= hold the view; kept up to date as the user moves.
    var params = new URLSearchParams(window.location.search);
    var lat = parseFloat(params.get("lat")), lon = parseFloat(params.get("lon")), z = parseInt(params.get("z"), 10);
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
    addLegend();
    if (config.sinet && window.AtlasSinet) window.AtlasSinet.overlay(map, window[config.sinet.group], config.sinet.api, config.lang);
    setStatus(config.lang === "en" ? "Loading…" : "読み込み中…");
    var cells = L.layerGroup().addTo(map);
    var serverMode = false;
    var pending = null;

    function query(withBox) {
      var params = new URLSearchParams({ zoom: String(map.getZoom()) });
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

    var prefectures = fetchJSON(config.api.prefectures).then(function (fc) { drawPrefectures(fc); });
    var organizations = fetchJSON(query(false)).then(function (fc) {
      // Few enough points: load them all once and let Leaflet.markercluster group them.
      // Many: the server aggregates, and each pan or zoom asks for the new view.
      serverMode = fc.aggregated;
      render(fc);
      map.on("moveend", refresh);
    });
    return Promise.all([prefectures, organizations]);
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
    setStatus((config.lang === "en" ? "Could not load map data: " : "地図データを読み込めませんでした: ") + err.message);
    document.body.dataset.mapReady = "error";
    console.error(err);
  });
}());
