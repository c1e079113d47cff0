"""Importing checked course sources into the database, keeping every learner's work."""
from __future__ import annotations

import dataclasses
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from lms.core import clock
from lms.courses.loader import CheckResult, ProgrammeSource
from lms.courses.markdown import render_markdown
from lms.courses.models import Activity, Lesson, LessonText, Module, Programme, ReadingItem, Tool
from lms.learning.models import LessonProgress, QuizAttempt, Submission


@dataclasses.dataclass
class ImportReport:
    added: list[str] = dataclasses.field(default_factory=list)
    changed: list[str] = dataclasses.field(default_factory=list)
    retired: list[str] = dataclasses.field(default_factory=list)
    deleted: list[str] = dataclasses.field(default_factory=list)

    @property
    def unchanged(self) -> bool:
        return not (self.added or self.changed or self.retired or self.deleted)

    def lines(self) -> list[str]:
        out = []
        for label, items in (("added", self.added), ("changed", self.changed),
                             ("retired (kept for learners' records)", self.retired),
                             ("deleted", self.deleted)):
            out.append(f"{len(items)} {label}")
            out.extend(f"  {item}" for item in items)
        return out


class ContentProblems(Exception):
    """The content has problems: nothing is imported."""

    def __init__(self, result: CheckResult) -> None:
        super().__init__(f"{len(result.problems)} problems")
        self.problems = result.problems


def import_courses(session: Session, result: CheckResult) -> ImportReport:
    """Load or update every programme of a checked folder. Flushes; the caller commits."""
    if not result.ok:
        raise ContentProblems(result)
    report = ImportReport()
    for source in result.programmes:
        _Importer(session, source, report).run()
    session.flush()
    return report


def _assign(obj: Any, report: ImportReport, label: str, **values: Any) -> None:
    """Set the values that differ, noting `label` as changed once if any did."""
    changed = False
    for key, value in values.items():
        if getattr(obj, key) != value:
            setattr(obj, key, value)
            changed = True
    if changed and label not in report.changed and label not in report.added:
        report.changed.append(label)


