"""Three languages everywhere: complete catalogs, the language rules, the switcher."""
from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys

import pytest
from babel.messages.pofile import read_po

from lms.config import PROJECT_ROOT
from lms.core.permissions import Role
from tests.conftest import visible_text

TRANSLATIONS = PROJECT_ROOT / "translations"
LANGUAGES = ("en", "zh", "fr")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def catalog(language: str):
    with open(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po", "rb") as fh:
        return read_po(fh, locale=language)


def ids(message) -> tuple[str, ...]:
    return message.id if isinstance(message.id, tuple) else (message.id,)


def strings(message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


@pytest.mark.parametrize("language", ["zh", "fr"])
def test_every_message_is_translated_and_none_is_fuzzy(language):
    problems = [message.id for message in catalog(language) if message.id
                and (message.fuzzy or not all(s.strip() for s in strings(message)))]
    assert problems == [], f"{len(problems)} {language} messages untranslated or fuzzy"


@pytest.mark.parametrize("language", ["zh", "fr"])
def test_translations_keep_every_placeholder(language):
    wrong = []
    for message in catalog(language):
        if not message.id:
            continue
        expected = set(PLACEHOLDER.findall(ids(message)[-1]))
        for translated in strings(message):
            if set(PLACEHOLDER.findall(translated)) != expected:
                wrong.append(message.id)
    assert wrong == []


def test_catalogs_are_not_stale_against_the_code(tmp_path):
    """Extracting again finds exactly the messages the catalogs hold."""
    pot = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract",
                    "-F", str(TRANSLATIONS / "babel.cfg"), "--ignore-dirs", ".* __pycache__ node_modules",
                    "-k", "_l", "-k", "N_", "-k", "lazy_ngettext:1,2",
                    "--no-location", "-o", str(pot), "."], cwd=PROJECT_ROOT, check=True,
                   capture_output=True)
    with open(pot, "rb") as fh:
        in_code = {m.id for m in read_po(fh) if m.id}
    with open(TRANSLATIONS / "messages.pot", "rb") as fh:
        assert {m.id for m in read_po(fh) if m.id} == in_code, \
            "messages.pot is stale: run `flask --app wsgi translations update`"
    for language in LANGUAGES:
        held = {m.id for m in catalog(language) if m.id}
        missing, extra = in_code - held, held - in_code
        assert not missing and not extra, f"{language}: missing {sorted(missing)[:5]}, extra {sorted(extra)[:5]}"


# Choosing the language ----------------------------------------------------------------

def html_lang(html: str) -> str:
    return re.search(r'<html lang="([^"]+)"', html).group(1)


def test_the_sign_in_page_is_fully_in_chinese_with_lang_zh(client):
    html = client.get("/login?lang=zh").get_data(as_text=True)
    assert html_lang(html) == "zh"
    text = visible_text(html, skip_other_languages="zh")
    # Only the names of the organisation may stay in Latin letters.
    latin = set(re.findall(r"[A-Za-z]{2,}", text)) - {"UNESCO", "UNEVOC", "TVET"}
    assert latin == set(), f"English left on the Chinese page: {latin}"
    assert "登录" in text


def test_the_sign_in_page_is_fully_in_french_with_lang_fr(client):
    html = client.get("/login?lang=fr").get_data(as_text=True)
    assert html_lang(html) == "fr"
    text = visible_text(html, skip_other_languages="fr")
    french = {m.id: m.string for m in catalog("fr") if m.id and isinstance(m.id, str)}
    english_left = [source for source, translated in french.items()
                    if source != translated and len(source) > 3 and source in text.split("\n")]
    assert english_left == []
    assert french["Sign in"] in text
    assert french["Forgotten your password?"] in text


def test_the_chosen_language_is_remembered_across_pages(client):
    client.get("/login?lang=fr")
    html = client.get("/reset-password").get_data(as_text=True)
    assert html_lang(html) == "fr"


def test_without_a_choice_the_browser_language_decides(client):
    html = client.get("/login", headers={"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"}).get_data(as_text=True)
    assert html_lang(html) == "zh"
    html = client.raw.get("/login", headers={"Accept-Language": "de-DE"}).get_data(as_text=True)
    assert html_lang(html) == "en"


def test_a_signed_in_user_sees_their_preferred_language(client, make_user):
    user = make_user(language="fr")
    client.login(user, headers={"Accept-Language": "en"})
    html = client.get("/profile", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert html_lang(html) == "fr"
    assert "Votre profil" in html or catalog("fr")["Your profile"].string in html


def test_lang_in_the_address_wins_over_the_preference(client, make_user):
    user = make_user(language="fr")
    client.login(user)
    html = client.get("/profile?lang=zh").get_data(as_text=True)
    assert html_lang(html) == "zh"


def test_every_page_offers_the_switcher_with_links_to_itself(client):
    html = client.get("/reset-password?lang=en").get_data(as_text=True)
    for code, name in (("en", "English"), ("zh", "中文"), ("fr", "Français")):
        assert f'href="/reset-password?lang={code}" lang="{code}" hreflang="{code}"' in html
        assert name in html


def test_dates_follow_the_viewers_language_and_time_zone(client, make_user, now):
    year = now.today.year - 1
    staff = make_user(role=Role.staff, language="zh", timezone="Asia/Shanghai")
    other = make_user(created_at=dt.datetime(year, 3, 1, 23, 30, tzinfo=dt.UTC))
    client.login(staff)
    html = client.get(f"/staff/users/{other.id}").get_data(as_text=True)
    # 23:30 UTC on 1 March is 07:30 on 2 March in Shanghai, written the Chinese way.
    assert f"{year}年3月2日" in html and "07:30" in html


def test_every_message_written_in_a_template_is_in_the_catalog():
    """Each _("...") of every template, macros included, reaches the catalog translators work from."""
    import re

    from babel.messages.pofile import read_po

    from lms.config import PROJECT_ROOT

    with open(PROJECT_ROOT / "translations" / "messages.pot", "rb") as fh:
        catalog = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}
    written = set()
    for path in (PROJECT_ROOT / "templates").rglob("*.html"):
        written |= {(path.name, text) for text in re.findall(r"""\b_\("((?:[^"\\]|\\.)+)"[,)]""", path.read_text())}
    assert any(name == "forms.html" for name, _text in written)  # the macros are read too
    assert sorted((name, text) for name, text in written if text not in catalog) == []
