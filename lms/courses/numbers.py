"""Reading a number as a learner may write it in English, Chinese or French, for short answers.

`readings("environ 475 millions")` gives every value the text can mean ({475000000}); a text
that is not a number gives an empty set. A text may have two readings where a separator is
ambiguous ("4,300" is 4.3 in French and 4300 in English): a short answer is right when either
is. The words skipped around a number are listed here, and in courses/README.md.
"""
from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

# Words of approximation before or after the number, and Chinese counting words after it.
APPROXIMATIONS_BEFORE = ("approximately", "about", "around", "roughly", "nearly", "almost", "some",
                         "approximativement", "à peu près", "a peu pres", "près de", "pres de", "environ",
                         "quelque", "presque", "大约", "大概", "约", "将近", "近", "差不多")
APPROXIMATIONS_AFTER = ("environ", "or so", "左右", "上下")
COUNTING_WORDS = ("个", "项", "名", "所", "家", "人", "国", "%", "％")

# Scale words after digits; longest first so that "millions" is not read as "million" + "s".
SCALES: dict[str, int] = {
    "billions": 10**9, "billion": 10**9, "milliards": 10**9, "milliard": 10**9, "bn": 10**9,
    "millions": 10**6, "million": 10**6, "m": 10**6, "mn": 10**6,
    "thousands": 10**3, "thousand": 10**3, "mille": 10**3, "k": 10**3,
    "百万": 10**6, "千万": 10**7, "亿": 10**8, "万": 10**4, "千": 10**3,
}

_EN_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
             "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
             "nineteen"]
_EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
            "eighty": 80, "ninety": 90}
_FR_UNITS = ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
             "onze", "douze", "treize", "quatorze", "quinze", "seize", "dix-sept", "dix-huit", "dix-neuf"]
_FR_TENS = {"vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60,
            "septante": 70, "huitante": 80, "octante": 80, "nonante": 90}
# "une dizaine" is about ten: accepted as ten.
_FR_ABOUT = {"dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30,
             "quarantaine": 40, "cinquantaine": 50, "soixantaine": 60, "centaine": 100}


def _word_numbers() -> dict[str, int]:
    """Every English and French number word from zero to ninety-nine."""
    words: dict[str, int] = {}
    for value, word in enumerate(_EN_UNITS):
        words[word] = value
    for word, tens in _EN_TENS.items():
        words[word] = tens
        for unit in range(1, 10):
            words[f"{word}-{_EN_UNITS[unit]}"] = words[f"{word} {_EN_UNITS[unit]}"] = tens + unit
    for value, word in enumerate(_FR_UNITS):
        words[word] = value
    for word, tens in _FR_TENS.items():
        words[word] = tens
        words[f"{word} et un"] = words[f"{word}-et-un"] = tens + 1
        for unit in range(2, 10):
            words[f"{word}-{_FR_UNITS[unit]}"] = tens + unit
    for unit in range(10, 20):  # soixante-dix … soixante-dix-neuf, quatre-vingt-dix …
        words[f"soixante-{_FR_UNITS[unit]}"] = 60 + unit
        words[f"quatre-vingt-{_FR_UNITS[unit]}"] = 80 + unit
    words["soixante et onze"] = words["soixante-et-onze"] = 71
    words["quatre-vingts"] = words["quatre-vingt"] = 80
    for unit in range(1, 10):
        words[f"quatre-vingt-{_FR_UNITS[unit]}"] = 80 + unit
    words["cent"] = 100
    words["a hundred"] = words["one hundred"] = words["hundred"] = 100
    for word, value in _FR_ABOUT.items():
        words[f"une {word}"] = value
    return words


WORD_NUMBERS = _word_numbers()
_ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}
_ZH_SMALL = {"十": 10, "百": 100, "千": 1000}
_ZH_LARGE = {"万": 10**4, "亿": 10**8}
_ZH_NUMBER = re.compile(r"^[零〇一二两三四五六七八九十百千万亿]+$")
_DIGITS = re.compile(r"^[+-]?(?:\d[\d.,' \u00a0\u202f]*\d|\d)$")
_SPACES = re.compile(r"[\s\u00a0\u202f]+")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold().replace("’", "'")
    return _SPACES.sub(" ", text).strip().rstrip(".。!！?？")


def _strip_affixes(text: str) -> str:
    """The number without the approximation and counting words around it."""
    changed = True
    while changed:
        changed = False
        for word in sorted(APPROXIMATIONS_BEFORE, key=len, reverse=True):
            if text.startswith(word) and (not word.isascii() or len(text) == len(word)
                                          or not text[len(word)].isalpha()):
                text, changed = text[len(word):].strip(), True
        for word in sorted((*APPROXIMATIONS_AFTER, *COUNTING_WORDS), key=len, reverse=True):
            if text.endswith(word) and len(text) > len(word) and \
                    (not word.isalpha() or not word.isascii() or not text[-len(word) - 1].isalpha()):
                text, changed = text[:-len(word)].strip(), True
        text = text.removesuffix(" de").removesuffix(" d'").strip()  # "475 millions de"
    return text


