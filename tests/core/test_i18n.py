"""Language: the Japanese catalogue covers every UI string; Japanese by default, English on
request (remembered), ``Accept-Language`` when nobody chose; names in the chosen language."""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from hubs.core import i18n
from hubs.core.extensions import db
from hubs.core.i18n import compile_catalogues, extract_messages, update_catalogues
from hubs.organizations.models import Organization
from tests.fixtures_accounts import csrf_token

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "hubs" / "translations"
JA_PO = SOURCE / "ja" / "LC_MESSAGES" / "messages.po"

#: printf-style conversions as gettext sees them: %(name)s, %s, %d, %.1f and the escape %%.
PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]")


def _read_po(path: Path):
    with path.open("rb") as po_file:
        return read_po(po_file, locale="ja")


@pytest.fixture(scope="module")
def extracted():
    return extract_messages(ROOT)


@pytest.fixture(scope="module")
def japanese():
    return _read_po(JA_PO)


def _ids(catalog) -> list:
    return [m.id for m in catalog if m.id]


def _forms(text) -> tuple:
    """A message's forms: one for a plain msgid or msgstr, several for a plural (ngettext) one."""
    return text if isinstance(text, tuple) else (text,)


def _translated(message) -> bool:
    return all(_forms(message.string))


# --- the catalogue -------------------------------------------------------------------------

def test_extraction_finds_python_and_template_strings(extracted):
    locations = {path for m in extracted for path, _ in m.locations}
    assert any(p.startswith("hubs/") for p in locations)
    assert any(p.startswith("templates/") for p in locations)
    # lazy_gettext in form labels and _() with named arguments in templates are both found.
    assert "Repeat password" in extracted
    assert "Page %(page)s of %(pages)s" in extracted


def test_every_ui_string_has_a_japanese_translation(extracted, japanese):
    missing = [msgid for msgid in _ids(extracted) if msgid not in japanese or not _translated(japanese[msgid])]
    assert missing == [], (
        "untranslated UI strings: run `flask translations update` and translate them in "
        f"{JA_PO.relative_to(ROOT)}: {missing}")


def test_no_translation_is_empty_or_fuzzy(japanese):
    assert [m.id for m in japanese if m.id and not _translated(m)] == []
    assert [m.id for m in japanese if m.id and m.fuzzy] == []
    assert not japanese.fuzzy, "the catalogue header is marked fuzzy"


def _placeholders(text: str) -> list[str]:
    """The values a text formats, in order ("%%" is a literal per cent sign, not a value)."""
    return sorted(p for p in PLACEHOLDER.findall(text) if p != "%%")


def test_translations_keep_the_placeholders_of_their_msgid(japanese):
    # A plural msgstr keeps the placeholders of the plural msgid in every form.
    wrong = {m.id: m.string for m in japanese if m.id and any(
        _placeholders(_forms(m.id)[-1]) != _placeholders(form) for form in _forms(m.string))}
    assert wrong == {}
    # Babel's own checks (python-format consistency) agree.
    assert [(m.id, [str(e) for e in errors]) for m, errors in japanese.check()] == []


def test_translations_with_placeholders_format(japanese):
    """A literal % beside placeholders must be written %%, or formatting the text fails (a 500)."""
    broken = []
    for m in japanese:
        for msgid, text in zip(_forms(m.id), _forms(m.string)):
            names = re.findall(r"%\((\w+)\)", msgid)
            if names:
                try:
                    text % dict.fromkeys(names, 1)
                except (ValueError, TypeError, KeyError) as error:
                    broken.append((m.id, str(error)))
    assert broken == []


def test_no_binary_catalogue_is_committed():
    assert list(SOURCE.rglob("*.mo")) == []


# --- compiling and refreshing ----------------------------------------------------------------

def test_app_compiles_the_catalogue_into_its_instance_folder(app):
    mo = Path(app.instance_path) / "translations" / "ja" / "LC_MESSAGES" / "messages.mo"
    assert mo.is_file() and mo.stat().st_mtime >= JA_PO.stat().st_mtime


def test_compile_only_when_missing_or_older_than_the_po(tmp_path):
    source = tmp_path / "src"
    shutil.copytree(SOURCE, source)
    target = tmp_path / "compiled"
    mo = target / "ja" / "LC_MESSAGES" / "messages.mo"
    assert compile_catalogues(target, source) == [mo]
    assert compile_catalogues(target, source) == []
    po = source / "ja" / "LC_MESSAGES" / "messages.po"
    os.utime(mo, (po.stat().st_atime, po.stat().st_mtime - 10))
    assert compile_catalogues(target, source) == [mo]


def test_update_brings_back_a_missing_msgid_untranslated(tmp_path, monkeypatch, runner):
    source = tmp_path / "catalogues"
    shutil.copytree(SOURCE, source)
    po = source / "ja" / "LC_MESSAGES" / "messages.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgid "Skip to content"\nmsgstr "本文へスキップ"\n', ""), encoding="utf-8")
    assert "Skip to content" not in _read_po(po)
    monkeypatch.setattr(i18n, "SOURCE_DIR", source)

    result = runner.invoke(args=["translations", "update"])

    assert result.exit_code == 0, result.output
    assert "ja:" in result.output and "1 untranslated" in result.output
    updated = _read_po(po)
    assert updated["Skip to content"].string == ""
    assert updated["Map"].string == "地図"
    with (source / "messages.pot").open("rb") as pot:
        assert "Skip to content" in read_po(pot)


