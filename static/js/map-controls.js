/* Innovation Hub Atlas: names for the controls of every Leaflet map on the page.
 *
 * Loaded in the page header by hubs/maps.py; runs once the document is parsed, when folium's
 * inline script has built the map and its zoom and layer controls. Leaflet names them in
 * English only ("Zoom in", "Layers"); a Japanese page gets Japanese names, and the map itself
 * (focusable for keyboard panning) gets a name that says how to use it.
 */
(function () {
  "use strict";

  // Helpers every map script of the portal shares (loaded first, in the page header).
  window.AtlasDom = {
    // An element whose text is set with textContent: user data never becomes HTML.
    el: function (tag, text, className) {
      var node = document.createElement(tag);
      if (text !== undefined && text !== null) node.textContent = String(text);
      if (className) node.className = className;
      return node;
    },
    // Links in popups only ever point into this portal.
    localPath: function (url) {
      return typeof url === "string" && url.charAt(0) === "/" && url.charAt(1) !== "/" ? url : "#";
    },
    // JSON from the portal's API; an error carries the problem's message and the status.
    fetchJSON: function (url) {
      return fetch(url, { headers: { Accept: "application/geo+json, application/json" } }).then(function (r) {
        if (!r.ok) {
          return r.json().catch(function () { return {}; }).then(function (body) {
            var error = new Error((body && (body.detail || body.message)) || (url + ": HTTP " + r.status));
            error.status = r.status;
            throw error;
          });
        }
        return r.json();
      });
    }
  };

  function label(node, text) {
    if (!node) return;
    node.setAttribute("aria-label", text);
    node.setAttribute("title", text);
  }

  function name(container) {
    var t = window.AtlasText;
    container.setAttribute("role", "region");
    container.setAttribute("aria-label", t("map.name"));
    label(container.querySelector(".leaflet-control-zoom-in"), t("map.zoom_in"));
    label(container.querySelector(".leaflet-control-zoom-out"), t("map.zoom_out"));
    label(container.querySelector(".leaflet-control-layers-toggle"), t("map.layers"));
    var list = container.querySelector(".leaflet-control-layers-list");
    if (list) {
      list.setAttribute("role", "group");
      list.setAttribute("aria-label", t("map.layer_list"));
    }
  }

  function foldOnPhones(container) {
    // An open layer list covers half of a phone's map: start it folded behind Leaflet's
    // toggle (which opens it on tap or Enter), and fold it again on a tap on the map or Escape.
    var control = container.querySelector(".leaflet-control-layers-expanded");
    if (!control || !window.matchMedia("(max-width: 640px)").matches) return;
    function fold() { control.classList.remove("leaflet-control-layers-expanded"); }
    fold();
    container.addEventListener("click", function (event) { if (!control.contains(event.target)) fold(); });
    control.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      fold();
      var toggle = control.querySelector(".leaflet-control-layers-toggle");
      if (toggle) toggle.focus();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".leaflet-container").forEach(function (container) {
      name(container);
      foldOnPhones(container);
    });
  });
}());
