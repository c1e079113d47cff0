"""A whole module as one self-contained HTML file: styles inline, images embedded, no requests."""
from __future__ import annotations

import base64
import mimetypes
import re
from pathlib import Path

from flask import current_app, render_template
from markupsafe import Markup

from lms.cohorts.models import Cohort
from lms.courses.models import Activity, Lesson, Module

STYLE_PATH = Path(__file__).resolve().parent / "offline.css"
IMAGE_SRC = re.compile(r'src="/course-assets/([^"]+)"')
LESSON_HREF = re.compile(r'href="/programmes/[^/"]+/lessons/([a-z0-9-]+)"')


def _inline_images(html: str) -> str:
    root = Path(current_app.config["COURSES_PATH"]).resolve()

    def embed(match: re.Match) -> str:
        path = (root / match.group(1)).resolve()
        if root not in path.parents or not path.is_file():
            return 'src=""'
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return f'src="data:{kind};base64,{base64.b64encode(path.read_bytes()).decode()}"'

    return IMAGE_SRC.sub(embed, html)


def module_html(cohort: Cohort, module: Module, lessons: list[Lesson], activities: list[Activity],
                language: str) -> str:
    """The module in `language` (English where a lesson has no translation), ready to save."""
    in_module = {lesson.slug for lesson in lessons}
    base = current_app.config["BASE_URL"].rstrip("/")

    def link(match: re.Match) -> str:
        slug = match.group(1)
        if slug in in_module:
            return f'href="#lesson-{slug}"'
        return f'href="{base}/programmes/{cohort.programme.slug}/lessons/{slug}"'

    chapters = []
    for lesson in lessons:
        text = lesson.text_in(language)
        if text is None:
            continue
        html = LESSON_HREF.sub(link, _inline_images(text.html))
        chapters.append({"slug": lesson.slug, "title": text.title, "html": html, "language": text.language,
                         "fallback": text.language != language, "outdated": text.outdated})
    return render_template("learning/offline_module.html", cohort=cohort, module=module, chapters=chapters,
                           activities=activities, language=language, style=Markup(STYLE_PATH.read_text()))
