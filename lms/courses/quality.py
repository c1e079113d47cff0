"""Whether a quiz measures understanding: warnings on keys that its form gives away.

Three signs that a quiz can be passed without reading the lessons, each reported by
`courses check` as a warning: the correct options sit mostly in one position of the file,
the correct option is the longest one, and a content-blind strategy passes the quiz.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Any

from lms.courses.source import count_words

# Over a quiz, no position (first, second, ...) may hold more than this share of the keys.
POSITION_SHARE = 0.35
# Fewer keys than this say nothing about positions.
POSITION_MINIMUM_KEYS = 4
# The correct option is "markedly longer" at this many times the average length of the others.
MARKEDLY_LONGER = 1.5

# Words that make a statement sound too strong to be true, which test-wise readers answer "false" to.
ABSOLUTE_CUES = {
    "en": re.compile(r"\b(only|alone|mainly|solely|always|never|exclusively)\b", re.I),
    "fr": re.compile(r"\b(seul|seule|seuls|seules|seulement|uniquement|principalement|toujours|jamais|"
                     r"exclusivement)\b", re.I),
    "zh": re.compile(r"只|仅|唯一|主要|总是|从不|完全"),
}


def length(text: str, language: str) -> int:
    return count_words(text or "", language)


def _text(texts: Any, language: str) -> str:
    return texts.get(language) or texts.get("en", "") if isinstance(texts, dict) else str(texts or "")


def key_positions(quiz: dict) -> list[int]:
    """The position (0 first) of every correct option, over the quiz's choice questions, in file order."""
    positions: list[int] = []
    for question in quiz.get("questions", []):
        if question.get("type") in {"single", "multiple"}:
            positions.extend(i for i, option in enumerate(question.get("options", [])) if option.get("correct"))
    return positions


def position_bias(quiz: dict) -> tuple[int, float] | None:
    """(position, share) when one position holds more than POSITION_SHARE of the keys, else None."""
    positions = key_positions(quiz)
    if len(positions) < POSITION_MINIMUM_KEYS:
        return None
    position, count = Counter(positions).most_common(1)[0]
    share = count / len(positions)
    return (position, share) if share > POSITION_SHARE else None


def longest_is_correct(question: dict, language: str) -> tuple[bool, bool]:
    """For a single-choice question: (the correct option is the longest, and markedly so)."""
    options = question.get("options", [])
    lengths = [length(_text(option.get("text"), language), language) for option in options]
    correct = [i for i, option in enumerate(options) if option.get("correct")]
    if len(correct) != 1 or len(options) < 2:
        return False, False
    mine = lengths[correct[0]]
    others = [value for i, value in enumerate(lengths) if i != correct[0]]
    longest = mine > max(others)
    return longest, longest and mine >= MARKEDLY_LONGER * (sum(others) / len(others))


# A content-blind strategy ------------------------------------------------------------------

def _by_length(question: dict, language: str) -> list[int]:
    lengths = [length(_text(o.get("text"), language), language) for o in question.get("options", [])]
    return sorted(range(len(lengths)), key=lambda i: -lengths[i])


STRATEGIES = ("first option", "longest option")


def blind_answer(question: dict, strategy: str, language: str = "en") -> Any:
    """What a reader who has not read the lessons answers, by the form of the question alone.

    Single choice: the first option, or the longest. Multiple choice: the options longer than
    the average. True or false: false when the statement holds an absolute word ("only",
    "alone", "mainly"; 只, 仅, 唯一, 主要; seul, uniquement, principalement), else true. Short
    answers: no guess.
    """
    kind = question.get("type")
    options = question.get("options", [])
    if kind == "single":
        index = 0 if strategy == "first option" else _by_length(question, language)[0]
        return options[index]["id"] if options else None
    if kind == "multiple":
        lengths = [length(_text(o.get("text"), language), language) for o in options]
        average = sum(lengths) / len(lengths) if lengths else 0
        chosen = [o["id"] for o, size in zip(options, lengths, strict=True) if size >= average]
        return chosen or [options[0]["id"]]
    if kind == "true_false":
        return not ABSOLUTE_CUES[language].search(_text(question.get("prompt"), language))
    return None


def blind_score(quiz: dict, strategy: str, language: str = "en") -> int:
    """The percent a content-blind strategy scores on `quiz`, graded as learners are."""
    from lms.courses.activities import Quiz

    questions = quiz.get("questions", [])
    if not questions:
        return 0
    right = sum(Quiz.grade(q, blind_answer(q, strategy, language), language) for q in questions
                if blind_answer(q, strategy, language) is not None)
    return round(100 * right / len(questions))


def blind_passes(quiz: dict, languages: tuple[str, ...] = ("en", "zh", "fr")) -> list[tuple[str, str, int]]:
    """Every (strategy, language, score) that reaches the quiz's pass mark."""
    mark = quiz.get("pass_mark", 0)
    return [(strategy, language, score) for strategy in STRATEGIES for language in languages
            if (score := blind_score(quiz, strategy, language)) >= mark]


def quiz_warnings(quiz: dict, languages: tuple[str, ...]) -> list[str]:
    """What gives this quiz's answers away, as messages for `courses check`."""
    messages = []
    bias = position_bias(quiz)
    if bias is not None:
        position, share = bias
        messages.append(f"answer-position bias: {share:.0%} of the correct options are in position "
                        f"{position + 1} (at most {POSITION_SHARE:.0%}); reorder the options in the file")
    singles = [q for q in quiz.get("questions", []) if q.get("type") == "single"]
    for language in languages:
        longest = [q for q in singles if longest_is_correct(q, language)[0]]
        if singles and len(longest) * 2 > len(singles):
            messages.append(f"the correct option is the longest in {len(longest)} of {len(singles)} single-choice "
                            f"questions ({language}): make the distractors as full as the key")
        marked = [q["id"] for q in singles if longest_is_correct(q, language)[1]]
        if marked:
            messages.append(f"the correct option is markedly longer than the others ({language}): "
                            + ", ".join(f"`{q}`" for q in marked))
    passes = blind_passes(quiz, languages)
    if passes:
        strategy, language, score = max(passes, key=lambda p: p[2])
        messages.append(f"a reader who has not read the lessons passes this quiz: choosing the {strategy} "
                        f"(and \"false\" for statements with \"only\", \"alone\", \"mainly\") scores {score}% "
                        f"in {language}")
    return messages
