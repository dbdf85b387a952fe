"""The SINET figures the equipment feature shows, asked through hooks (``network.path``,
``network.latency``) that the collaboration feature registers: this package never imports it.

Every figure is an estimate of a modelled backbone; the answers carry ``modelled`` and the
notice that says so.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_babel import lazy_gettext as _l

from hubs.core.errors import FieldError, ParameterError
from hubs.core.registry import hooks


def _provider(hook: str, parameter: str) -> Any:
    functions = hooks(hook)
    if not functions:
        message = _l("SINET estimates are not available on this portal.")
        raise ParameterError(parameter, message, [FieldError(parameter, "unavailable", message)])
    return functions[0]


def latencies(origin_id: int, org_ids: Iterable[int], lang: str, parameter: str = "within_ms") -> dict[str, Any]:
    """``{"latency_ms": {org id: ms or None}, "modelled": bool, "notice": str}`` from ``origin_id``."""
    answer: dict[str, Any] = _provider("network.latency", parameter)(origin_id, list(org_ids), lang)
    return answer


def path(a_id: int, b_id: int, lang: str, parameter: str = "machine") -> dict[str, Any]:
    """The SINET path between two organisations as a GeoJSON Feature (see ``/api/v1/paths``)."""
    feature: dict[str, Any] = _provider("network.path", parameter)(a_id, b_id, lang)
    return feature
