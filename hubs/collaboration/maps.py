"""The path page's folium map: laid out empty, filled by ``static/js/sinet-paths.js``.

As on the national map (:mod:`hubs.organizations.maps`), folium only builds the map, the empty layers and
the layer control with every asset served by the app; the browser fetches the backbone
and the route from the JSON API and draws them, escaping all text.
"""
from __future__ import annotations

from typing import Any

import folium
from flask_babel import force_locale, gettext as _

from flask import url_for

from hubs.organizations.maps import JAPAN_BOUNDS, MapPage, base_map, map_page


def path_map(tiles: str, lang: str, api: dict[str, str | None]) -> MapPage:
    """A map of Japan with the backbone, the backup route, the main route and both ends.

    Parameters
    ----------
    tiles
        ``none``, ``gsi`` or ``osm``.
    lang
        ``ja`` or ``en``, for layer names.
    api
        URLs the browser fetches: ``nodes``, ``links`` and ``path`` (None when no pair is
        chosen yet).
    """
    fmap = base_map(tiles, lang, location=[37.5, 137.5], zoom_start=5, minZoom=4)
    with force_locale(lang):
        groups: dict[str, Any] = {
            "backbone": folium.FeatureGroup(name=_("SINET backbone (model)")),
            "backup": folium.FeatureGroup(name=_("Backup path")),
            "route": folium.FeatureGroup(name=_("Main path")),
            "ends": folium.FeatureGroup(name=_("Organisations")),
        }
    for group in groups.values():
        group.add_to(fmap)
    folium.LayerControl(collapsed=False).add_to(fmap)
    # No folium fit_bounds: its animated zoom would still be running when the script fits
    # the route, and Leaflet ignores a zoom requested during another. The script fits.
    return map_page(fmap, {"layers": {k: g.get_name() for k, g in groups.items()}, "api": api, "lang": lang,
                        "japan": JAPAN_BOUNDS})


def sinet_overlay(lang: str) -> dict[str, Any]:
    """The backbone as an overlay of the national map (hook ``map.overlays``)."""
    with force_locale(lang):
        name = _("SINET backbone (model)")
    return {
        "key": "sinet",
        "name": name,
        "script": url_for("static", filename="js/sinet-layer.js"),
        "api": {"nodes": url_for("collaboration_api.sinet_nodes", lang=lang),
                "links": url_for("collaboration_api.sinet_links", lang=lang)},
    }


def partner_map(tiles: str, lang: str, api: str) -> MapPage:
    """The partner finder's results on a map: the organisation looking, the candidates by rank and
    any alternatives outside the filters (``static/js/partners-map.js`` draws them from ``api``)."""
    fmap = base_map(tiles, lang, location=[37.5, 137.5], zoom_start=5, minZoom=4)
    with force_locale(lang):
        groups = {"candidates": folium.FeatureGroup(name=_("Candidates")),
                  "alternatives": folium.FeatureGroup(name=_("Outside the filters")),
                  "origin": folium.FeatureGroup(name=_("Organisation looking for partners"))}
    for group in groups.values():
        group.add_to(fmap)
    # The script fits the view to the answer (as in path_map: no folium fit_bounds before it).
    return map_page(fmap, {"layers": {k: g.get_name() for k, g in groups.items()}, "api": api, "lang": lang})
