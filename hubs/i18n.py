"""Language: Japanese first, English on request.

``?lang=en`` or ``?lang=ja`` chooses and is remembered in the session; without a choice
the browser's ``Accept-Language`` decides; Japanese is the default.
"""
from __future__ import annotations

from flask import Flask, request, session
from flask_babel import Babel, get_locale

LANGUAGES = ("ja", "en")

babel = Babel()


def select_locale() -> str:
    chosen = request.args.get("lang")
    if chosen in LANGUAGES:
        session["lang"] = chosen
        return chosen
    if session.get("lang") in LANGUAGES:
        return session["lang"]
    return request.accept_languages.best_match(LANGUAGES) or "ja"


def current_language() -> str:
    """``ja`` or ``en`` for the current request."""
    return str(get_locale() or "ja")[:2]


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale, default_translation_directories="../translations")
    app.jinja_env.globals["current_language"] = current_language
