"""Extension points: how a feature adds to a part of the portal that must not import it.

A part that can be extended names a hook (``"organization.properties"``, ``"seed.steps"``)
and calls :func:`hooks`; a feature adds to it in its ``init_app`` with :func:`register`.
Hooks are kept per application, so two apps in one process (tests) never share them.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, current_app

_KEY = "atlas.hooks"


def register(app: Flask, hook: str, function: Callable[..., Any]) -> None:
    """Add ``function`` to ``hook`` of ``app``; each function once, in registration order."""
    functions = app.extensions.setdefault(_KEY, {}).setdefault(hook, [])
    if function not in functions:
        functions.append(function)


def hooks(hook: str, app: Flask | None = None) -> list[Callable[..., Any]]:
    """The functions registered for ``hook`` (the current app's unless ``app`` is given)."""
    return list((app or current_app).extensions.get(_KEY, {}).get(hook, ()))
