"""Charts drawn on the server as inline SVG: no chart library, nothing from a CDN.

Every label passes through :func:`markupsafe.escape`; numbers are formatted by us.
"""
from __future__ import annotations

import math
from collections.abc import Sequence

from markupsafe import Markup, escape


def _point(cx: float, cy: float, radius: float, index: int, count: int) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count  # first axis points up, then clockwise
    return cx + radius * math.cos(angle), cy + radius * math.sin(angle)


def _polygon(points: Sequence[tuple[float, float]]) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


def radar_svg(axes: Sequence[tuple[str, float]], *, title: str, size: int = 360,
              floor: float | None = None) -> Markup:
    """A radar chart of percentages (0-100), one axis per ``(label, percent)``.

    ``floor`` draws a dashed ring (e.g. the next tier's per-viewpoint minimum).
    """
    count = max(len(axes), 3)
    width = size + 360  # room for the labels left and right
    cx, cy = width / 2, size / 2
    radius = size / 2 - 40
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {size}" width="{width}" height="{size}" '
        f'role="img" aria-labelledby="radar-title" class="radar">',
        f'<title id="radar-title">{escape(title)}</title>',
    ]
    for ring in (25, 50, 75, 100):
        ring_points = [_point(cx, cy, radius * ring / 100, i, count) for i in range(count)]
        parts.append(f'<polygon points="{_polygon(ring_points)}" fill="none" stroke="#d5d8dc" stroke-width="1"/>')
    if floor:
        ring_points = [_point(cx, cy, radius * floor / 100, i, count) for i in range(count)]
        parts.append(f'<polygon points="{_polygon(ring_points)}" fill="none" stroke="#b9770e" '
                     f'stroke-dasharray="4 3" stroke-width="1.5" class="radar-floor"/>')
    for i, (label, percent) in enumerate(axes):
        x, y = _point(cx, cy, radius, i, count)
        parts.append(f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}" stroke="#aab7b8"/>')
        lx, ly = _point(cx, cy, radius + 18, i, count)
        anchor = "middle" if abs(lx - cx) < 1 else ("start" if lx > cx else "end")
        parts.append(f'<text x="{lx:.1f}" y="{ly:.1f}" text-anchor="{anchor}" dominant-baseline="middle" '
                     f'font-size="12">{escape(label)} {percent:.0f}%</text>')
    values = [_point(cx, cy, radius * max(0.0, min(100.0, p)) / 100, i, count) for i, (_, p) in enumerate(axes)]
    parts.append(f'<polygon points="{_polygon(values)}" fill="rgba(26,82,118,.25)" stroke="#1a5276" '
                 f'stroke-width="2" class="radar-value"/>')
    parts.extend(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="#1a5276"/>' for x, y in values)
    parts.append("</svg>")
    return Markup("".join(parts))
