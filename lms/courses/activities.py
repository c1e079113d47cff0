"""Activity types, each registered once and owning its whole life: how its YAML is checked, the
learner's page that takes it, what completes it for the certificate, and (for quizzes) grading.

A new type is one subclass here: lms/learning/completion.py, the certificates, the network
report, the gradebook and the learner's pages read these attributes rather than the type's name.
"""
from __future__ import annotations

import hashlib
import random
import unicodedata
from typing import Any, ClassVar

from flask_babel import lazy_gettext as _l

from lms.courses import numbers
from lms.courses.checks import FileCheck
from lms.courses.source import Mapping, Sequence

ACTIVITY_TYPES: dict[str, type[ActivityType]] = {}


class ActivityType:
    """The base of every activity type; subclasses register themselves by `name`."""

    name: ClassVar[str]
    # Module activities may be of any type but the programme-wide self-assessment.
    in_module: ClassVar[bool] = True
    keys: ClassVar[set[str]] = set()
    optional_keys: ClassVar[set[str]] = set()
    # The learner's page for an activity of this type (its address takes cohort_id and slug).
    endpoint: ClassVar[str]
    # The programme's `completion` flag that makes every activity of this type count towards the
    # certificate, and what completes one: "passed" (a quiz attempt) or "accepted" (written work).
    completion_flag: ClassVar[str | None] = None
    completed_when: ClassVar[str | None] = None
    # What the certificates page says while one is not completed (with the activity's %(title)s).
    missing: ClassVar[Any] = None
    # In the gradebook, an activity's column holds the best score ("score") or the work's status.
    gradebook_cell: ClassVar[str] = "status"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        ACTIVITY_TYPES[cls.name] = cls

    @classmethod
    def check(cls, data: Mapping, check: FileCheck) -> None:
        check.keys(data, {"id", "type", "title"} | cls.keys, cls.optional_keys)
        check.text(data, "title")
        cls.check_body(data, check)

    @classmethod
    def check_body(cls, data: Mapping, check: FileCheck) -> None:
        raise NotImplementedError


def _feedback_pair(data: Mapping, check: FileCheck) -> None:
    feedback = check.mapping(data.get("feedback"), data.line_of("feedback"), "`feedback`")
    if feedback is not None:
        check.keys(feedback, {"correct", "incorrect"})
        check.text(feedback, "correct")
        check.text(feedback, "incorrect")


QUESTION_TYPES = {"single", "multiple", "true_false", "short_answer"}


_END_PUNCTUATION = ".,;:!?。，、；：！？\"'“”‘’«»()（）[]「」"


