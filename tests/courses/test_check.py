"""`courses check`: every problem is named with its file and line; broken folders import nothing."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from lms.courses.loader import check_courses
from lms.courses.models import Activity, Lesson, LessonText, Module, Programme
from lms.extensions import db
from tests.courses.course_files import line_of, replace_in, write_course


def run(app, *args):
    return app.test_cli_runner().invoke(args=["courses", *args])


def test_a_correct_folder_passes_with_a_summary(app, tmp_path):
    write_course(tmp_path)
    result = run(app, "check", str(tmp_path), "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["ok"] is True and summary["problems"] == []
    [programme] = summary["programmes"]
    assert programme["id"] == "demo-programme"
    assert (programme["modules"], programme["lessons"], programme["activities"]) == (2, 4, 6)
    assert programme["lessons_by_locale"] == {"en": 4, "zh": 4, "fr": 4}
    assert programme["outdated"] == {"zh": 0, "fr": 0}
    assert programme["words"]["en"] > 0 and programme["words"]["zh"] > 0


def test_words_count_chinese_characters(tmp_path):
    folder = write_course(tmp_path)
    lesson = folder / "01-first" / "lessons" / "first-intro.zh.md"
    text = lesson.read_text(encoding="utf-8").split("---\n")
    lesson.write_text("---\n".join(text[:2]) + "---\n职业教育\n", encoding="utf-8")
    counts = {lesson.id: lesson for lesson in check_courses(tmp_path).programmes[0].lessons.values()}
    from lms.courses.source import count_words
    assert count_words(counts["first-intro"].texts["zh"].body, "zh") == 4
    assert count_words("Leaders of TVET institutions, in 2030.", "en") == 6


def break_yaml(folder):
    path = folder / "01-first" / "quiz.yaml"
    replace_in(path, "pass_mark: 50", "pass_mark: [50")
    # The parser notices on the next line and says where the unclosed list began.
    started = line_of(path, "pass_mark")
    return path, started + 1, (f"invalid YAML: expected ',' or ']', but got ':' "
                               f"(in the flow sequence started on line {started})")


def missing_language(folder):
    path = folder / "01-first" / "module.yaml"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    zh = next(i for i, text in enumerate(lines) if text.strip().startswith("zh:"))
    path.write_text("\n".join(lines[:zh] + lines[zh + 1:]) + "\n", encoding="utf-8")
    return path, line_of(path, "title:"), "`title`: the zh text is missing"


def missing_translation_file(folder):
    (folder / "02-second" / "lessons" / "second-practice.fr.md").unlink()
    path = folder / "02-second" / "module.yaml"
    return path, line_of(path, "- second-practice"), "lesson `second-practice` has no fr version"


def duplicate_lesson(folder):
    path = folder / "02-second" / "module.yaml"
    replace_in(path, "- second-practice", "- first-intro")
    return path, line_of(path, "- first-intro"), "duplicate lesson ID `first-intro`"


def unknown_module(folder):
    path = folder / "programme.yaml"
    replace_in(path, "- second", "- third")
    return path, line_of(path, "- third"), "unknown module ID `third`"


def no_correct_answer(folder):
    path = folder / "02-second" / "quiz.yaml"
    replace_in(path, "correct: true", "correct: false")
    return path, line_of(path, "- id: unemployed"), "question `unemployed` must have exactly one correct option"


def rubric_level_missing(folder):
    path = folder / "02-second" / "plan.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("      high:")
    end = text.index("\n", text.index("fr:", start))
    path.write_text(text[:start] + text[end + 1:], encoding="utf-8")
    return path, line_of(path, "descriptors:") + 1, "criterion `clarity` has no descriptor for the rubric level `high`"


def broken_lesson_link(folder):
    path = folder / "01-first" / "lessons" / "first-intro.en.md"
    replace_in(path, "lesson:first-practice", "lesson:no-such-lesson")
    return path, line_of(path, "no-such-lesson"), "broken link: no lesson `no-such-lesson`"


def broken_image(folder):
    path = folder / "01-first" / "lessons" / "first-practice.fr.md"
    replace_in(path, "La stratégie", "![Le campus](../images/campus.png)\nLa stratégie")
    return path, line_of(path, "campus.png"), "broken image: `../images/campus.png` does not exist"


def misspelt_key(folder):
    path = folder / "01-first" / "reflection.yaml"
    replace_in(path, "min_words:", "min_word:")
    return path, line_of(path, "min_word:"), "unknown key `min_word`"


READING = """\
items:
  - id: strategy
    title: {en: TVET Strategy, zh: 职业技术教育与培训战略, fr: Stratégie pour l'EFTP}
    publisher: UNESCO
    year: 2022
    url: http://unesdoc.unesco.org/strategy
    note: {en: The frame., zh: 框架。, fr: Le cadre.}
"""

WEBINAR = """\
title: {en: Webinar, zh: 网络研讨会, fr: Webinaire}
duration_minutes: 90
goals: {en: Compare plans., zh: 比较计划。, fr: Comparer les plans.}
agenda:
  - minutes: 20
    activity: {en: Welcome., zh: 欢迎。, fr: Accueil.}
  - minutes: 60
    activity: {en: Groups., zh: 分组。, fr: Groupes.}
"""


def with_resources(folder, reading=READING, webinar=WEBINAR):
    module = folder / "01-first"
    (module / "reading.yaml").write_text(reading, encoding="utf-8")
    (module / "webinar.yaml").write_text(webinar, encoding="utf-8")
    replace_in(module / "module.yaml", "activities:", "reading: reading.yaml\nwebinar_plan: webinar.yaml\nactivities:")
    return module


def reading_without_https(folder):
    module = with_resources(folder)
    return module / "reading.yaml", line_of(module / "reading.yaml", "url:"), "`url` must be an https:// address"


def webinar_minutes_off(folder):
    module = with_resources(folder)
    return (module / "webinar.yaml", line_of(module / "webinar.yaml", "agenda:"),
            "the agenda's minutes add up to 80, not to `duration_minutes` (90)")


def case_study_only_in_english(folder):
    path = folder / "01-first" / "lessons" / "first-intro.en.md"
    replace_in(path, "title:", "kind: case-study\ntitle:")
    french = folder / "01-first" / "lessons" / "first-intro.fr.md"
    replace_in(french, "title:", "kind: lesson\ntitle:")
    return french, 1, "`kind` is 'lesson' here but 'case-study' in the English version"


BREAKAGES = [break_yaml, missing_language, missing_translation_file, duplicate_lesson, unknown_module,
             no_correct_answer, rubric_level_missing, broken_lesson_link, broken_image, misspelt_key,
             reading_without_https, webinar_minutes_off, case_study_only_in_english]


def test_a_module_with_a_reading_list_a_webinar_plan_and_a_case_study_checks_clean(app, tmp_path):
    folder = write_course(tmp_path)
    module = with_resources(folder, READING.replace("http://", "https://"),
                            WEBINAR.replace("minutes: 60", "minutes: 70"))
    for language in ("en", "zh", "fr"):
        replace_in(module / "lessons" / f"first-intro.{language}.md", "title:", "kind: case-study\ntitle:")
    result = check_courses(folder)
    assert result.ok, [str(p) for p in result.problems]
    [first, *_] = result.programmes[0].modules
    assert first.reading[0]["url"] == "https://unesdoc.unesco.org/strategy"
    assert first.webinar_plan["duration_minutes"] == 90
    assert result.programmes[0].lessons["first-intro"].kind == "case-study"


@pytest.mark.parametrize("breakage", BREAKAGES, ids=lambda f: f.__name__)
def test_a_broken_folder_is_rejected_naming_file_and_line_and_imports_nothing(app, tmp_path, breakage):
    good, broken = tmp_path / "good", tmp_path / "broken"
    write_course(good)
    assert run(app, "import", str(good)).exit_code == 0
    with app.app_context():
        before = [db.session.scalar(select(func.count()).select_from(m)) for m in
                  (Programme, Module, Lesson, LessonText, Activity)]
        before_titles = sorted(db.session.scalars(select(LessonText.body)))

    folder = write_course(broken)
    path, line, message = breakage(folder)
    result = run(app, "check", str(broken))
    assert result.exit_code == 1
    expected = f"{path.relative_to(tmp_path)}:{line}: {message}"
    assert any(text.startswith(expected) for text in result.output.splitlines()), result.output

    result = run(app, "import", str(broken))
    assert result.exit_code == 1
    assert "nothing was imported" in result.output
    with app.app_context():
        after = [db.session.scalar(select(func.count()).select_from(m)) for m in
                 (Programme, Module, Lesson, LessonText, Activity)]
        assert after == before
        assert sorted(db.session.scalars(select(LessonText.body))) == before_titles


def test_several_problems_are_all_reported_at_once(app, tmp_path):
    folder = write_course(tmp_path)
    for breakage in (no_correct_answer, misspelt_key, broken_lesson_link):
        breakage(folder)
    result = run(app, "check", str(tmp_path))
    assert result.exit_code == 1
    for message in ("must have exactly one correct option", "unknown key `min_word`",
                    "broken link: no lesson `no-such-lesson`"):
        assert message in result.output


def test_an_empty_or_missing_folder_is_a_problem(app, tmp_path):
    assert run(app, "check", str(tmp_path)).exit_code == 1
    assert "no such folder" in run(app, "check", str(tmp_path / "nope")).output
