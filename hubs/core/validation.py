"""Field-level input errors shared by the accounts and certification modules.

Every way in (HTML form, JSON API, file upload) reports problems the same way: a mapping
from field name to a list of problems, each with a code and a message in Japanese and
English. :func:`localised` picks the message for the person asking.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


def field_error(field: str, code: str, message_ja: str, message_en: str) -> dict[str, Any]:
    """One problem with one field, JSON-ready."""
    return {"field": field, "code": code, "message_ja": message_ja, "message_en": message_en}


class InvalidInput(ValueError):
    """Input rejected as a whole; nothing was saved. ``errors`` is keyed by field."""

    def __init__(self, errors: Mapping[str, Iterable[Mapping[str, Any]]], status: int = 422) -> None:
        self.errors = {key: [dict(e) for e in problems] for key, problems in errors.items()}
        self.status = status
        super().__init__("invalid input: " + ", ".join(sorted(self.errors)))

    @classmethod
    def single(cls, field: str, code: str, message_ja: str, message_en: str, status: int = 422) -> InvalidInput:
        return cls({field: [field_error(field, code, message_ja, message_en)]}, status)


def localised(errors: Mapping[str, Iterable[Mapping[str, Any]]], lang: str) -> dict[str, list[dict[str, Any]]]:
    """Add ``message`` in ``lang`` (``ja`` or ``en``) to every problem, keeping both originals."""
    out: dict[str, list[dict[str, Any]]] = {}
    for key, problems in errors.items():
        out[key] = [
            {**problem, "message": problem.get("message_en" if lang == "en" else "message_ja", "")}
            for problem in problems
        ]
    return out


def messages(errors: Mapping[str, Iterable[Mapping[str, Any]]], lang: str) -> dict[str, list[str]]:
    """``{field: [message, ...]}`` in ``lang``, for forms."""
    return {key: [p["message"] for p in problems] for key, problems in localised(errors, lang).items()}
