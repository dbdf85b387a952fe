"""Folium maps of the exploration pages, built empty and filled by ``static/js/explore-map.js``.

Like the national map (:mod:`hubs.organizations.maps`), folium only lays out the map and its layers with
locally served assets; the browser fetches prefecture polygons, choropleth values,
clusters and areas from the JSON API.
"""
from __future__ import annotations

from typing import Any

import folium
from flask_babel import force_locale, gettext as _

from hubs.organizations.maps import JAPAN_BOUNDS, MapPage, base_map, map_page


def explore_map(tiles: str, lang: str, config: dict[str, Any]) -> MapPage:
    """The choropleth map with layers for clusters and innovation areas."""
    fmap = base_map(tiles, lang, location=[37.5, 137.5], zoom_start=5, minZoom=4)
    with force_locale(lang):
        layers = {
            "choropleth": folium.FeatureGroup(name=_("Choropleth")).add_to(fmap),
            "areas": folium.FeatureGroup(name=_("Innovation areas")).add_to(fmap),
            "clusters": folium.FeatureGroup(name=_("Clusters")).add_to(fmap),
        }
    folium.LayerControl(collapsed=True).add_to(fmap)
    fmap.fit_bounds(JAPAN_BOUNDS)
    config.update(mode="explore", lang=lang, layers={k: v.get_name() for k, v in layers.items()})
    return map_page(fmap, config)


def cluster_map(tiles: str, lang: str, config: dict[str, Any]) -> MapPage:
    """A small map of one cluster: its hull, members, nearest AIST centre and SINET node."""
    lon, lat = config["cluster"]["centroid"]
    fmap = base_map(tiles, lang, location=[lat, lon], zoom_start=10)
    layer = folium.FeatureGroup(name="cluster").add_to(fmap)
    config.update(mode="cluster", lang=lang, layers={"cluster": layer.get_name()})
    return map_page(fmap, config)


def region_map(tiles: str, lang: str, config: dict[str, Any]) -> MapPage:
    """One 産技連 region: its prefectures (those with no innovation hub marked) and its
    organisations by kind, fitted to the region; ``static/js/region-map.js`` fills it."""
    fmap = base_map(tiles, lang, location=[37.5, 137.5], zoom_start=6, minZoom=4)
    with force_locale(lang):
        layers = {
            "prefectures": folium.FeatureGroup(name=_("Prefectures of the region")).add_to(fmap),
            "organisations": folium.FeatureGroup(name=_("Organisations")).add_to(fmap),
        }
    folium.LayerControl(collapsed=True).add_to(fmap)
    config.update(mode="region", lang=lang, layers={k: v.get_name() for k, v in layers.items()})
    return map_page(fmap, config)
