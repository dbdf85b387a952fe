"""The equipment page's map: folium lays out an empty layer of labs, ``static/js/equipment-map.js``
fills it from the JSON twin (EPSG:4326 lon/lat points, all text through ``textContent``)."""
from __future__ import annotations

from typing import Any

import folium
from flask_babel import force_locale, gettext as _

from hubs.organizations.maps import JAPAN_BOUNDS, MapPage, base_map, map_page


def equipment_map(tiles: str, lang: str, config: dict[str, Any]) -> MapPage:
    """Japan with one layer: the sites holding the machines found."""
    fmap = base_map(tiles, lang, location=[37.5, 137.5], zoom_start=5, minZoom=4)
    with force_locale(lang):
        labs = folium.FeatureGroup(name=_("Sites with equipment")).add_to(fmap)
    fmap.fit_bounds(JAPAN_BOUNDS)
    config.update(lang=lang, layers={"labs": labs.get_name()})
    return map_page(fmap, config)
