"""Language: Japanese first, English on request.

``?lang=en`` or ``?lang=ja`` chooses and is remembered in the session; without a choice
the browser's ``Accept-Language`` decides; Japanese is the default.

The msgids are English, so only a Japanese catalogue exists. Its source,
``hubs/translations/ja/LC_MESSAGES/messages.po``, is kept in the repository; the binary
``.mo`` is compiled at start into ``<instance>/translations`` whenever it is missing or
older than the ``.po``, so no generated file is ever committed. ``flask translations
update`` re-extracts ``messages.pot`` from ``hubs/`` and ``templates/`` and merges it into
every language's ``.po``.
"""
from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

import click
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from flask import Flask, current_app, has_request_context, request, session
from flask.cli import AppGroup
from flask_babel import Babel, get_locale

LANGUAGES = ("ja", "en")
DEFAULT_LANGUAGE = "ja"

#: The gettext domain: ``messages.pot``, ``<lang>/LC_MESSAGES/messages.po`` and ``.mo``.
DOMAIN = "messages"
#: The catalogue sources kept in the repository (``babel.cfg``, ``messages.pot``, ``.po``).
SOURCE_DIR = Path(__file__).resolve().parents[1] / "translations"
#: Where the compiled catalogues go, inside the app's instance folder.
COMPILED_SUBDIR = "translations"

log = logging.getLogger(__name__)

babel = Babel()


def select_locale() -> str:
    if not has_request_context():  # CLI commands and seed runs read Japanese by default
        return "ja"
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


def source_catalogues(source: Path = SOURCE_DIR) -> list[Path]:
    """Every ``<lang>/LC_MESSAGES/messages.po`` under ``source``."""
    return sorted(source.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def compile_catalogues(target: Path, source: Path = SOURCE_DIR) -> list[Path]:
    """Compile each ``.po`` under ``source`` to the same relative path under ``target``.

    A ``.mo`` newer than its ``.po`` is left alone. Fuzzy entries are never compiled. Each
    file is written beside its final name and renamed, so a server thread or a second
    process starting at the same moment never reads half a catalogue.

    Returns
    -------
    list[Path]
        The ``.mo`` files written this time.
    """
    written = []
    for po_path in source_catalogues(source):
        mo_path = target / po_path.relative_to(source).with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        language = po_path.parent.parent.name
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=language, domain=DOMAIN)
        mo_path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=mo_path.parent, prefix=f".{mo_path.name}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as mo_file:
                write_mo(mo_file, catalog, use_fuzzy=False)
            os.replace(temporary, mo_path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        written.append(mo_path)
    return written


def extract_messages(root: Path, source: Path = SOURCE_DIR) -> Catalog:
    """The catalogue template: every translatable string in ``root``'s ``hubs/`` and ``templates/``.

    ``source/babel.cfg`` says which files are read and with which extractor (Python with
    ``_``, ``gettext``, ``lazy_gettext`` and ``_l``; Jinja2 with ``_()`` calls and
    ``{% trans %}`` blocks). Comments starting ``TRANSLATORS:`` reach the translator.
    """
    with (source / "babel.cfg").open(encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config, str(source / "babel.cfg"))
    template = Catalog(
        project="Innovation Hub Atlas", version="0.1.0", domain=DOMAIN, charset="utf-8", fuzzy=False,
        header_comment="# Messages of Innovation Hub Atlas, extracted by `flask translations update`.\n"
                       "# Edit the translations in <lang>/LC_MESSAGES/messages.po, never this file.",
    )
    for filename, lineno, message, comments, context in extract_from_dir(
        root, method_map, options_map, keywords={**DEFAULT_KEYWORDS, "custom_error": (2,)}, comment_tags=("TRANSLATORS:",),
        strip_comment_tags=True,
    ):
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return template


def update_catalogues(root: Path, source: Path = SOURCE_DIR) -> tuple[Catalog, dict[str, Catalog]]:
    """Re-extract ``source/messages.pot`` from ``root`` and merge it into every ``.po``.

    New msgids arrive untranslated, or fuzzy when Babel finds a similar old one; msgids no
    longer in the code are dropped. Locations are written without line numbers so that
    unrelated edits do not rewrite the catalogue.
    """
    template = extract_messages(root, source)
    with (source / f"{DOMAIN}.pot").open("wb") as pot:
        write_po(pot, template, width=100, include_lineno=False, sort_by_file=True)
    updated = {}
    for po_path in source_catalogues(source):
        language = po_path.parent.parent.name
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=language, domain=DOMAIN)
        catalog.update(template)
        with po_path.open("wb") as po_file:
            write_po(po_file, catalog, width=100, include_lineno=False, sort_by_file=True,
                     ignore_obsolete=True)
        updated[language] = catalog
    return template, updated


translations_cli = AppGroup("translations", help="The message catalogues (hubs/translations).")


@translations_cli.command("update")
def update_command() -> None:
    """Re-extract messages.pot and merge it into each language's messages.po."""
    template, updated = update_catalogues(Path(current_app.root_path), SOURCE_DIR)
    click.echo(f"{SOURCE_DIR / (DOMAIN + '.pot')}: {len(template)} messages")
    incomplete = False
    for language, catalog in updated.items():
        untranslated = [m.id for m in catalog if m.id and not m.string]
        fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
        incomplete = incomplete or bool(untranslated or fuzzy)
        click.echo(f"{language}: {len(catalog)} messages, {len(untranslated)} untranslated, {len(fuzzy)} fuzzy")
    if incomplete:
        click.echo("Translate the empty and fuzzy entries (and remove the fuzzy flag) before committing.")


def init_app(app: Flask) -> None:
    compiled = Path(app.instance_path) / COMPILED_SUBDIR
    try:
        compile_catalogues(compiled)
    except OSError as error:
        # A read-only instance folder must not stop the portal; it then speaks English.
        log.warning("could not compile the message catalogues into %s: %s", compiled, error)
    babel.init_app(app, locale_selector=select_locale, default_locale=DEFAULT_LANGUAGE, default_domain=DOMAIN,
                   default_translation_directories=str(compiled))
    app.jinja_env.globals["current_language"] = current_language
    app.cli.add_command(translations_cli)
