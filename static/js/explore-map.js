/* Innovation Hub Atlas: the exploration map and the cluster page's map.
 *
 * folium lays out the map and empty layers; this script fetches prefecture polygons
 * (/api/v1/prefectures, cached by ETag), the choropleth numbers with their server-computed
 * classes and colours (/api/v1/choropleth), the specialisation ranking, clusters and
 * innovation areas, and draws them. All text reaches the page through textContent.
 */
(function () {
  "use strict";
  var el = window.AtlasDom.el, localPath = window.AtlasDom.localPath, fetchJSON = window.AtlasDom.fetchJSON;

  var config = JSON.parse(document.getElementById("explore-config").textContent);
  var map = window[config.map];
  var en = config.lang === "en";
  var KIND_COLOURS = {
    aist_centre: "#c0392b", aist_oil: "#e67e22", public_lab: "#2471a3", university: "#1e8449", hub: "#7d3c98",
    kosen: "#117864", national_rd: "#7d6608", inter_university: "#6e2c00", aist_joint_lab: "#a04000"
  };

  var t = window.AtlasText;



  function link(text, url) {
    var a = el("a", text);
    a.href = localPath(url);
    return a;
  }

  function fmt(n) {
    return typeof n === "number" ? n.toLocaleString(en ? "en" : "ja", { maximumFractionDigits: 2 }) : String(n);
  }


  function status(text) {
    var box = document.getElementById("explore-status");
    if (box) box.textContent = text;
  }

  function withLang(url) {
    return url + (url.indexOf("?") < 0 ? "?" : "&") + "lang=" + config.lang;
  }

  /* ---------------------------------------------------------------- choropleth */

  var polygons = null;     // L.geoJSON of the 47 prefectures
  var current = null;      // the choropleth data now drawn
  var legend = null;

  function legendControl() {
    var control = L.control({ position: "bottomleft" });
    control.onAdd = function () {
      this.box = el("div", null, "atlas-legend legend-choro");
      this.box.setAttribute("id", "choropleth-legend");
      L.DomEvent.disableClickPropagation(this.box);
      return this.box;
    };
    control.update = function (data) {
      var box = this.box;
      box.textContent = "";
      box.appendChild(el("strong", data.label));
      box.appendChild(el("div", data.unit, "note"));
      data.classes.forEach(function (c) {
        var row = el("div");
        var swatch = el("span", null, "swatch");
        swatch.style.background = c.colour;
        row.appendChild(swatch);
        // Classes are (lower, upper]; zero has its own grey class.
        row.appendChild(el("span", c.upper === 0 ? "0" : fmt(c.lower) + " < x ≤ " + fmt(c.upper)));
        box.appendChild(row);
      });
      if (data.synthetic) box.appendChild(el("div", t("explore.synthetic", { n: fmt(data.synthetic) }), "badge-synthetic"));
    };
    return control;
  }

  function tooltipFor(code) {
    var row = current && current.byCode[code];
    if (!row) return el("span", code);
    var box = el("div");
    box.appendChild(el("strong", row.name));
    box.appendChild(el("div", current.label + ": " + fmt(row.value)));
    if (current.measure === "per_100k") box.appendChild(el("div", t("explore.count_population", { n: fmt(row.count), population: fmt(row.population) })));
    if (row.certified !== undefined) box.appendChild(el("div", t("explore.certified_today", { n: fmt(row.certified) })));
    return box;
  }

  function restyle() {
    polygons.eachLayer(function (layer) {
      var row = current.byCode[layer.feature.properties.code];
      layer.setStyle({ fillColor: row ? row.colour : "#eeeeee" });
      layer.setTooltipContent(tooltipFor(layer.feature.properties.code));
      layer.getElement() && layer.getElement().setAttribute("data-value", row ? String(row.value) : "");
    });
  }

  function loadChoropleth(measure) {
    status(t("map.loading"));
    return fetchJSON(withLang(config.api.choropleth + "?measure=" + encodeURIComponent(measure))).then(function (data) {
      data.byCode = {};
      data.prefectures.forEach(function (p) { data.byCode[p.code] = p; });
      current = data;
      restyle();
      legend.update(data);
      document.getElementById("measure-counts").textContent = t("explore.counting", { what: data.counts, n: fmt(data.total) });
      var csv = document.getElementById("choropleth-csv");
      if (csv) csv.href = config.api.choropleth + "?format=csv&measure=" + encodeURIComponent(measure) + "&lang=" + config.lang;
      document.body.dataset.measure = measure;
      status("");
    });
  }

  function choroplethLayer() {
    return fetchJSON(config.api.prefectures).then(function (fc) {
      polygons = L.geoJSON(fc, {
        style: { color: "#5d6d7e", weight: 1, fillColor: "#eeeeee", fillOpacity: 0.75 },
        onEachFeature: function (feature, layer) {
          layer.bindTooltip(el("span", feature.properties.name), { sticky: true });
          layer.on("mouseover", function () { layer.setStyle({ weight: 2.5, color: "#17202a" }); });
          layer.on("mouseout", function () { layer.setStyle({ weight: 1, color: "#5d6d7e" }); });
        }
      });
      window[config.layers.choropleth].addLayer(polygons);
      legend = legendControl();
      legend.addTo(map);
      var select = document.getElementById("measure");
      select.addEventListener("change", function () {
        loadChoropleth(select.value).catch(fail);
      });
      return loadChoropleth(select.value || config.measure);
    });
  }

  /* ------------------------------------------------------------ specialisation */

  function loadSpecialisation() {
    var field = document.getElementById("lq-field").value;
    var strong = document.getElementById("lq-strong").checked;
    var params = new URLSearchParams({ lang: config.lang });
    if (field) params.set("field", field);
    if (strong) params.set("strong", "1");
    var csv = new URLSearchParams(params);
    csv.set("format", "csv");
    document.getElementById("lq-csv").href = config.api.specialisation + "?" + csv.toString();
    return fetchJSON(config.api.specialisation + "?" + params.toString()).then(function (data) {
      // The method and why a ★ is given, with this data's thresholds and the minimum size.
      document.getElementById("lq-method").textContent = data.method;
      var body = document.querySelector("#lq-table tbody");
      body.textContent = "";
      data.rows.slice(0, 50).forEach(function (row, i) {
        var tr = el("tr");
        tr.appendChild(el("td", i + 1));
        tr.appendChild(el("td", row.prefecture));
        tr.appendChild(el("td", row.field_label));
        tr.appendChild(el("td", fmt(row.count), "num"));
        tr.appendChild(el("td", row.lq.toFixed(2), "num"));
        var flag = el("td", row.strong ? "★" : "", row.strong ? "strong-flag" : "");
        if (row.strong) flag.title = data.strong_rule;
        tr.appendChild(flag);
        body.appendChild(tr);
      });
      if (data.rows.length > 50) {
        var more = el("tr");
        var cell = el("td", t("explore.top50", { n: fmt(data.rows.length) }), "note");
        cell.colSpan = 6;
        more.appendChild(cell);
        body.appendChild(more);
      }
    });
  }

  /* ------------------------------------------------------------------- clusters */

  function clusterQuery() {
    var form = document.getElementById("cluster-form");
    var params = new URLSearchParams();
    params.set("radius_km", form.radius_km.value);
    params.set("min_size", form.min_size.value);
    var kinds = [], fields = [];
    form.querySelectorAll("input[name=kind]:checked").forEach(function (i) { kinds.push(i.value); });
    form.querySelectorAll("input[name=field]:checked").forEach(function (i) { fields.push(i.value); });
    if (kinds.length) params.set("kind", kinds.join(","));
    if (fields.length) params.set("field", fields.join(","));
    return params;
  }

  function mainKinds(counts) {
    return Object.keys(counts).sort(function (a, b) { return counts[b] - counts[a]; }).slice(0, 2).map(function (k) {
      return (config.kindLabels && config.kindLabels[k]) || k;
    }).join(t("list.separator"));
  }

  function loadClusters() {
    var params = clusterQuery();
    params.set("lang", config.lang);
    var group = window[config.layers.clusters];
    var summary = document.getElementById("cluster-summary");
    summary.textContent = t("explore.detecting");
    return fetchJSON(config.api.clusters + "?" + params.toString()).then(function (fc) {
      group.clearLayers();
      var layer = L.geoJSON(fc, {
        style: { color: "#b03a2e", weight: 2, fillColor: "#f5b7b1", fillOpacity: 0.25, dashArray: null },
        onEachFeature: function (feature, lyr) {
          var p = feature.properties;
          var box = el("div", null, "atlas-popup");
          box.appendChild(el("strong", t("explore.cluster", { id: p.cluster_id, prefecture: p.prefecture })));
          box.appendChild(el("div", t("explore.members", { n: fmt(p.size) })));
          if (p.synthetic_members) box.appendChild(el("div", t("explore.of_which_synthetic", { n: fmt(p.synthetic_members) }), "badge-synthetic"));
          box.appendChild(link(t("explore.cluster_page"), p.url));
          lyr.bindPopup(box);
          lyr.bindTooltip(el("span", t("explore.cluster_tooltip", { id: p.cluster_id, n: fmt(p.size) })));
        }
      });
      group.addLayer(layer);
      summary.textContent = t("explore.clusters", { n: fmt(fc.total_clusters), members: fmt(fc.clustered_organisations) }) +
        (fc.truncated ? t("explore.largest_shown") : "") + ". " + fc.method;
      var body = document.querySelector("#cluster-table tbody");
      body.textContent = "";
      fc.features.slice(0, 15).forEach(function (f) {
        var p = f.properties;
        var tr = el("tr");
        var first = el("td");
        first.appendChild(link(String(p.cluster_id), p.url));
        tr.appendChild(first);
        tr.appendChild(el("td", p.prefecture));
        tr.appendChild(el("td", fmt(p.size), "num"));
        tr.appendChild(el("td", mainKinds(p.counts_by_kind)));
        body.appendChild(tr);
      });
      document.body.dataset.clusters = String(fc.features.length);
    }).catch(function (err) {
      summary.textContent = err.message;
      throw err;
    });
  }

  /* ----------------------------------------------------------------------- areas */

  function loadAreas() {
    return fetchJSON(withLang(config.api.areas)).then(function (fc) {
      var layer = L.geoJSON(fc, {
        style: { color: "#6c3483", weight: 2, dashArray: "6 4", fillOpacity: 0.05 },
        onEachFeature: function (feature, lyr) {
          var p = feature.properties;
          var box = el("div");
          box.appendChild(el("strong", p.name));
          box.appendChild(el("div", t("explore.organisations_area", { n: fmt(p.stats.organisations), area: fmt(p.stats.area_km2) })));
          if (p.modelled) box.appendChild(el("div", t("explore.outline_modelled"), "badge-modelled"));
          lyr.bindTooltip(box, { sticky: true });
        }
      });
      window[config.layers.areas].addLayer(layer);
      var list = document.getElementById("areas-list");
      list.textContent = "";
      fc.features.forEach(function (f) {
        var p = f.properties;
        var section = el("div");
        var head = el("p");
        head.appendChild(el("strong", p.name + " "));
        if (p.modelled) head.appendChild(el("span", t("explore.modelled"), "badge-modelled"));
        section.appendChild(head);
        var facts = el("p", t("explore.area_facts", { n: fmt(p.stats.organisations),
          fields: p.focus_field_labels.join(t("list.separator")), focus: fmt(p.stats.in_focus_fields) }) +
          " · " + fmt(p.stats.area_km2) + " km² · " +
          p.stats.by_kind.map(function (k) { return k.label + " " + fmt(k.count); }).join(t("list.separator")), "note");
        section.appendChild(facts);
        if (p.stats.synthetic) section.appendChild(el("p", t("explore.of_which_synthetic", { n: fmt(p.stats.synthetic) }), "badge-synthetic"));
        section.appendChild(el("p", p.source, "note"));
        list.appendChild(section);
      });
    });
  }

  function fail(err) {
    status(t("explore.failed", { error: err.message }));
    console.error(err);
  }

  function explore() {
    var form = document.getElementById("cluster-form");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      loadClusters().catch(function (err) { console.error(err); });
      var params = clusterQuery();
      params.set("measure", document.getElementById("measure").value);
      history.replaceState(null, "", "?" + params.toString());
    });
    document.getElementById("lq-field").addEventListener("change", function () { loadSpecialisation().catch(fail); });
    document.getElementById("lq-strong").addEventListener("change", function () { loadSpecialisation().catch(fail); });
    return Promise.all([choroplethLayer(), loadSpecialisation(), loadClusters(), loadAreas()]);
  }

  /* ------------------------------------------------------------- cluster page */

  function clusterPage() {
    var c = config.cluster;
    var group = window[config.layers.cluster];
    var hull = L.geoJSON(c.geometry, { style: { color: "#b03a2e", weight: 2, fillColor: "#f5b7b1", fillOpacity: 0.25 } });
    group.addLayer(hull);
    c.members.forEach(function (m) {
      var marker = L.circleMarker([m.lat, m.lon], {
        radius: 5, color: "#ffffff", weight: 1, fillOpacity: 0.9, fillColor: KIND_COLOURS[m.kind] || "#555555"
      });
      marker.bindTooltip(el("span", m.synthetic ? t("explore.synthetic_name", { name: m.name }) : m.name));
      group.addLayer(marker);
    });
    var bounds = hull.getBounds();
    if (c.aist) {
      var aist = L.circleMarker([c.aist.lat, c.aist.lon], { radius: 8, color: "#17202a", weight: 2, fillColor: KIND_COLOURS.aist_centre, fillOpacity: 1 });
      aist.bindTooltip(el("span", c.aist.name + " (" + c.aist.distance_km + " km)"));
      group.addLayer(aist);
      bounds.extend([c.aist.lat, c.aist.lon]);
    }
    if (c.sinet) {
      var node = L.circleMarker([c.sinet.lat, c.sinet.lon], { radius: 7, color: "#154360", weight: 2, fillColor: "#5dade2", fillOpacity: 1 });
      node.bindTooltip(el("span", "SINET: " + c.sinet.name));
      group.addLayer(node);
      bounds.extend([c.sinet.lat, c.sinet.lon]);
    }
    map.fitBounds(bounds, { padding: [20, 20] });
    return Promise.resolve();
  }

  /* -------------------------------------------------------------- region page */

  // A region's prefectures (those with no innovation hub tinted) and its organisations by kind,
  // fitted to the region. Many organisations (synthetic load) come as grid-cell counts.
  function regionPage() {
    var codes = {}, lacking = {};
    config.codes.forEach(function (c) { codes[c] = true; });
    config.lackingHub.forEach(function (c) { lacking[c] = true; });
    var prefectures = fetchJSON(withLang(config.api.prefectures)).then(function (fc) {
      var layer = L.geoJSON({ type: "FeatureCollection", features: fc.features.filter(function (f) {
        return codes[f.properties.code];
      }) }, {
        style: function (f) {
          return { color: "#1a5276", weight: 2, fillColor: lacking[f.properties.code] ? "#f5cba7" : "#d6eaf8", fillOpacity: 0.45 };
        },
        onEachFeature: function (feature, lyr) {
          var p = feature.properties, box = el("div");
          box.appendChild(el("strong", p.name));
          box.appendChild(el("div", t("region.organisations", { n: fmt(p.total) })));
          if (lacking[p.code]) box.appendChild(el("div", t("region.no_hub")));
          lyr.bindTooltip(box, { sticky: true });
        }
      });
      window[config.layers.prefectures].addLayer(layer);
      map.fitBounds(layer.getBounds(), { padding: [10, 10] });
    });
    var organisations = fetchJSON(withLang(config.api.organizations)).then(function (fc) {
      var group = window[config.layers.organisations];
      fc.features.forEach(function (f) {
        var p = f.properties, c = f.geometry.coordinates, marker;
        if (fc.aggregated) {
          marker = L.circleMarker([c[1], c[0]], { radius: 6 + Math.min(Math.log(p.count + 1) * 2, 14), color: "#ffffff",
            weight: 1, fillColor: "#566573", fillOpacity: 0.8 });
          marker.bindTooltip(el("span", t("region.organisations", { n: fmt(p.count) })));
        } else {
          marker = L.circleMarker([c[1], c[0]], { radius: p.kind === "hub" || p.kind === "aist_centre" ? 7 : 5,
            color: "#ffffff", weight: 1, fillOpacity: 0.9, fillColor: KIND_COLOURS[p.kind] || "#555555" });
          var box = el("div", null, "atlas-popup");
          box.appendChild(el("strong", p.synthetic ? t("explore.synthetic_name", { name: p.name }) : p.name));
          box.appendChild(el("div", p.kind_label));
          box.appendChild(link(t("map.details"), p.url));
          marker.bindPopup(box);
          marker.bindTooltip(el("span", p.name));
        }
        group.addLayer(marker);
      });
      document.body.dataset.regionPoints = String(fc.features.length);
    });
    return Promise.all([prefectures, organisations]);
  }

  (config.mode === "cluster" ? clusterPage() : config.mode === "region" ? regionPage() : explore()).then(function () {
    document.body.dataset.exploreReady = "1";
  }).catch(function (err) {
    fail(err);
    document.body.dataset.exploreReady = "error";
  });
}());