def _digit_readings(text: str) -> set[Decimal]:
    """'475,000,000', '475 000 000', '4,3', '4.75', '4,300' (two readings)."""
    if text[:1] in ".," and text[1:].isdigit():  # .75
        text = "0" + text
    if not _DIGITS.match(text):
        return set()
    sign = -1 if text.startswith("-") else 1
    body = text.lstrip("+-")
    groups = re.split(r"([.,' \u00a0\u202f])", body)
    numbers, separators = groups[0::2], groups[1::2]
    if not separators:
        return {sign * Decimal(body)}
    readings: set[Decimal] = set()
    kinds = set(separators)
    three = all(len(part) == 3 for part in numbers[1:]) and 1 <= len(numbers[0]) <= 3
    if three and len(kinds) == 1:  # every separator a thousands separator: 475,000,000 or 475 000 000
        readings.add(sign * Decimal("".join(numbers)))
    if len(separators) == 1 and separators[0] in ".,":  # a decimal point or comma
        readings.add(sign * Decimal(f"{numbers[0]}.{numbers[1]}"))
    elif len(separators) > 1 and separators[-1] in ".," and separators[-1] not in separators[:-1]:
        # 475 000,5 or 1,234.5: thousands separators, then the decimal one
        whole = numbers[:-1]
        if 1 <= len(whole[0]) <= 3 and all(len(part) == 3 for part in whole[1:]):
            readings.add(sign * Decimal(f"{''.join(whole)}.{numbers[-1]}"))
    return readings


def _chinese_number(text: str) -> int | None:
    """四亿七千五百万 → 475000000; 十 → 10; 二十五 → 25."""
    if not _ZH_NUMBER.match(text):
        return None
    total, section, digit = 0, 0, None
    for char in text:
        if char in _ZH_DIGITS:
            digit = _ZH_DIGITS[char] if digit is None else digit * 10 + _ZH_DIGITS[char]
        elif char in _ZH_SMALL:
            section += (1 if digit is None else digit) * _ZH_SMALL[char]
            digit = None
        else:
            section += digit or 0
            total = (total + section) * _ZH_LARGE[char] if _ZH_LARGE[char] > 10**4 or not total \
                else total + section * _ZH_LARGE[char]
            section, digit = 0, None
    return total + section + (digit or 0)


def _simple_readings(text: str) -> set[Decimal]:
    """One number without scale words: digits, a number word or Chinese numerals."""
    text = text.strip()
    if text in WORD_NUMBERS:
        return {Decimal(WORD_NUMBERS[text])}
    chinese = _chinese_number(text)
    if chinese is not None:
        return {Decimal(chinese)}
    return _digit_readings(text)


_SCALE = re.compile("(" + "|".join(sorted(map(re.escape, SCALES), key=len, reverse=True)) + r")")


def readings(text: str) -> set[Decimal]:
    """Every value `text` can be read as; empty when it is no number."""
    text = _strip_affixes(_fold(text))
    if not text:
        return set()
    plain = _simple_readings(text)
    if plain:
        return plain
    # Numbers with scale words: "475 million", "4.75亿", "4亿7500万", "0,475 milliard".
    parts = [p for p in _SCALE.split(text) if p.strip()]
    if len(parts) < 2:
        return set()
    totals: set[Decimal] = {Decimal(0)}
    pending: set[Decimal] | None = None
    previous_scale: int | None = None
    for part in parts:
        part = part.strip()
        if part in SCALES:
            scale = SCALES[part]
            if pending is None or (previous_scale is not None and scale >= previous_scale):
                return set()  # a scale word without a number, or "万亿" out of order
            if part.isascii() and part.isalpha() and len(part) == 1 and not _ends_with_digit(text, part):
                return set()
            totals = {total + value * scale for total in totals for value in pending}
            pending, previous_scale = None, scale
        else:
            if pending is not None:
                return set()
            pending = _simple_readings(part)
            if not pending:
                return set()
    if pending is not None:  # digits after the last scale: 4亿7500 is 4亿 + 7500
        totals = {total + value for total in totals for value in pending}
    return totals


def _ends_with_digit(text: str, scale: str) -> bool:
    """'475m' is 475 million; 'm' alone, or after a word, is not a scale."""
    index = text.find(scale)
    return index > 0 and (text[index - 1].isdigit() or (text[index - 1] == " " and text[:index].strip()[-1:].isdigit()))


def matches(text: str, value: float | int | Decimal, tolerance: float | int | Decimal = 0) -> bool:
    """Whether `text` is a way of writing `value` (within `tolerance`)."""
    try:
        target, slack = Decimal(str(value)), Decimal(str(tolerance))
    except InvalidOperation:
        return False
    return any(abs(reading - target) <= slack for reading in readings(text))
