"""A module's resources besides its lessons: the reading list and the facilitators' webinar plan."""
from __future__ import annotations

from typing import Any

from lms.courses.checks import FileCheck
from lms.courses.source import Mapping, Sequence

# What a lesson's front matter may say it is; a case study presents a real institution or system.
LESSON_KINDS = ("lesson", "case-study")

READING_KEYS = {"id", "title", "publisher", "year", "url", "note"}
READING_OPTIONAL = {"languages"}
WEBINAR_KEYS = {"title", "duration_minutes", "goals", "agenda"}
WEBINAR_OPTIONAL = {"preparation", "questions"}


def check_reading(data: Mapping, check: FileCheck) -> list[dict[str, Any]]:
    """`reading.yaml`: open sources, each with a link, a publisher, a year and a note saying why."""
    check.keys(data, {"items"})
    items = check.sequence(data, "items", "the sources to read")
    seen: dict = {}
    for index, item in enumerate(items):
        entry = check.mapping(item, items.line_of(index), "a reading item")
        if entry is None:
            continue
        check.keys(entry, READING_KEYS, READING_OPTIONAL)
        check.identifier(entry, seen, "reading item")
        check.text(entry, "title")
        check.text(entry, "note")
        url = entry.get("url")
        if not isinstance(url, str) or not url.startswith("https://"):
            check.problem(entry.line_of("url"), "`url` must be an https:// address")
        if not isinstance(entry.get("publisher"), str) or not str(entry.get("publisher")).strip():
            check.problem(entry.line_of("publisher"), "`publisher` must name who published it")
        check.integer(entry, "year", 1945, 2100)
        languages = entry.get("languages")
        if languages is not None and not (isinstance(languages, Sequence) and languages
                                          and all(isinstance(code, str) and code.isalpha() for code in languages)):
            check.problem(entry.line_of("languages"), "`languages` lists the codes of the languages the "
                                                      "source is published in, such as [en, fr]")
    return [dict(item) for item in items if isinstance(item, Mapping)]


def check_webinar(data: Mapping, check: FileCheck) -> None:
    """`webinar.yaml`: the plan of a module's live session, for facilitators."""
    check.keys(data, WEBINAR_KEYS, WEBINAR_OPTIONAL)
    check.text(data, "title")
    check.text(data, "goals")
    duration = check.integer(data, "duration_minutes", 30, 240)
    agenda = check.sequence(data, "agenda", "the parts of the session in order", minimum=2)
    total = 0
    for index, part in enumerate(agenda):
        entry = check.mapping(part, agenda.line_of(index), "an agenda item")
        if entry is None:
            continue
        check.keys(entry, {"minutes", "activity"})
        total += check.integer(entry, "minutes", 1, 240) or 0
        check.text(entry, "activity")
    if duration is not None and agenda and total != duration:
        check.problem(data.line_of("agenda"), f"the agenda's minutes add up to {total}, not to "
                                   f"`duration_minutes` ({duration})")
    if "preparation" in data:
        check.text(data, "preparation")
    if "questions" in data:
        questions = check.sequence(data, "questions", "discussion questions")
        for index, question in enumerate(questions):
            if not isinstance(question, Mapping):
                check.problem(questions.line_of(index), "each question gives a text per language")
                continue
            holder = Mapping({"question": question})
            holder.line, holder.key_lines = questions.line_of(index), {"question": questions.line_of(index)}
            check.text(holder, "question")