def test_update_of_a_complete_catalogue_changes_no_translation(tmp_path, japanese):
    source = tmp_path / "catalogues"
    shutil.copytree(SOURCE, source)
    update_catalogues(ROOT, source)
    again = _read_po(source / "ja" / "LC_MESSAGES" / "messages.po")
    assert {m.id: m.string for m in again if m.id} == {m.id: m.string for m in japanese if m.id}


# --- pages in the chosen language ------------------------------------------------------------

def test_pages_are_japanese_by_default(client):
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="ja">' in html
    assert "本文へスキップ" in html and "地図" in html and "イノベーション・ハブ・アトラス" in html
    assert "Skip to content" not in html
    assert 'hreflang="en"' in html  # the link to the English page


def test_lang_en_gives_english_and_is_remembered(client):
    html = client.get("/organizations?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in html and "Skip to content" in html and "Organisations" in html
    later = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in later and "Skip to content" in later and "本文へスキップ" not in later
    # ... until Japanese is chosen again, which is remembered in turn.
    assert '<html lang="ja">' in client.get("/?lang=ja").get_data(as_text=True)
    assert "本文へスキップ" in client.get("/organizations").get_data(as_text=True)


def test_accept_language_decides_when_no_choice_was_made(app):
    english = app.test_client().get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    assert '<html lang="en">' in english and "Skip to content" in english
    japanese = app.test_client().get("/", headers={"Accept-Language": "ja,en;q=0.5"}).get_data(as_text=True)
    assert '<html lang="ja">' in japanese and "本文へスキップ" in japanese
    other = app.test_client().get("/", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert '<html lang="ja">' in other  # neither offered: Japanese

    chosen = app.test_client()
    chosen.get("/?lang=ja")
    html = chosen.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="ja">' in html  # a choice beats the browser's preference


def test_headings_of_the_table_page_are_translated(client):
    html = client.get("/organizations").get_data(as_text=True)
    assert "<h1>組織</h1>" in html and "都道府県" in html and "絞り込む" in html
    html = client.get("/organizations?lang=en").get_data(as_text=True)
    assert "<h1>Organisations</h1>" in html and "Prefecture" in html and ">Filter<" in html


# --- validation messages -----------------------------------------------------------------------

def test_failed_login_message_follows_the_language(app):
    for path, expected, absent in [
        ("/account/login", "メールアドレスまたはパスワードが正しくありません。", "Wrong email or password."),
        ("/account/login?lang=en", "Wrong email or password.", "メールアドレスまたはパスワードが正しくありません。"),
    ]:
        client = app.test_client()
        token = csrf_token(client, path)
        response = client.post(path, data={"email": "nobody@example.org", "password": "not the password",
                                           "csrf_token": token})
        html = response.get_data(as_text=True)
        assert response.status_code == 401
        assert expected in html and absent not in html


def test_form_validation_messages_follow_the_language(app):
    ja_client = app.test_client()
    token = csrf_token(ja_client, "/account/register")
    html = ja_client.post("/account/register", data={"csrf_token": token}).get_data(as_text=True)
    assert "このフィールドは必須です。" in html and "パスワード（確認）" in html
    assert "This field is required." not in html

    en_client = app.test_client()
    token = csrf_token(en_client, "/account/register?lang=en")
    html = en_client.post("/account/register", data={"csrf_token": token}).get_data(as_text=True)
    assert "This field is required." in html and "Repeat password" in html
    assert "このフィールドは必須です。" not in html


# --- organisation names ----------------------------------------------------------------------

@pytest.fixture
def named_orgs(app) -> dict[str, int]:
    """One organisation with both names, one with only a Japanese name, in the city 虚構市."""
    with app.app_context():
        both = Organization(kind="university", name_ja="虚構工業大学", name_en="Fictional Institute of Technology",
                            prefecture_code="13", city="虚構市", lon=139.70, lat=35.68,
                            location_precision="campus", source="test")
        ja_only = Organization(kind="public_lab", name_ja="虚構県産業技術センター", name_en="",
                               prefecture_code="13", city="虚構市", lon=139.71, lat=35.68,
                               location_precision="campus", source="test")
        db.session.add_all([both, ja_only])
        db.session.commit()
        return {"both": both.id, "ja_only": ja_only.id}


def test_table_shows_names_in_the_chosen_language(client, named_orgs):
    ja = client.get("/organizations?q=虚構市").get_data(as_text=True)
    assert "虚構工業大学" in ja and "虚構県産業技術センター" in ja
    assert "Fictional Institute of Technology" not in ja

    en = client.get("/organizations?q=虚構市&lang=en").get_data(as_text=True)
    assert "Fictional Institute of Technology" in en
    assert "虚構工業大学" not in en
    # No English name: the Japanese one stands in.
    assert "虚構県産業技術センター" in en


def test_organisation_page_heading_falls_back_to_the_japanese_name(client, named_orgs):
    en = client.get(f"/org/{named_orgs['ja_only']}?lang=en").get_data(as_text=True)
    assert "<h1>虚構県産業技術センター</h1>" in en
    en = client.get(f"/org/{named_orgs['both']}").get_data(as_text=True)  # still English
    assert "<h1>Fictional Institute of Technology</h1>" in en
