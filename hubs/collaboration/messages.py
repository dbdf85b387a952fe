"""The SINET engine's message codes in the reader's language.

:mod:`geo.sinet` says what it found as codes with parameters (see :mod:`geo.sinet.messages`);
:class:`MessageText` turns each into a sentence with gettext, naming fields by their labels
(:data:`hubs.organizations.vocabulary.FIELDS`), SINET nodes by the backbone's ``name_ja`` /
``name_en`` and organisations by their names. Japanese lists are joined with 、.

The API keeps the codes for programs and adds the text for people:
``{"code": ..., "params": {...}, "text": ...}`` (:meth:`MessageText.detail`).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext

from geo.sinet import Backbone, Message
from hubs.organizations.vocabulary import FIELDS, KINDS, label


def km_text(km: float) -> str:
    """A distance as people read it: one decimal under 10 km, whole km above."""
    return f"{km:.1f}" if km < 10 else f"{km:.0f}"


def ms_text(ms: float) -> str:
    """A latency as people read it: two decimals under 1 ms, one above."""
    return f"{ms:.2f}" if ms < 1 else f"{ms:.1f}"


class MessageText:
    """Puts message codes into words for one answer.

    Parameters
    ----------
    backbone
        The backbone the messages came from, for node names.
    lang
        ``ja`` or ``en``: which name of a node or field to use and how to join lists.
        The sentences themselves follow the request's locale (gettext).
    organizations
        Organisation id (as the engine saw it, a string) to display name; an id not
        listed is shown as is.
    """

    def __init__(self, backbone: Backbone, lang: str, organizations: Mapping[str, str] | None = None) -> None:
        self.backbone = backbone
        self.lang = lang
        self.organizations = dict(organizations or {})

    # ---- names

    def join(self, items: Iterable[str]) -> str:
        return ("、" if self.lang == "ja" else ", ").join(items)

    def fields(self, keys: Iterable[str]) -> str:
        return self.join(label(FIELDS, key, self.lang) for key in keys)

    def node(self, code: str) -> str:
        try:
            node = self.backbone.node(code)
        except ValueError:  # a code from another backbone generation
            return code
        if self.lang == "en":
            return node.name_en or node.name_ja or code
        return node.name_ja or node.name_en or code

    def orgs(self, ids: Iterable[str]) -> str:
        return self.join(self.organizations.get(str(i), str(i)) for i in ids)

    def links(self, links: Iterable[Iterable[str]]) -> str:
        return self.join("–".join(self.node(code) for code in link) for link in links)

    # ---- sentences

    def text(self, message: Message) -> str:
        """One message as a phrase in the reader's language."""
        render = _RENDER.get(message["code"])
        if render is None:  # a code newer than this module: say something rather than fail
            return str(message["code"])
        return render(self, message)

    def sentence(self, messages: Iterable[Message]) -> str:
        """Several messages of one answer as one text (``;`` in English, 。 in Japanese)."""
        parts = [self.text(m) for m in messages]
        if self.lang == "ja":
            return "".join(f"{p}。" for p in parts)
        return "; ".join(parts)

    def detail(self, message: Message) -> dict[str, Any]:
        """The API form: the code, its parameters, and the text."""
        return {"code": message["code"], "params": {k: v for k, v in message.items() if k != "code"},
                "text": self.text(message)}


def _count(message: Message, key: str) -> int:
    return len(message[key])


_RENDER: dict[str, Callable[[MessageText, Message], str]] = {
    # ---- a path
    "not_connected": lambda t, m: ngettext(
        "%(orgs)s is not connected to SINET: no SINET path exists",
        "%(orgs)s are not connected to SINET: no SINET path exists",
        _count(m, "orgs"), orgs=t.orgs(m["orgs"])),
    "connection_unknown": lambda t, m: _("connection unknown for %(orgs)s", orgs=t.orgs(m["orgs"])),
    "path_summary": lambda t, m: ngettext(
        "%(num)d backbone hop, %(km)s km of fibre, about %(ms)s ms one way",
        "%(num)d backbone hops, %(km)s km of fibre, about %(ms)s ms one way",
        m["hops"], km=format(m["fibre_km"], ".0f"), ms=format(m["latency_ms"], ".1f")),
    "connection_assumed_for": lambda t, m: _("assumes %(orgs)s connected to SINET (status unknown)",
                                             orgs=t.orgs(m["orgs"])),
    "modelled_backbone": lambda t, m: _("backbone is a model, not the published topology"),
    # ---- why there is no backup
    "backup_same_node": lambda t, m: _(
        "both ends use the same SINET node (%(node)s): there is no backbone link to protect", node=t.node(m["node"])),
    "backup_bridge": lambda t, m: ngettext(
        "no link-disjoint route in the backbone: %(links)s is the only way between %(a)s and %(b)s",
        "no link-disjoint route in the backbone: each of %(links)s is the only way between %(a)s and %(b)s",
        _count(m, "links"), links=t.links(m["links"]), a=t.node(m["a"]), b=t.node(m["b"])),
    "backup_trap": lambda t, m: _(
        "every route from %(a)s to %(b)s shares a link with the main route, although two link-disjoint "
        "routes exist (trap topology)", a=t.node(m["a"]), b=t.node(m["b"])),
    # ---- why a partner ranks where it does
    "shared_fields": lambda t, m: _("shared field: %(fields)s", fields=t.fields(m["fields"])),
    "in_field": lambda t, m: _("field: %(fields)s", fields=t.fields(m["fields"])),
    "other_fields": lambda t, m: _("other field: %(fields)s", fields=t.fields(m["fields"])),
    "no_fields": lambda t, m: _("other field: none listed"),
    "not_on_sinet": lambda t, m: _("not on SINET"),
    "origin_not_on_sinet": lambda t, m: _("origin not on SINET"),
    "same_node": lambda t, m: _("same SINET node (%(node)s)", node=t.node(m["node"])),
    "hops": lambda t, m: ngettext("%(num)d hop", "%(num)d hops", m["count"]),
    "latency": lambda t, m: f"{ms_text(m['ms'])} ms",
    "distance": lambda t, m: f"{km_text(m['km'])} km",
    "connection_assumed": lambda t, m: _("SINET connection unknown (assumed)"),
    "origin_connection_assumed": lambda t, m: _("origin's SINET connection unknown (assumed)"),
    "complementary_kind": lambda t, m: _("complements the origin: %(kind)s", kind=label(KINDS, m["kind"], t.lang)),
    "programme": lambda t, m: _programme(m["programme"]),
    "equipment": lambda t, m: ngettext("%(num)d machine open to outside users",
                                       "%(num)d machines open to outside users", m["count"]),
    "outside_filters": lambda t, m: _("outside the filters: %(filters)s",
                                      filters=t.join(_filter_name(f) for f in m["filters"])),
}


def _programme(code: str) -> str:
    names = {"certified_hub": _("certified hub"), "jinnovation_hub": _("J-Innovation HUB selection in force"),
             "aist_oil": _("AIST open innovation laboratory")}
    return names.get(code, code)


def _filter_name(name: str) -> str:
    names = {"kind": _("kind"), "field": _("field"), "prefecture": _("prefecture or region"),
             "within_km": _("distance"), "text": _("name")}
    return names.get(name, name)
