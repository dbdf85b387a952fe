"""The equipment page's map: folium lays out an empty layer of labs, ``static/js/equipment-map.js``
fills it from the JSON twin (EPSG:4326 lon/lat points, all text through ``textContent``)."""
from __future__ import annotations

from typing import Any

import folium
from flask_babel import force_locale, gettext as _
from markupsafe import escape

from hubs.organizations.maps import JAPAN_BOUNDS, MapPage, base_map, map_page


def equipment_map(tiles: str, lang: str, config: dict[str, Any]) -> MapPage:
    """Japan with one layer: the sites holding the machines found."""
    fmap = base_map(tiles, lang, location=[37.5, 137.5], zoom_start=5, minZoom=4)
    with force_locale(lang):
        labs = folium.FeatureGroup(name=_("Sites with equipment")).add_to(fmap)
    # The script fits the view, to the sites found or to Japan: a folium fit_bounds would still
    # be animating when the answer arrives, and Leaflet undoes a fit made during it.
    config.update(lang=lang, layers={"labs": labs.get_name()}, japan=JAPAN_BOUNDS)
    return map_page(fmap, config)


def _tooltip(text: str) -> folium.Tooltip:
    """A tooltip showing ``text`` as text: folium puts it into a JavaScript template literal as HTML,
    so it is HTML-escaped and the characters a template literal reads (` $ \\) become entities."""
    html = str(escape(text)).replace("\\", "&#92;").replace("`", "&#96;").replace("$", "&#36;")
    return folium.Tooltip(html)


def testbed_map(tiles: str, lang: str, testbed: dict[str, Any] | None) -> MapPage:
    """A testbed's sites and the modelled SINET paths between them, drawn by folium itself (no
    fetch: the page already holds the answer). Names reach the map escaped."""
    fmap = base_map(tiles, lang, location=[37.5, 137.5], zoom_start=5, minZoom=4)
    with force_locale(lang):
        paths = folium.FeatureGroup(name=_("SINET paths (modelled)")).add_to(fmap)
        sites = folium.FeatureGroup(name=_("Testbed sites")).add_to(fmap)
        points = []
        for site in (testbed or {}).get("sites", []):
            label = _("%(name)s: %(n)s machines", name=site["name"], n=len(site["machines"]))
            folium.CircleMarker([site["lat"], site["lon"]], radius=8, color="#b03a2e", weight=2, fill=True,
                                fill_opacity=0.7, tooltip=_tooltip(label)).add_to(sites)
            points.append([site["lat"], site["lon"]])
        for link in (testbed or {}).get("links", []):
            if not link["coordinates"]:
                continue
            label = _("%(a)s – %(b)s: %(ms)s ms, %(gbps)s Gbps (modelled)", a=link["from_name"],
                      b=link["to_name"], ms=link["latency_ms"], gbps=link["bottleneck_gbps"])
            folium.PolyLine([[lat, lon] for lon, lat in link["coordinates"]], color="#1f618d", weight=3,
                            dash_array="6 4", tooltip=_tooltip(label)).add_to(paths)
            points.extend([lat, lon] for lon, lat in link["coordinates"])
    folium.LayerControl(collapsed=False).add_to(fmap)
    if points:
        lats, lons = [p[0] for p in points], [p[1] for p in points]
        fmap.fit_bounds([[min(lats), min(lons)], [max(lats), max(lons)]], padding=(20, 20), max_zoom=10)
    else:
        fmap.fit_bounds(JAPAN_BOUNDS)
    return map_page(fmap, {"lang": lang, "layers": {"paths": paths.get_name(), "sites": sites.get_name()}})
