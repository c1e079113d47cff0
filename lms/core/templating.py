"""What every template can use: the language switcher, roles, the current language."""
from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from typing import Any

from flask import Flask, has_request_context, request, url_for
from babel import dates as babel_dates
from flask_babel import format_date, format_time, get_locale, get_timezone, gettext
from flask_login import current_user
from jinja2 import pass_context
from markupsafe import Markup

from lms.core.charts import number
from lms.core.forms import option
from lms.core.i18n import (LANGUAGE_NAMES, country_name, current_language, format_list, lang_attribute, language_name,
                           localized)
from lms.courses.activities import ACTIVITY_TYPES
from lms.courses.lengths import live_labels, measure
from lms.courses.lengths import minimum_hint as hint_for_minimum
from lms.courses.markdown import render_markdown
from lms.core.permissions import Role
from lms.learning.status import Decision, WorkStatus
from lms.extensions import db, login_manager


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated later, where it is shown."""
    return message


def query_args() -> dict[str, str]:
    """This address's query arguments, to build another address with them: without those named
    as url_for's own parameters (endpoint, _external ...), which a visitor could send to break it."""
    return {k: v for k, v in request.args.items() if k != "endpoint" and not k.startswith("_")}


def lang_url(code: str) -> str:
    """The current page in another language (works without JavaScript)."""
    if request.endpoint is None or request.method != "GET":
        return url_for("home.index", lang=code)
    args: dict[str, Any] = dict(query_args())
    args.update(request.view_args or {})
    args["lang"] = code
    return url_for(request.endpoint, **args)


def when(moment) -> str:
    """A date and time for people: the date written out, the time without seconds."""
    if moment is None:
        return ""
    return f"{format_date(moment, 'long')} {format_time(moment, 'short')}"


def due(moment, timezone: str, width: str = "long") -> str:
    """A due date as the cohort sets it: the day in the cohort's time zone ("end of the day" when
    it falls due at 23:59 there), with the zone's city when the reader lives in another zone, so
    that a learner in Shanghai reads "14 August, end of the day (Berlin time)", not "7:59 AM"."""
    if moment is None:
        return ""
    zone = zoneinfo.ZoneInfo(timezone)
    local = moment.astimezone(zone)
    locale = get_locale()
    day = babel_dates.format_date(local.date(), width, locale=locale)
    if local.time() >= dt.time(23, 59):
        text = gettext("%(date)s, end of the day", date=day)
    else:
        text = f"{day} {babel_dates.format_time(local.time(), 'short', locale=locale)}"
    if str(get_timezone()) != timezone:
        city = babel_dates.get_timezone_location(zone, locale=locale, return_city=True)
        text = gettext("%(when)s (%(city)s time)", when=text, city=city)
    return text


def text_length(text: str | None, min_words: int):
    """How long a learner's text is against its minimum, for the page (lms/courses/lengths.py)."""
    return measure(text or "", min_words, current_language())


def minimum_hint(min_words: int) -> str:
    return hint_for_minimum(min_words, current_language())


def figure(value: object) -> str:
    """A count as the charts write it, in the reader's language ("2,517", "2 517"); "<5", "x"
    and other marks as they are."""
    text = str(value)
    return number(int(text)) if text.isdigit() else text


def init_app(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = N_("Please sign in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.localize_callback = gettext

    @login_manager.user_loader
    def load_user(session_id: str):
        from lms.auth import sessions
        return sessions.load(db.session, session_id, _signed_in_user())

    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.filters["when"] = when
    app.jinja_env.filters["due"] = due
    app.jinja_env.filters["figure"] = figure
    app.jinja_env.filters["localized"] = localized
    app.jinja_env.filters["format_list"] = format_list
    app.jinja_env.filters["language_name"] = language_name
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.globals.update(
        LANGUAGE_NAMES=LANGUAGE_NAMES, Role=Role, lang_url=lang_url, query_args=query_args, country_name=country_name,
        current_language=current_language, localized=localized, render_markdown=render_markdown,
        WorkStatus=WorkStatus, Decision=Decision, ACTIVITY_TYPES=ACTIVITY_TYPES,
        format_list=format_list, text_length=text_length, live_labels=live_labels, minimum_hint=minimum_hint,
        language_name=language_name, lang_of=lang_attribute, option=option,
    )

    @app.context_processor
    def user_context():
        signed_in = has_request_context() and current_user.is_authenticated
        return {"is_staff": signed_in and current_user.role is Role.staff, **bound_gettext()}


def bound_gettext() -> dict[str, Any]:
    """`gettext` and `ngettext` for one rendering, bound to the catalog of the language it is drawn
    in. Flask-Babel's own look the catalog up again at every call (the app context, the locale, the
    domain: about 20 µs each), and a page holds 50 to 100 of them; the ones in the rendering's
    context are found first (jinja2.ext.i18n resolves `gettext` there before the globals). They
    behave as jinja2's "newstyle" callables do: escaped in an autoescaped template, then `%`
    applied to the keyword arguments (and `num` for ngettext)."""
    from flask_babel import get_translations
    translations = get_translations()

    @pass_context
    def gettext_(context: Any, message: str, /, **variables: Any) -> str:
        text = translations.ugettext(message)
        if context.eval_ctx.autoescape:
            text = Markup(text)
        return text % variables

    @pass_context
    def ngettext_(context: Any, singular: str, plural: str, num: int, /, **variables: Any) -> str:
        variables.setdefault("num", num)
        text = translations.ungettext(singular, plural, num)
        if context.eval_ctx.autoescape:
            text = Markup(text)
        return text % variables

    return {"gettext": gettext_, "ngettext": ngettext_}


@functools.cache
def _signed_in_user():
    """The statement that loads the signed-in person and their sign-in on every request, built
    once; their centre only when a page asks for it."""
    from sqlalchemy.orm import lazyload

    from lms.auth.sessions import signed_in_statement
    from lms.users.models import User
    return signed_in_statement().options(lazyload(User.centre))
