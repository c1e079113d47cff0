"""How long a learner's text must be, in words for alphabetic languages and in characters for Chinese.

A minimum is written in words (`min_words` in courses/). A text written in Chinese is counted
in characters against that minimum times ZH_CHARACTERS_PER_WORD, the ratio measured on this
programme's own translated lessons (issue 22: 1.93 Chinese characters per English word), so
that a 150-word reflection asks for 290 characters, not 150. The one place the ratio lives.
"""
from __future__ import annotations

import dataclasses
import math
from decimal import Decimal
from pathlib import Path

from flask_babel import ngettext

from lms.courses.source import CJK, WORD

ZH_CHARACTERS_PER_WORD = Decimal("1.93")
# Where writers read the rule (the test keeps the two in step).
PROJECT_README = Path(__file__).resolve().parents[2] / "courses" / "README.md"


def minimum_in(unit: str, min_words: int) -> int:
    """The minimum for a text counted in `unit` ("words" or "characters"), rounded up."""
    if unit == "characters":
        return math.ceil(min_words * ZH_CHARACTERS_PER_WORD)
    return min_words


def unit_of(text: str, language: str) -> str:
    """Characters for a text written mostly in Chinese (or an empty one by a Chinese reader), else words."""
    characters = len(CJK.findall(text or ""))
    others = len(WORD.findall(CJK.sub(" ", text or "")))
    if characters or others:
        return "characters" if characters > others else "words"
    return "characters" if language == "zh" else "words"


def count_in(text: str, unit: str) -> int:
    """Words; or Chinese characters, with each word in another script counting as one."""
    text = text or ""
    if unit == "characters":
        return len(CJK.findall(text)) + len(WORD.findall(CJK.sub(" ", text)))
    return len(WORD.findall(text))


@dataclasses.dataclass(frozen=True)
class Length:
    count: int
    needed: int
    unit: str

    @property
    def short(self) -> bool:
        return self.count < self.needed

    @property
    def label(self) -> str:
        """ "120 of 150 words", "120 / 290 字", in the reader's language."""
        if self.unit == "characters":
            return ngettext("%(count)d of %(num)d Chinese character", "%(count)d of %(num)d Chinese characters",
                            self.needed, count=self.count)
        return ngettext("%(count)d of %(num)d word", "%(count)d of %(num)d words", self.needed, count=self.count)


def measure(text: str, min_words: int, language: str) -> Length:
    """How long `text` is against a minimum of `min_words` (words), in the unit its script calls for."""
    unit = unit_of(text, language)
    return Length(count_in(text, unit), minimum_in(unit, min_words), unit)


def minimum_hint(min_words: int, language: str) -> str:
    """ "At least 150 words" or "至少 290 字": the minimum as a writer in `language` will meet it."""
    if language == "zh":
        return ngettext("At least %(num)d Chinese character", "At least %(num)d Chinese characters",
                        minimum_in("characters", min_words))
    return ngettext("At least %(num)d word", "At least %(num)d words", min_words)


_SENTINEL = 987654321


def live_labels(min_words: int) -> dict[str, str]:
    """The page's "Your text: … of … words." in both units with "{count}" where the count goes,
    for the count that lms/static/writing.js updates as the learner writes."""
    from flask_babel import gettext

    labels: dict[str, str] = {}
    for unit in ("words", "characters"):
        needed = minimum_in(unit, min_words)
        label = gettext("Your text: %(length)s.", length=Length(_SENTINEL, needed, unit).label)
        labels[unit] = label.replace(str(_SENTINEL), "{count}")
        labels[f"{unit}-needed"] = str(needed)
    return labels
