"""iCalendar feeds (RFC 5545) of live sessions, for calendar programs to subscribe to."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from urllib.parse import urlsplit

from flask import current_app

from lms.cohorts.models import LiveSession
from lms.core import clock


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts: list[str] = []
    current = b""
    for character in line:
        encoded = character.encode("utf-8")
        if len(current) + len(encoded) > (75 if not parts else 74):
            parts.append(current.decode("utf-8"))
            current = b""
        current += encoded
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def feed(name: str, sessions: Iterable[tuple[LiveSession, str]]) -> str:
    """A calendar named `name` holding each (session, cohort name)."""
    host = urlsplit(current_app.config["BASE_URL"]).hostname or "lms"
    stamp = _utc(clock.utcnow())
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//UNESCO-UNEVOC//TVET Leadership Programme//EN",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH", f"X-WR-CALNAME:{_escape(name)}"]
    for live, cohort_name in sessions:
        lines += ["BEGIN:VEVENT", f"UID:live-session-{live.id}@{host}", f"DTSTAMP:{stamp}",
                  f"DTSTART:{_utc(live.starts_at)}", f"DTEND:{_utc(live.ends_at)}",
                  f"SUMMARY:{_escape(live.title)}", f"DESCRIPTION:{_escape(cohort_name + chr(10) + live.link)}",
                  f"URL:{live.link}", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