def normalise_answer(text: str) -> str:
    """Short answers match regardless of case, width, spacing, Latin accents and end punctuation."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    # Canonical decomposition splits é into e and its accent (and leaves Chinese as it is).
    bare = unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", folded)
                                                if not unicodedata.combining(c)))
    return "".join(bare.split()).strip(_END_PUNCTUATION)


# Orders of options are drawn per attempt from this seed; the same attempt always gets the same order.
def attempt_seed(user_id: int, activity_id: int, number: int) -> int:
    digest = hashlib.sha256(f"quiz-order:{user_id}:{activity_id}:{number}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


class Quiz(ActivityType):
    name = "quiz"
    endpoint = "learning.quiz"
    completion_flag = "quizzes_passed"
    completed_when = "passed"
    missing = _l("Quiz not passed: %(title)s")
    gradebook_cell = "score"
    keys: ClassVar[set[str]] = {"pass_mark", "attempts", "questions"}

    @classmethod
    def check_body(cls, data: Mapping, check: FileCheck) -> None:
        check.integer(data, "pass_mark", 0, 100)
        check.integer(data, "attempts", 0)
        seen: dict = {}
        for index, question in enumerate(check.sequence(data, "questions", "the quiz's questions")):
            question = check.mapping(question, data["questions"].line_of(index), "a question")
            if question is not None:
                cls.check_question(question, check, seen)

    @classmethod
    def check_question(cls, question: Mapping, check: FileCheck, seen: dict) -> None:
        kind = question.get("type")
        if kind not in QUESTION_TYPES:
            check.problem(question.line_of("type"), f"question type {kind!r} is not one of "
                                                    f"{', '.join(sorted(QUESTION_TYPES))}")
            return
        extra = {"single": {"options"}, "multiple": {"options"},
                 "true_false": {"answer", "feedback"}, "short_answer": {"answers", "feedback"}}[kind]
        check.keys(question, {"id", "type", "prompt"} | extra, {"numeric"} if kind == "short_answer" else set())
        check.identifier(question, seen, "question")
        check.text(question, "prompt")
        if kind in {"single", "multiple"}:
            options = check.sequence(question, "options", "the answer options", minimum=2)
            option_ids: dict = {}
            correct = 0
            for index, option in enumerate(options):
                option = check.mapping(option, options.line_of(index), "an option")
                if option is None:
                    continue
                check.keys(option, {"id", "text", "feedback"}, {"correct"})
                check.identifier(option, option_ids, "option")
                check.text(option, "text")
                check.text(option, "feedback")
                if "correct" in option and check.boolean(option, "correct"):
                    correct += 1
            if options and kind == "single" and correct != 1:
                check.problem(question.line, f"question `{question.get('id')}` must have exactly one "
                                             f"correct option (it has {correct})")
            if options and kind == "multiple" and correct < 1:
                check.problem(question.line, f"question `{question.get('id')}` has no correct answer")
        elif kind == "true_false":
            if "answer" in question:
                check.boolean(question, "answer")
            _feedback_pair(question, check)
        else:
            answers = check.mapping(question.get("answers"), question.line_of("answers"), "`answers`")
            if answers is not None:
                for language in check.languages:
                    accepted = answers.get(language)
                    if not isinstance(accepted, Sequence) or not accepted or \
                            not all(isinstance(a, (str, int, float)) and str(a).strip() for a in accepted):
                        check.problem(answers.line_of(language) if language in answers else answers.line,
                                      f"question `{question.get('id')}` has no correct answer in {language}")
            if "numeric" in question:
                cls.check_numeric(question, check)
            _feedback_pair(question, check)

    @staticmethod
    def check_numeric(question: Mapping, check: FileCheck) -> None:
        """`numeric: {value: 475000000, tolerance: 0}`: any way of writing the value is right."""
        numeric = check.mapping(question["numeric"], question.line_of("numeric"), "`numeric`")
        if numeric is None:
            return
        check.keys(numeric, {"value"}, {"tolerance"})
        for key in ("value", "tolerance"):
            value = numeric.get(key)
            if key in numeric and (isinstance(value, bool) or not isinstance(value, (int, float))
                                   or (key == "tolerance" and value < 0)):
                check.problem(numeric.line_of(key), f"`numeric.{key}` must be a number"
                                                    + (" of at least 0" if key == "tolerance" else ""))
        answers = question.get("answers")
        value = numeric.get("value")
        if isinstance(answers, Mapping) and isinstance(value, (int, float)) and not isinstance(value, bool):
            for language, accepted in answers.items():
                for answer in accepted if isinstance(accepted, list) else ():
                    # A listed answer that reads as another number contradicts `value`.
                    read = numbers.readings(str(answer))
                    if read and not numbers.matches(str(answer), value, numeric.get("tolerance") or 0) \
                            and len(read) == 1:
                        check.warning(answers.line_of(language), f"question `{question.get('id')}`: the "
                                      f"{language} answer {answer!r} is not the number `numeric.value` "
                                      f"({value}); list it only if the prompt asks for another unit")

    @staticmethod
    def grade(question: dict, answer: Any, language: str) -> bool:
        """Whether `answer` (option IDs, a boolean or a text) answers `question` correctly."""
        kind = question["type"]
        if kind == "single":
            correct = {o["id"] for o in question["options"] if o.get("correct")}
            return isinstance(answer, str) and {answer} == correct
        if kind == "multiple":
            correct = {o["id"] for o in question["options"] if o.get("correct")}
            return set(answer or ()) == correct
        if kind == "true_false":
            return answer is not None and bool(answer) == bool(question["answer"])
        if not isinstance(answer, str):
            return False
        accepted = {normalise_answer(str(a)) for lang in question["answers"].values() for a in lang}
        if normalise_answer(answer) in accepted:
            return True
        numeric = question.get("numeric")
        if not isinstance(numeric, dict):
            return False
        return numbers.matches(answer, numeric["value"], numeric.get("tolerance") or 0)

    @staticmethod
    def option_order(questions: list[dict], seed: int,
                     avoid: dict[str, list[str]] | None = None) -> dict[str, list[str]]:
        """The order of each choice question's options for one attempt: {question id: option ids}.

        Drawn from `seed`, so the same attempt always shows the same order. When `avoid` (the
        previous attempt's order) is given, the draw is repeated until at least one question's
        order differs, so that two attempts in a row never look the same.
        """
        shuffler = random.Random(seed)
        choice = [q for q in questions if q.get("type") in {"single", "multiple"}]
        order: dict[str, list[str]] = {}
        for _draw in range(20):
            order = {}
            for question in choice:
                ids = [o["id"] for o in question["options"]]
                shuffler.shuffle(ids)
                order[question["id"]] = ids
            if not avoid or any(avoid.get(key) != ids for key, ids in order.items()) \
                    or all(len(q["options"]) < 2 for q in choice):
                break
        return order


class Reflection(ActivityType):
    name = "reflection"
    endpoint = "learning.reflection"
    completion_flag = "reflections_accepted"
    completed_when = "accepted"
    missing = _l("Reflection not accepted: %(title)s")
    keys: ClassVar[set[str]] = {"prompt", "min_words"}

    @classmethod
    def check_body(cls, data: Mapping, check: FileCheck) -> None:
        check.text(data, "prompt")
        check.integer(data, "min_words", 0, 5000)


class ActionPlan(ActivityType):
    name = "action_plan"
    endpoint = "learning.action_plan"
    completion_flag = "action_plan_accepted"
    completed_when = "accepted"
    missing = _l("Action plan not accepted yet")
    keys: ClassVar[set[str]] = {"brief", "sections", "rubric"}

    @classmethod
    def check_body(cls, data: Mapping, check: FileCheck) -> None:
        check.text(data, "brief")
        section_ids: dict = {}
        for index, section in enumerate(check.sequence(data, "sections", "the plan's sections")):
            section = check.mapping(section, data["sections"].line_of(index), "a section")
            if section is None:
                continue
            check.keys(section, {"id", "title", "guidance", "required"}, {"min_words"})
            check.identifier(section, section_ids, "section")
            check.text(section, "title")
            check.text(section, "guidance")
            if "required" in section:
                check.boolean(section, "required")
            check.integer(section, "min_words", 0, 5000, default=0)
        rubric = check.mapping(data.get("rubric"), data.line_of("rubric"), "`rubric`")
        if rubric is None:
            return
        check.keys(rubric, {"levels", "criteria"})
        level_ids: dict = {}
        for index, level in enumerate(check.sequence(rubric, "levels", "the rubric's levels", minimum=2)):
            level = check.mapping(level, rubric["levels"].line_of(index), "a level")
            if level is not None:
                check.keys(level, {"id", "title", "points"})
                check.identifier(level, level_ids, "level")
                check.text(level, "title")
                check.integer(level, "points", 0, 100)
        criterion_ids: dict = {}
        for index, criterion in enumerate(check.sequence(rubric, "criteria", "the rubric's criteria")):
            criterion = check.mapping(criterion, rubric["criteria"].line_of(index), "a criterion")
            if criterion is None:
                continue
            check.keys(criterion, {"id", "title", "descriptors"})
            criterion_id = check.identifier(criterion, criterion_ids, "criterion")
            check.text(criterion, "title")
            descriptors = check.mapping(criterion.get("descriptors"), criterion.line_of("descriptors"),
                                        "`descriptors`")
            if descriptors is None:
                continue
            for level_id in level_ids:
                if level_id not in descriptors:
                    check.problem(descriptors.line, f"criterion `{criterion_id}` has no descriptor for "
                                                    f"the rubric level `{level_id}`")
                else:
                    check.text(descriptors, level_id)
            for level_id in descriptors:
                if level_id not in level_ids:
                    check.problem(descriptors.line_of(level_id), f"`{level_id}` is not a level of "
                                                                 "this rubric")


class SelfAssessment(ActivityType):
    name = "self_assessment"
    endpoint = "learning.self_assessment"
    in_module = False
    keys: ClassVar[set[str]] = {"introduction", "scale", "areas"}

    @classmethod
    def check_body(cls, data: Mapping, check: FileCheck) -> None:
        check.text(data, "introduction")
        scale = check.sequence(data, "scale", "the answer scale", minimum=2)
        scale_ids: dict = {}
        for index, level in enumerate(scale):
            level = check.mapping(level, scale.line_of(index), "a level of the scale")
            if level is not None:
                check.keys(level, {"id", "points", "title"})
                check.identifier(level, scale_ids, "scale level")
                check.integer(level, "points", 0, 100)
                check.text(level, "title")
        area_ids: dict = {}
        statement_ids: dict = {}
        for index, area in enumerate(check.sequence(data, "areas", "the areas assessed")):
            area = check.mapping(area, data["areas"].line_of(index), "an area")
            if area is None:
                continue
            check.keys(area, {"id", "title", "statements"})
            check.identifier(area, area_ids, "area")
            check.text(area, "title")
            for s_index, statement in enumerate(check.sequence(area, "statements", "statements to rate")):
                statement = check.mapping(statement, area["statements"].line_of(s_index), "a statement")
                if statement is not None:
                    check.keys(statement, {"id", "text"})
                    check.identifier(statement, statement_ids, "statement")
                    check.text(statement, "text")
