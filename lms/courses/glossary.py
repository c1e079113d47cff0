"""The programme's terminology (courses/glossary.yaml), held against the content and the UI catalogs.

A forbidden variant is reported in a text whose English counterpart uses the term and which
does not use the glossary's translation: in a YAML text (its en, zh and fr entries side by
side), in a lesson's paragraph or heading (paired with the English paragraph at the same place
when both have as many), and in a catalog entry (msgid against msgstr). English variants
listed as forbidden are wrong anywhere in English.
"""
from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

GLOSSARY_FILE = "glossary.yaml"
PLACEHOLDERS = re.compile(r"%\(\w+\)[sd]|\{[\w:!-]+\}")


@dataclasses.dataclass(frozen=True)
class Term:
    id: str
    forms: dict[str, tuple[str, ...]]         # accepted forms per language
    patterns: dict[str, re.Pattern[str]]      # how the term is found per language
    forbidden: dict[str, tuple[str, ...]]

    def used_in(self, text: str, language: str) -> bool:
        text = PLACEHOLDERS.sub(" ", text)  # %(cohort)s names a value, not the term
        return bool(self.patterns[language].search(text)) if language in self.patterns else False

    def variants_in(self, english: str, text: str, language: str) -> list[str]:
        """The forbidden variants `text` (in `language`) uses where the glossary's term belongs."""
        variants = self.forbidden.get(language, ())
        if not variants:
            return []
        if language == "en":
            return [v for v in variants if v in text]
        if not self.used_in(english, "en") or self.used_in(text, language):
            return []
        folded = text.casefold()
        return [v for v in variants if v.casefold() in folded]


@dataclasses.dataclass(frozen=True)
class Glossary:
    terms: tuple[Term, ...]

    def problems(self, english: str, text: str, language: str) -> list[tuple[Term, str]]:
        return [(term, variant) for term in self.terms for variant in term.variants_in(english, text, language)]

    def message(self, term: Term, variant: str, language: str) -> str:
        wanted = " or ".join(f"“{form}”" for form in term.forms.get(language, ()))
        return f"glossary: “{variant}” is not the programme's term for “{term.forms['en'][0]}” in {language}" \
               + (f"; write {wanted}" if wanted and language != "en" else "")


def _forms(value: Any) -> tuple[str, ...]:
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    return (str(value),) if value else ()


def _pattern(language: str, forms: tuple[str, ...]) -> re.Pattern[str]:
    if language == "en":
        return re.compile("|".join(rf"\b{re.escape(f)}(s|es)?\b" for f in forms), re.I)
    return re.compile("|".join(re.escape(f) for f in forms), re.I)


def parse(data: dict) -> Glossary:
    terms = []
    for entry in data.get("terms", []):
        forms = {language: _forms(entry.get(language)) for language in ("en", "zh", "fr")}
        patterns = {language: _pattern(language, found) for language, found in forms.items() if found}
        for language, pattern in (entry.get("match") or {}).items():
            patterns[language] = re.compile(pattern)
        terms.append(Term(id=entry["id"], forms=forms, patterns=patterns,
                          forbidden={k: _forms(v) for k, v in (entry.get("forbidden") or {}).items()}))
    return Glossary(tuple(terms))


@functools.cache
def _load(path: str, modified: float) -> Glossary:
    with open(path, encoding="utf-8") as fh:
        return parse(yaml.safe_load(fh) or {})


def load(path: Path) -> Glossary | None:
    """The glossary at `path`, or None when there is none."""
    if not path.is_file():
        return None
    return _load(str(path), path.stat().st_mtime)


def find_for(root: Path) -> Glossary | None:
    """The glossary of a courses folder: in it, or beside a programme folder given on its own."""
    for folder in (root, root.parent):
        found = load(folder / GLOSSARY_FILE)
        if found is not None:
            return found
    return None


# Texts to hold against the glossary --------------------------------------------------------

def yaml_texts(data: Any) -> Iterator[tuple[dict, int]]:
    """Every text mapping ({en: ..., zh: ..., fr: ...}) of a YAML file, with its line."""
    if isinstance(data, dict):
        if isinstance(data.get("en"), str) and any(isinstance(data.get(k), str) for k in ("zh", "fr")):
            yield data, getattr(data, "line", 0)
            return
        for value in data.values():
            yield from yaml_texts(value)
    elif isinstance(data, list):
        for value in data:
            yield from yaml_texts(value)


def blocks(body: str, first_line: int) -> list[tuple[str, int]]:
    """A lesson's paragraphs, headings and list items, each with the file line it starts on."""
    found: list[tuple[str, int]] = []
    current: list[str] = []
    start = first_line
    for number, line in enumerate(body.split("\n"), start=first_line):
        if not line.strip() or line.lstrip().startswith(("#", "- ", "* ", "> ")) or re.match(r"\s*\d+\.\s", line):
            if current:
                found.append(("\n".join(current), start))
            current = [line] if line.strip() else []
            start = number
            continue
        if not current:
            start = number
        current.append(line)
    if current:
        found.append(("\n".join(current), start))
    return [(text, line) for text, line in found if text.strip()]
