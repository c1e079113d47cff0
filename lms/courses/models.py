"""Programmes, modules, lessons and activities as imported from courses/.

Items are found again by their stable `slug` (the ID in the files), so that editing,
reordering or removing content keeps what learners did. A removed item that holds
learner data is retired (`retired_at`), never deleted.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.core import clock
from lms.core.db import Base


class Programme(Base):
    __tablename__ = "programmes"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    # {"en": ..., "zh": ..., "fr": ...}
    title: Mapped[dict] = mapped_column(JSON)
    summary: Mapped[dict] = mapped_column(JSON)
    languages: Mapped[list] = mapped_column(JSON)
    completion: Mapped[dict] = mapped_column(JSON)
    imported_at: Mapped[dt.datetime] = mapped_column(default=clock.default_now)
    retired_at: Mapped[dt.datetime | None]

    modules: Mapped[list[Module]] = relationship(back_populates="programme", order_by="Module.position")


class Module(Base):
    __tablename__ = "modules"
    __table_args__ = (UniqueConstraint("programme_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(100))
    position: Mapped[int]
    title: Mapped[dict] = mapped_column(JSON)
    summary: Mapped[dict] = mapped_column(JSON)
    # The module's folder under the programme's, for its images.
    folder: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # The facilitators' plan of the module's live session (webinar.yaml), None when it has none.
    webinar_plan: Mapped[dict | None] = mapped_column(JSON)
    retired_at: Mapped[dt.datetime | None]

    programme: Mapped[Programme] = relationship(back_populates="modules")


class Lesson(Base):
    __tablename__ = "lessons"
    __table_args__ = (UniqueConstraint("programme_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(100))
    position: Mapped[int]
    # "lesson" or "case-study" (lms/courses/resources.py LESSON_KINDS).
    kind: Mapped[str] = mapped_column(String(20), default="lesson", server_default="lesson")
    retired_at: Mapped[dt.datetime | None]

    texts: Mapped[list[LessonText]] = relationship(back_populates="lesson", cascade="all, delete-orphan")

    def text_in(self, language: str) -> LessonText | None:
        """The lesson in `language`, else its English source (None if neither exists)."""
        return LessonText.choose({t.language: t for t in self.texts}, language)


class LessonText(Base):
    """One language of a lesson, with its Markdown and the HTML rendered from it at import."""

    __tablename__ = "lesson_texts"
    __table_args__ = (UniqueConstraint("lesson_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id", ondelete="CASCADE"), index=True)
    language: Mapped[str] = mapped_column(String(5))
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text)
    # English: its own version; a translation: the English version it translates.
    source_version: Mapped[str] = mapped_column(String(40))
    # A translation behind its English source.
    outdated: Mapped[bool] = mapped_column(default=False)

    lesson: Mapped[Lesson] = relationship(back_populates="texts")

    @staticmethod
    def choose(by_language: dict[str, LessonText], language: str) -> LessonText | None:
        """Of one lesson's texts, the one in `language`, else the English source."""
        return by_language.get(language) or by_language.get("en")


class Activity(Base):
    """A quiz, reflection, action plan or self-assessment; its full definition is kept as JSON."""

    __tablename__ = "activities"
    __table_args__ = (UniqueConstraint("programme_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    # NULL for the programme-wide self-assessment.
    module_id: Mapped[int | None] = mapped_column(ForeignKey("modules.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(100))
    type: Mapped[str] = mapped_column(String(30))
    position: Mapped[int]
    definition: Mapped[dict] = mapped_column(JSON)
    retired_at: Mapped[dt.datetime | None]

    @property
    def title(self) -> dict:
        return self.definition.get("title", {})


class ReadingItem(Base):
    """An open source on a module's reading list (reading.yaml); no learner data refers to it."""

    __tablename__ = "reading_items"
    __table_args__ = (UniqueConstraint("module_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(100))
    position: Mapped[int]
    title: Mapped[dict] = mapped_column(JSON)
    publisher: Mapped[str] = mapped_column(String(200))
    year: Mapped[int]
    url: Mapped[str] = mapped_column(String(1000))
    # The languages it is published in, such as ["en", "fr"]; empty when the file does not say.
    languages: Mapped[list] = mapped_column(JSON, default=list)
    note: Mapped[dict] = mapped_column(JSON)


class Tool(Base):
    """A downloadable template of a module (tools/<id>.yaml), built as a spreadsheet on request."""

    __tablename__ = "tools"
    __table_args__ = (UniqueConstraint("programme_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(100))
    position: Mapped[int]
    # The whole tool file: sheets, columns, example rows (lms/courses/tools.py).
    definition: Mapped[dict] = mapped_column(JSON)

    @property
    def title(self) -> dict:
        return self.definition.get("title", {})

    @property
    def description(self) -> dict:
        return self.definition.get("description", {})
