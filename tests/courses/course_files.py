"""A small but complete programme written into a folder, for tests to edit and break."""
from __future__ import annotations

import textwrap
from pathlib import Path

from lms.courses.source import file_version


def t(text: str) -> dict:
    return {"en": text, "zh": f"{text}（中文）", "fr": f"{text} (fr)"}


def yaml_text(value, indent=0) -> str:
    import yaml
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False)


LESSON_EN = """\
---
title: {title}
---
## {title}

The UNESCO TVET Strategy 2016-2021 (para. 10) counts 73 million unemployed young people.
See [the other lesson](lesson:{other}).
"""


def write_lesson(folder: Path, lesson_id: str, title: str, other: str, *, body_en: str | None = None) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    english = body_en or LESSON_EN.format(title=title, other=other)
    (folder / f"{lesson_id}.en.md").write_text(english, encoding="utf-8")
    version = file_version(english)
    (folder / f"{lesson_id}.zh.md").write_text(
        f"---\ntitle: {title}（中文）\nsource: {version}\n---\n联合国教科文组织职业技术教育与培训战略。\n",
        encoding="utf-8")
    (folder / f"{lesson_id}.fr.md").write_text(
        f"---\ntitle: {title} (fr)\nsource: {version}\n---\nLa stratégie de l'UNESCO pour l'EFTP.\n",
        encoding="utf-8")


QUIZ = {
    "id": "{module}-quiz", "type": "quiz", "title": t("Quiz"), "pass_mark": 50, "attempts": 2,
    "questions": [
        {"id": "unemployed", "type": "single", "prompt": t("How many young people are unemployed?"),
         "options": [
             {"id": "m73", "text": t("73 million"), "correct": True, "feedback": t("Right: para. 10.")},
             {"id": "m10", "text": t("10 million"), "correct": False, "feedback": t("Too few.")}]},
        {"id": "paris", "type": "true_false", "prompt": t("The Paris Agreement dates from 2015."),
         "answer": True, "feedback": {"correct": t("Yes."), "incorrect": t("It was December 2015.")}},
        {"id": "target", "type": "short_answer", "prompt": t("Which SDG target is about TVET access?"),
         "answers": {"en": ["4.3"], "zh": ["4.3"], "fr": ["4.3"]},
         "feedback": {"correct": t("Yes."), "incorrect": t("It is 4.3.")}},
        {"id": "areas", "type": "multiple", "prompt": t("Which are greening areas?"),
         "options": [
             {"id": "campus", "text": t("Campus"), "correct": True, "feedback": t("Yes.")},
             {"id": "culture", "text": t("Culture"), "correct": True, "feedback": t("Yes.")},
             {"id": "sport", "text": t("Sport"), "correct": False, "feedback": t("No.")}]},
    ],
}


def write_course(root: Path) -> Path:
    """Write the programme `demo-programme` under `root` and return its folder."""
    programme = root / "demo-programme"
    programme.mkdir(parents=True)
    (programme / "programme.yaml").write_text(yaml_text({
        "id": "demo-programme", "languages": ["en", "zh", "fr"], "title": t("Demo programme"),
        "summary": t("A programme for tests."), "modules": ["first", "second"],
        "self_assessment": "self-assessment.yaml",
        "completion": {"quizzes_passed": "all", "action_plan_accepted": True}}), encoding="utf-8")
    for number, module in enumerate(("first", "second"), start=1):
        folder = programme / f"0{number}-{module}"
        lessons = [f"{module}-intro", f"{module}-practice"]
        activities = ["quiz.yaml", "reflection.yaml"] + (["plan.yaml"] if module == "second" else [])
        (folder).mkdir()
        (folder / "module.yaml").write_text(yaml_text({
            "id": module, "title": t(f"Module {module}"), "summary": t("What it is about."),
            "lessons": lessons, "activities": activities}), encoding="utf-8")
        for index, lesson in enumerate(lessons):
            write_lesson(folder / "lessons", lesson, f"Lesson {lesson}", lessons[1 - index])
        quiz = {**QUIZ, "id": f"{module}-quiz"}
        (folder / "quiz.yaml").write_text(yaml_text(quiz), encoding="utf-8")
        (folder / "reflection.yaml").write_text(yaml_text({
            "id": f"{module}-reflection", "type": "reflection", "title": t("Reflection"),
            "prompt": t("What will you change?"), "min_words": 50}), encoding="utf-8")
    (programme / "02-second" / "plan.yaml").write_text(yaml_text({
        "id": "action-plan", "type": "action_plan", "title": t("Action plan"), "brief": t("Write it."),
        "sections": [{"id": "vision", "title": t("Vision"), "guidance": t("Say where."), "required": True,
                      "min_words": 20}],
        "rubric": {"levels": [{"id": "low", "title": t("Low"), "points": 1},
                              {"id": "high", "title": t("High"), "points": 2}],
                   "criteria": [{"id": "clarity", "title": t("Clarity"),
                                 "descriptors": {"low": t("Vague."), "high": t("Clear.")}}]}}),
        encoding="utf-8")
    (programme / "self-assessment.yaml").write_text(yaml_text({
        "id": "self-check", "type": "self_assessment", "title": t("Self-check"),
        "introduction": t("Rate your institution."),
        "scale": [{"id": "no", "points": 1, "title": t("No")}, {"id": "yes", "points": 2, "title": t("Yes")}],
        "areas": [{"id": "campus", "title": t("Campus"),
                   "statements": [{"id": "energy", "text": t("We measure energy use.")}]}]}),
        encoding="utf-8")
    return programme


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


__all__ = ["line_of", "replace_in", "textwrap", "write_course", "write_lesson"]
