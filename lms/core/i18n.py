"""Choosing the viewer's language and time zone, and the lists users choose them from."""
from __future__ import annotations

import functools
import importlib.resources
import zoneinfo
from collections.abc import Iterable, Mapping
from typing import Any

from babel import Locale
from flask import current_app, g, has_request_context, request, session
from flask_babel import force_locale, get_locale
from flask_login import current_user
from werkzeug.datastructures import LanguageAccept

# Each language's name in its own script, for the switcher and language fields.
LANGUAGE_NAMES = {"en": "English", "zh": "中文", "fr": "Français"}


def supported_languages() -> tuple[str, ...]:
    return tuple(current_app.config["LANGUAGES"])


def remember_asked_language() -> None:
    """`?lang=` is remembered before anything else runs: a page that redirects (the home page to
    sign-in) never draws a string, so the locale selector alone would not see the choice."""
    asked = request.args.get("lang")
    if asked in supported_languages() and session.get("lang") != asked:
        session["lang"] = asked


def select_locale() -> str:
    """`?lang=` (remembered in the session), else the user's preference, else the browser's."""
    languages = supported_languages()
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    asked = request.args.get("lang")
    if asked in languages:
        session["lang"] = asked
        return asked
    preferred = current_user.language if current_user.is_authenticated else g.get("language_of_the_link")
    return choose_language(session.get("lang"), preferred, request.accept_languages, current_app.config)


def choose_language(remembered: str | None, preferred: str | None, accepted: LanguageAccept,
                    config: Mapping[str, Any]) -> str:
    """The language chosen earlier in this session, else `preferred` (the person's), else the
    browser's best, else the default: for a request, or for a kept page before Flask reads it."""
    languages: tuple[str, ...] = tuple(config["LANGUAGES"])
    if remembered in languages:
        return remembered
    if preferred in languages:
        return preferred
    return accepted.best_match(languages) or config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str | None:
    if has_request_context() and current_user.is_authenticated:
        return current_user.timezone
    return None


def language_choices() -> list[tuple[str, str]]:
    return [(code, LANGUAGE_NAMES[code]) for code in supported_languages()]


@functools.cache
def all_timezones() -> tuple[str, ...]:
    return (*sorted(z for z in zoneinfo.available_timezones()
                    if "/" in z and not z.startswith(("Etc/", "SystemV/", "posix/", "right/"))), "UTC")


@functools.cache
def listed_timezones() -> tuple[str, ...]:
    """The time zones a person chooses from: IANA's list of zones by country (zone.tab, about
    420), not its aliases and legacy names as well (Asia/Calcutta beside Asia/Kolkata, 520 in
    all). Any IANA name is still accepted (all_timezones), and one already chosen is listed."""
    table = importlib.resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    zones = {line.split("\t")[2].strip() for line in table.splitlines() if line and not line.startswith("#")}
    return (*sorted(zone for zone in zones if zone in all_timezones()), "UTC")


def timezone_choices(chosen: str | None = None) -> list[tuple[str, str]]:
    zones = listed_timezones()
    if chosen and chosen not in zones and chosen in all_timezones():
        zones = tuple(sorted((*zones, chosen)))
    return [(z, z.replace("_", " ")) for z in zones]


def current_language() -> str:
    return str(get_locale() or "en")


@functools.cache
def _country_names(language: str) -> dict[str, str]:
    locale = Locale.parse(language)
    return {code: name for code, name in locale.territories.items()
            if len(code) == 2 and code.isalpha() and code not in {"ZZ", "EU", "EZ", "UN", "QO"}}


def country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes, as Babel (CLDR) knows them."""
    return frozenset(_country_names("en"))


def country_name(code: str | None) -> str:
    if not code:
        return ""
    return _country_names(current_language()).get(code, code)


def country_choices() -> list[tuple[str, str]]:
    names = _country_names(current_language())
    return sorted(names.items(), key=lambda item: item[1])


def in_language(language: str | None):
    """Render inside another person's language (emails, PDFs, exports)."""
    lang = language if language in LANGUAGE_NAMES else "en"
    return force_locale(lang)



def format_list(items: Iterable[Any], style: str = "standard", language: str | None = None) -> str:
    """Items joined as the language joins a list: "A, B and C", « A, B et C », "A、B和C"."""
    from babel.lists import format_list as babel_format_list

    return babel_format_list([str(item) for item in items], style=style,  # type: ignore[arg-type]
                             locale=language or current_language())


@functools.cache
def _language_name(code: str, language: str) -> str:
    try:
        return Locale.parse(code).get_display_name(language) or code
    except (ValueError, LookupError):
        return code


def language_name(code: str) -> str:
    """A language's name in the viewer's language ("French", "法文", « anglais »)."""
    return _language_name(code, current_language())


def localized(texts: dict | None, language: str | None = None) -> tuple[str, str]:
    """A content text in `language` (default: the viewer's), else in English: (text, language)."""
    language = language or current_language()
    texts = texts or {}
    if texts.get(language):
        return texts[language], language
    return texts.get("en", ""), "en"


def written_language(text: str | None, author_language: str | None = None) -> str:
    """The language someone's own writing is in, as well as we can tell: Chinese by its script,
    else the author's language where it is English or French, else "" (unknown: HTML's value for
    "not known", so that a screen reader does not read English with a Chinese voice)."""
    from lms.courses.source import CJK, WORD

    text = text or ""
    characters = len(CJK.findall(text))
    if characters and characters >= len(WORD.findall(CJK.sub(" ", text))):
        return "zh"
    if not text.strip():
        return current_language()
    return author_language if author_language in ("en", "fr") else ""


def lang_attribute(text: str | None, author_language: str | None = None) -> Any:
    """` lang="…"` for an element holding someone's own writing, when it is not the page's language."""
    from markupsafe import Markup

    language = written_language(text, author_language)
    return Markup("") if language == current_language() else Markup(' lang="%s"') % language
