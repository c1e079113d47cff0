"""The TVET Leadership Programme itself: complete in three languages, and importable."""
from __future__ import annotations

import json

import pytest


@pytest.fixture(scope="module")
def summary(app):
    result = app.test_cli_runner().invoke(args=["courses", "check", "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_the_programme_passes_the_checker(summary):
    assert summary["ok"] is True and summary["problems"] == []


def test_the_programme_is_complete_in_three_languages(summary):
    [programme] = summary["programmes"]
    assert programme["id"] == "tvet-leadership"
    assert programme["modules"] >= 8 and programme["lessons"] >= 25
    assert programme["lessons_by_locale"] == {"en": programme["lessons"], "zh": programme["lessons"],
                                              "fr": programme["lessons"]}
    words = programme["words"]
    assert words["en"] >= 10_000
    assert words["fr"] >= 0.9 * words["en"]
    assert words["zh"] >= words["en"]  # characters, for Chinese
    assert programme["outdated"] == {"zh": 0, "fr": 0}


def test_the_programme_imports_once_and_a_second_import_changes_nothing(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["courses", "import"])
    assert first.exit_code == 0, first.output
    assert "module greening-tvet" in first.output and "self_assessment greening-self-assessment" in first.output
    second = runner.invoke(args=["courses", "import"])
    assert second.exit_code == 0 and "Nothing changed." in second.output


def test_every_module_is_substantial(app):
    from lms.courses.loader import check_courses
    from lms.courses.source import count_words

    [programme] = check_courses(app.config["COURSES_PATH"]).programmes
    for module in programme.modules:
        assert 3 <= len(module.lessons) <= 5, module.id
        kinds = [programme.activities[a].type for a in module.activities]
        if module.id == "action-plan":
            assert kinds == ["action_plan"]
            continue
        assert sorted(kinds) == ["quiz", "reflection"], module.id
        quiz = next(programme.activities[a] for a in module.activities if programme.activities[a].type == "quiz")
        assert len(quiz.definition["questions"]) >= 6, module.id
    short = {lesson.id: count_words(lesson.texts["en"].body, "en") for lesson in programme.lessons.values()
             if count_words(lesson.texts["en"].body, "en") < 400}
    assert short == {}
    areas = programme.activities["greening-self-assessment"].definition["areas"]
    assert [a["id"] for a in areas] == ["campus", "curriculum", "research", "community", "culture"]
    assert all(4 <= len(a["statements"]) <= 6 for a in areas)
