"""Small checks shared by every part of the content format, reporting with file and line."""
from __future__ import annotations

from collections.abc import Set
from typing import Any

from lms.courses.source import ID_PATTERN, Mapping, Problem, Sequence


class FileCheck:
    """Collects the problems of one file."""

    def __init__(self, shown: str, languages: tuple[str, ...], problems: list[Problem],
                 warnings: list[Problem] | None = None) -> None:
        self.shown = shown
        self.languages = languages
        self.problems = problems
        # What a writer should look at but that does not stop an import (`courses check --strict` fails on it).
        self.warnings = warnings if warnings is not None else []

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.shown, line, message))

    def warning(self, line: int, message: str) -> None:
        self.warnings.append(Problem(self.shown, line, message))

    def mapping(self, value: Any, line: int, what: str) -> Mapping | None:
        if isinstance(value, Mapping):
            return value
        self.problem(line, f"{what} must be a mapping of keys and values")
        return None

    def sequence(self, data: Mapping, key: str, what: str | None = None, *, minimum: int = 1) -> Sequence:
        value = data.get(key)
        if not isinstance(value, Sequence):
            self.problem(data.line_of(key), f"`{key}` must be a list" if key in data
                         else f"`{key}` is missing ({what or 'a list'})")
            return Sequence()
        if len(value) < minimum:
            self.problem(value.line, f"`{key}` needs at least {minimum} item{'s' if minimum > 1 else ''}")
        return value

    def keys(self, data: Mapping, required: Set[str], optional: Set[str] = frozenset()) -> None:
        for key in sorted(required - set(data)):
            self.problem(data.line, f"`{key}` is missing")
        for key in data:
            if key not in required and key not in optional:
                self.problem(data.line_of(key), f"unknown key `{key}`")

    def identifier(self, data: Mapping, seen: dict[str, tuple[str, int]] | None = None,
                   kind: str = "item", key: str = "id") -> str | None:
        value = data.get(key)
        line = data.line_of(key)
        if value is None:
            return None  # reported by keys()
        if not isinstance(value, str) or not ID_PATTERN.match(value):
            self.problem(line, f"the {kind} ID {value!r} may hold only lower-case letters, digits "
                               "and hyphens")
            return None
        if seen is not None:
            if value in seen:
                where, first = seen[value]
                self.problem(line, f"duplicate {kind} ID `{value}` (first used in {where}:{first})")
                return None
            seen[value] = (self.shown, line)
        return value

    def text(self, data: Mapping, key: str, *, required: bool = True) -> None:
        """A text with an entry for every language of the programme."""
        if key not in data:
            if required:
                self.problem(data.line, f"`{key}` is missing")
            return
        value = data[key]
        line = data.line_of(key)
        if not isinstance(value, Mapping):
            self.problem(line, f"`{key}` must give a text per language ({', '.join(self.languages)})")
            return
        for language in self.languages:
            entry = value.get(language)
            if not isinstance(entry, str) or not entry.strip():
                self.problem(value.line_of(language) if language in value else line,
                             f"`{key}`: the {language} text is missing")
        for language in value:
            if language not in self.languages:
                self.problem(value.line_of(language), f"`{key}`: `{language}` is not a language "
                                                      "of this programme")

    def integer(self, data: Mapping, key: str, low: int, high: int | None = None,
                default: int | None = None) -> int | None:
        if key not in data:
            if default is None:
                self.problem(data.line, f"`{key}` is missing")
            return default
        value = data[key]
        if isinstance(value, bool) or not isinstance(value, int) or value < low \
                or (high is not None and value > high):
            limit = f"from {low} to {high}" if high is not None else f"of at least {low}"
            self.problem(data.line_of(key), f"`{key}` must be a whole number {limit}")
            return None
        return value

    def boolean(self, data: Mapping, key: str) -> bool | None:
        value = data.get(key)
        if not isinstance(value, bool):
            self.problem(data.line_of(key), f"`{key}` must be true or false")
            return None
        return value
