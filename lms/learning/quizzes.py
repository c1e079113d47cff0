"""Quiz attempts as learners see them: the order of the options, and feedback that keeps the key.

Options are shuffled per attempt (`order_for`), the same on every showing of that attempt and
recorded with it. After an attempt, feedback says which questions were wrong and teaches
through the chosen options' feedback, without naming the right option, until the learner has
passed or used their last attempt (`answers_revealed`); from then on it shows the full answers.
"""
from __future__ import annotations

import dataclasses
from typing import Any

from flask_babel import lazy_gettext as _l

from lms.core.i18n import localized
from lms.courses.activities import Quiz, attempt_seed
from lms.learning.models import QuizAttempt


def order_for(questions: list[dict], user_id: int, activity_id: int, number: int,
              previous: dict[str, list[str]] | None) -> dict[str, list[str]]:
    """The options' order for attempt `number`, different from the previous attempt's order."""
    return Quiz.option_order(questions, attempt_seed(user_id, activity_id, number), avoid=previous)


def ordered_options(question: dict, order: dict[str, list[str]] | None) -> list[dict]:
    """A choice question's options in the order recorded for an attempt (file order if none)."""
    options = question.get("options", [])
    wanted = (order or {}).get(question["id"])
    if not wanted:
        return list(options)
    by_id = {o["id"]: o for o in options}
    shown = [by_id[i] for i in wanted if i in by_id]
    return shown + [o for o in options if o["id"] not in wanted]  # options added since come last


def answers_revealed(attempts: list[QuizAttempt], allowed: int) -> bool:
    """The key is shown once the learner has passed, or has used every attempt allowed."""
    return any(a.passed for a in attempts) or (bool(allowed) and len(attempts) >= allowed)


@dataclasses.dataclass
class OptionReview:
    text: str
    chosen: bool
    correct: bool | None  # None while the key is kept
    feedback: str | None


@dataclasses.dataclass
class QuestionReview:
    prompt: str           # Markdown
    right: bool
    answered: list[str]   # what the learner answered, as shown to them
    notes: list[str]      # feedback that teaches
    options: list[OptionReview] = dataclasses.field(default_factory=list)
    accepted: list[str] = dataclasses.field(default_factory=list)  # short answers, once revealed


MISSING_SOME = _l("You chose only some of the answers that apply.")


def review(attempt: QuizAttempt, language: str, revealed: bool) -> list[QuestionReview]:
    """Each question of an attempt with what the learner may be told now."""
    reviews = []
    for question in attempt.questions:
        right = bool(attempt.results.get(question["id"]))
        answer = attempt.answers.get(question["id"])
        kind = question["type"]
        if kind in {"single", "multiple"}:
            reviews.append(_choice(question, answer, right, language, revealed, attempt.option_order))
            continue
        if kind == "true_false":
            answered = [] if answer is None else [str(_l("True") if answer else _l("False"))]
        else:
            answered = [answer] if isinstance(answer, str) and answer.strip() else []
        feedback = question.get("feedback") or {}
        notes = [localized(feedback.get("correct" if right else "incorrect"), language)[0]]
        entry = QuestionReview(prompt=localized(question["prompt"], language)[0], right=right,
                               answered=answered, notes=[n for n in notes if n])
        if revealed and not right:
            if kind == "true_false":
                entry.accepted = [str(_l("True") if question.get("answer") else _l("False"))]
            else:
                entry.accepted = _accepted(question, language)
            entry.notes.append(localized(feedback.get("correct"), language)[0])
        reviews.append(entry)
    return reviews


def _accepted(question: dict, language: str) -> list[str]:
    answers = question.get("answers") or {}
    listed = answers.get(language) or answers.get("en") or []
    return [str(a) for a in listed]


def _choice(question: dict, answer: Any, right: bool, language: str, revealed: bool,
            order: dict[str, list[str]] | None) -> QuestionReview:
    chosen = {answer} if isinstance(answer, str) else set(answer or ())
    options = ordered_options(question, order)
    entry = QuestionReview(prompt=localized(question["prompt"], language)[0], right=right,
                           answered=[localized(o["text"], language)[0] for o in options if o["id"] in chosen],
                           notes=[])
    if revealed:
        entry.options = [OptionReview(text=localized(o["text"], language)[0], chosen=o["id"] in chosen,
                                      correct=bool(o.get("correct")),
                                      feedback=localized(o.get("feedback"), language)[0])
                         for o in options]
        return entry
    # Before the key is shown: the feedback of what was chosen, and for a wrong answer only the
    # options chosen wrongly, so that no correct option is named.
    for option in options:
        if option["id"] in chosen and (right or not option.get("correct")):
            entry.options.append(OptionReview(text=localized(option["text"], language)[0], chosen=True,
                                              correct=None, feedback=localized(option.get("feedback"), language)[0]))
    if not right and question["type"] == "multiple" and not entry.options and chosen:
        entry.notes.append(str(MISSING_SOME))
    return entry
