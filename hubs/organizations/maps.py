"""Folium maps of the portal, built empty and filled by the browser from the JSON API.

folium would inline every marker into the page (10,000 markers ≈ 10 MB) and load its
assets from public CDNs; here it only lays out the map, its layers and the layer control,
with every asset served by the app. ``static/js/atlas-map.js`` then fetches the points and
boundaries and draws them, escaping all text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import folium
from flask_babel import force_locale, gettext as _
from branca.element import JavascriptLink
from flask import url_for
from folium.plugins import MarkerCluster

from hubs.core.config import TILE_SOURCES
from hubs.core.registry import hooks
from hubs.organizations.vocabulary import KINDS, label

#: folium's own viewport tag forbids zooming (``user-scalable=no``), which fails WCAG 1.4.4;
#: base.html already sends a viewport that lets people zoom.
_FOLIUM_VIEWPORT = re.compile(r"<meta\s+name=\"viewport\"[^>]*>\s*")

#: Japan's main islands and Okinawa, EPSG:4326 [[south, west], [north, east]].
JAPAN_BOUNDS = [[24.0, 122.5], [45.8, 146.0]]


@dataclass(frozen=True)
class MapPage:
    """The pieces of a rendered folium map, for a Jinja template to place."""

    header: str
    html: str
    script: str
    config: dict[str, Any]


def _local_assets(element: folium.MacroElement, js: list[tuple[str, str]], css: list[tuple[str, str]]) -> None:
    # Instance attributes shadow folium's class-level CDN lists.
    element.default_js = js
    element.default_css = css


def base_map(tiles: str, lang: str, **options: Any) -> folium.Map:
    """An empty folium map with locally served assets and the configured tiles, if any."""
    # folium hands min/max zoom only to a tile layer; with no tiles the map itself needs
    # them (Leaflet.markercluster refuses a map without maxZoom).
    # Quarter zoom steps let a view fit Japan (or a route) closely at any window size.
    fmap = folium.Map(tiles=None, maxZoom=18, zoom_snap=0.25, **options)
    _local_assets(
        fmap,
        [("leaflet", url_for("assets.static", package="leaflet", filename="leaflet.js"))],
        [("leaflet_css", url_for("assets.static", package="leaflet", filename="leaflet.css"))],
    )
    # Names the zoom and layer controls in the page's language (static/js/map-controls.js).
    fmap.get_root().header.add_child(JavascriptLink(url_for("static", filename="js/map-controls.js")),
                                     name="map_controls")
    # Prefecture outlines and place names by zoom, from the portal's own data: readable offline.
    fmap.get_root().header.add_child(JavascriptLink(url_for("static", filename="js/base-layer.js")),
                                     name="base_layer")
    if tiles in TILE_SOURCES:
        source = TILE_SOURCES[tiles]
        with force_locale(lang):
            name = "OpenStreetMap" if tiles == "osm" else _("GSI tiles")
        folium.TileLayer(
            source["url"], attr=source["attribution"], name=name,
            overlay=False, control=False, max_zoom=18,
        ).add_to(fmap)
    return fmap


def map_page(fmap: folium.Map, config: dict[str, Any]) -> MapPage:
    """Render ``fmap`` into the pieces a template places; ``config`` goes to the page's script."""
    figure = fmap.get_root()
    figure.render()
    config["map"] = fmap.get_name()
    header = _FOLIUM_VIEWPORT.sub("", figure.header.render())
    return MapPage(header, figure.html.render(), figure.script.render(), config)


def national_map(tiles: str, lang: str, api: dict[str, str]) -> MapPage:
    """The national map: prefecture boundaries and one clustered layer per organisation kind.

    Parameters
    ----------
    tiles
        ``none``, ``gsi`` or ``osm`` (see :data:`hubs.core.config.TILE_SOURCES`).
    lang
        ``ja`` or ``en``, for layer names.
    api
        URLs the browser fetches: ``organizations`` and ``prefectures``.
    """
    fmap = base_map(tiles, lang, location=[37.5, 137.5], zoom_start=5, minZoom=4, max_bounds=True,
                     min_lat=JAPAN_BOUNDS[0][0] - 5, max_lat=JAPAN_BOUNDS[1][0] + 5,
                     min_lon=JAPAN_BOUNDS[0][1] - 8, max_lon=JAPAN_BOUNDS[1][1] + 8)
    # One cluster group for every kind (sites of different kinds never hide each other; each
    # cluster's ring shows its mix of kinds); per kind, an empty layer in the control is the
    # switch that adds or takes out that kind's points (static/js/atlas-map.js).
    cluster = MarkerCluster(name="organizations", control=False, options={"maxClusterRadius": 50}).add_to(fmap)
    _local_assets(
        cluster,
        [("markerclusterjs", url_for("assets.static", package="leaflet_markercluster",
                                     filename="leaflet.markercluster.js"))],
        [("markerclustercss", url_for("assets.static", package="leaflet_markercluster",
                                      filename="MarkerCluster.css")),
         ("markerclusterdefaultcss", url_for("assets.static", package="leaflet_markercluster",
                                             filename="MarkerCluster.Default.css"))],
    )
    layers = {kind: folium.FeatureGroup(name=label(KINDS, kind, lang)).add_to(fmap).get_name() for kind in KINDS}
    # Features' overlays (the SINET backbone), off by default; each one's script draws it.
    overlays = {}
    for provide in hooks("map.overlays"):
        overlay = provide(lang)
        group = folium.FeatureGroup(name=overlay["name"], show=False).add_to(fmap)
        fmap.get_root().header.add_child(JavascriptLink(overlay["script"]), name=f"{overlay['key']}_layer")
        overlays[overlay["key"]] = {"group": group.get_name(), "api": overlay["api"]}
    folium.LayerControl(collapsed=False).add_to(fmap)
    fmap.fit_bounds(JAPAN_BOUNDS)
    return map_page(fmap, {
        **overlays,
        "layers": layers, "cluster": cluster.get_name(), "kindLabels": {k: label(KINDS, k, lang) for k in KINDS},
        "api": api, "lang": lang,
    })


def organization_map(tiles: str, lang: str, feature: dict[str, Any], prefecture_url: str) -> MapPage:
    """A small map centred on one organisation, with its prefecture's boundary."""
    lon, lat = feature["geometry"]["coordinates"]
    fmap = base_map(tiles, lang, location=[lat, lon], zoom_start=9)
    prefectures = folium.FeatureGroup(name="prefecture").add_to(fmap)
    points = folium.FeatureGroup(name="organization").add_to(fmap)
    return map_page(fmap, {
        "feature": feature, "layers": {"point": points.get_name()}, "prefectures": prefectures.get_name(),
        "api": {"prefectures": prefecture_url}, "lang": lang,
    })