class _Importer:
    def __init__(self, session: Session, source: ProgrammeSource, report: ImportReport) -> None:
        self.session, self.source, self.report = session, source, report
        self.now = clock.utcnow()

    def run(self) -> None:
        source = self.source
        programme = self.session.scalar(select(Programme).where(Programme.slug == source.id))
        label = f"programme {source.id}"
        if programme is None:
            programme = Programme(slug=source.id, title={}, summary={}, languages=[], completion={})
            self.session.add(programme)
            self.report.added.append(label)
        _assign(programme, self.report, label, title=source.title, summary=source.summary,
                languages=list(source.languages), completion=source.completion, retired_at=None)
        programme.imported_at = self.now  # pages made from the earlier import are out of date
        self.session.flush()
        self.programme = programme
        modules = self.sync_modules()
        self.sync_lessons(modules)
        self.sync_activities(modules)

    def sync_modules(self) -> dict[str, Module]:
        existing = {m.slug: m for m in self.session.scalars(
            select(Module).where(Module.programme_id == self.programme.id))}
        kept: dict[str, Module] = {}
        for module_source in self.source.modules:
            module = existing.pop(module_source.id, None)
            label = f"module {module_source.id}"
            if module is None:
                module = Module(programme_id=self.programme.id, slug=module_source.id, position=0,
                                title={}, summary={})
                self.session.add(module)
                self.report.added.append(label)
            _assign(module, self.report, label, position=module_source.position,
                    title=module_source.title, summary=module_source.summary,
                    folder=module_source.folder.name, webinar_plan=module_source.webinar_plan, retired_at=None)
            kept[module_source.id] = module
        self.session.flush()
        self.leftover_modules = existing
        self.sync_reading(kept)
        self.sync_tools(kept)
        return kept

    def sync_reading(self, modules: dict[str, Module]) -> None:
        """Each module's reading list, as reading.yaml has it now (no learner data refers to it)."""
        by_module: dict[int, dict[str, ReadingItem]] = {}
        for item in self.session.scalars(select(ReadingItem).where(
                ReadingItem.module_id.in_([m.id for m in modules.values()]))):
            by_module.setdefault(item.module_id, {})[item.slug] = item
        for module_source in self.source.modules:
            module = modules[module_source.id]
            existing = by_module.get(module.id, {})
            label = f"reading list of module {module_source.id}"
            for position, entry in enumerate(module_source.reading):
                found = existing.pop(entry["id"], None)
                if found is not None:
                    item = found
                else:
                    item = ReadingItem(module_id=module.id, slug=entry["id"], position=position, title={},
                                       publisher="", year=0, url="", languages=[], note={})
                    self.session.add(item)
                    if label not in self.report.changed:
                        self.report.changed.append(label)
                _assign(item, self.report, label, position=position, title=entry["title"],
                        publisher=str(entry["publisher"]), year=entry["year"], url=entry["url"],
                        languages=list(entry.get("languages") or []), note=entry["note"])
            for gone in existing.values():
                self.session.delete(gone)
                if label not in self.report.changed:
                    self.report.changed.append(label)

    def sync_tools(self, modules: dict[str, Module]) -> None:
        """The tools (templates) of every module, found again by their ID."""
        existing = {tool.slug: tool for tool in self.session.scalars(
            select(Tool).where(Tool.programme_id == self.programme.id))}
        for module_source in self.source.modules:
            for position, definition in enumerate(module_source.tools):
                tool = existing.pop(definition["id"], None)
                label = f"tool {definition['id']}"
                if tool is None:
                    tool = Tool(programme_id=self.programme.id, module_id=modules[module_source.id].id,
                                slug=definition["id"], position=position, definition={})
                    self.session.add(tool)
                    self.report.added.append(label)
                _assign(tool, self.report, label, module_id=modules[module_source.id].id, position=position,
                        definition=definition)
        for slug, tool in existing.items():
            self.session.delete(tool)
            self.report.deleted.append(f"tool {slug}")

    def sync_lessons(self, modules: dict[str, Module]) -> None:
        existing = {lesson.slug: lesson for lesson in self.session.scalars(
            select(Lesson).where(Lesson.programme_id == self.programme.id))}
        for lesson_source in self.source.lessons.values():
            lesson = existing.pop(lesson_source.id, None)
            label = f"lesson {lesson_source.id}"
            module = modules[lesson_source.module_id]
            if lesson is None:
                lesson = Lesson(programme_id=self.programme.id, module_id=module.id,
                                slug=lesson_source.id, position=0)
                self.session.add(lesson)
                self.session.flush()
                self.report.added.append(label)
            _assign(lesson, self.report, label, module_id=module.id, position=lesson_source.position,
                    kind=lesson_source.kind, retired_at=None)
            texts = {t.language: t for t in lesson.texts}
            asset_base = f"/course-assets/{self.source.folder.name}/{module.folder}/lessons"
            for language, text_source in lesson_source.texts.items():
                text = texts.pop(language, None)
                if text is None:
                    text = LessonText(language=language, title="", body="", html="", source_version="")
                    lesson.texts.append(text)
                    if label not in self.report.added and label not in self.report.changed:
                        self.report.changed.append(label)
                _assign(text, self.report, label, title=text_source.title, body=text_source.body,
                        html=render_markdown(text_source.body, self.source.id, asset_base),
                        source_version=text_source.source_version, outdated=text_source.outdated)
            for gone in texts.values():
                lesson.texts.remove(gone)
                if label not in self.report.changed:
                    self.report.changed.append(label)
        for slug, lesson in existing.items():
            if lesson.retired_at is not None:
                continue
            if self._has(LessonProgress.lesson_id == lesson.id):
                lesson.retired_at = self.now
                self.report.retired.append(f"lesson {slug}")
            else:
                self.session.delete(lesson)
                self.report.deleted.append(f"lesson {slug}")
        self.session.flush()

    def sync_activities(self, modules: dict[str, Module]) -> None:
        existing = {a.slug: a for a in self.session.scalars(
            select(Activity).where(Activity.programme_id == self.programme.id))}
        for activity_source in self.source.activities.values():
            activity = existing.pop(activity_source.id, None)
            label = f"{activity_source.type} {activity_source.id}"
            module_id = modules[activity_source.module_id].id if activity_source.module_id else None
            if activity is None:
                activity = Activity(programme_id=self.programme.id, slug=activity_source.id,
                                    type=activity_source.type, position=0, definition={})
                self.session.add(activity)
                self.report.added.append(label)
            _assign(activity, self.report, label, module_id=module_id, type=activity_source.type,
                    position=activity_source.position, definition=activity_source.definition,
                    retired_at=None)
        for slug, activity in existing.items():
            if activity.retired_at is not None:
                continue
            if self._has(QuizAttempt.activity_id == activity.id) or \
                    self._has(Submission.activity_id == activity.id):
                activity.retired_at = self.now
                self.report.retired.append(f"{activity.type} {slug}")
            else:
                self.session.delete(activity)
                self.report.deleted.append(f"{activity.type} {slug}")
        self.session.flush()
        self.retire_modules()

    def retire_modules(self) -> None:
        for slug, module in self.leftover_modules.items():
            if module.retired_at is not None:
                continue
            holds_lessons = self.session.scalar(select(exists().where(Lesson.module_id == module.id)))
            holds_activities = self.session.scalar(select(exists().where(Activity.module_id == module.id)))
            if holds_lessons or holds_activities:
                module.retired_at = self.now  # what is left in it is retired learner history
                self.report.retired.append(f"module {slug}")
            else:
                self.session.delete(module)
                self.report.deleted.append(f"module {slug}")
        self.session.flush()

    def _has(self, condition) -> bool:
        return bool(self.session.scalar(select(exists().where(condition))))


