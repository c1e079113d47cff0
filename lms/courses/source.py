"""Reading content files: YAML that remembers line numbers, front matter, versions, word counts."""
from __future__ import annotations

import dataclasses
import hashlib
import re
from pathlib import Path
from typing import Any

import yaml

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", re.S)
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")


@dataclasses.dataclass(frozen=True, order=True)
class Problem:
    """Something wrong in a content file, at a line (0 when the whole file is meant)."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}" if self.line else f"{self.path}: {self.message}"


class Mapping(dict):
    """A YAML mapping that knows its line and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class Sequence(list):
    line: int = 0
    item_lines: list

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class _LineLoader(yaml.SafeLoader):
    pass


def _mapping(loader: _LineLoader, node: yaml.MappingNode) -> Mapping:
    loader.flatten_mapping(node)
    result = Mapping()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key, bool):  # YAML 1.1 reads a bare `true:` key as a boolean
            key = str(key).lower()
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _sequence(loader: _LineLoader, node: yaml.SequenceNode) -> Sequence:
    result = Sequence(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)


class ContentError(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def load_yaml(path: Path, shown: str, text: str | None = None, first_line: int = 1) -> Any:
    """Parse YAML keeping line numbers; invalid YAML raises ContentError with its line."""
    if text is None:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise ContentError(Problem(shown, 0, "the file is not UTF-8 text")) from None
    try:
        data = yaml.load(text, Loader=_LineLoader)  # safe: _LineLoader is a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + first_line) if mark else first_line
        message = f"invalid YAML: {exc.problem or exc}"
        if exc.context and exc.context_mark and exc.context_mark is not mark:
            context = exc.context.removeprefix("while parsing ").removeprefix("a ").removeprefix("an ")
            message += f" (in the {context} started on line {exc.context_mark.line + first_line})"
        raise ContentError(Problem(shown, line, message)) from None
    except yaml.YAMLError as exc:
        raise ContentError(Problem(shown, first_line, f"invalid YAML: {exc}")) from None
    if first_line > 1:
        _shift_lines(data, first_line - 1)
    return data


def _shift_lines(data: Any, offset: int) -> None:
    if isinstance(data, Mapping):
        data.line += offset
        data.key_lines = {k: v + offset for k, v in data.key_lines.items()}
        for value in data.values():
            _shift_lines(value, offset)
    elif isinstance(data, Sequence):
        data.line += offset
        data.item_lines = [line + offset for line in data.item_lines]
        for value in data:
            _shift_lines(value, offset)


@dataclasses.dataclass
class MarkdownFile:
    meta: Mapping
    body: str
    body_first_line: int  # the file line the body starts on
    version: str          # the file's version, which translations refer to


def file_version(text: str) -> str:
    """The version of a source file: the start of the SHA-256 of its normalised text."""
    normalised = text.replace("\r\n", "\n").strip()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:12]


def read_markdown(path: Path, shown: str) -> MarkdownFile:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ContentError(Problem(shown, 0, "the file is not UTF-8 text")) from None
    version = file_version(text)
    text = text.replace("\r\n", "\n").lstrip("\ufeff")
    match = FRONT_MATTER.match(text)
    if not match:
        raise ContentError(Problem(shown, 1, "the file must start with front matter between "
                                             "two lines of ---, giving at least its title"))
    meta = load_yaml(path, shown, match.group(1), first_line=2)
    if not isinstance(meta, Mapping):
        raise ContentError(Problem(shown, 2, "the front matter must be a mapping such as `title: ...`"))
    body_first_line = match.group(0).count("\n") + 1
    return MarkdownFile(meta=meta, body=text[match.end():], body_first_line=body_first_line,
                        version=version)


def count_words(text: str, language: str) -> int:
    """Words, except in Chinese, where each character counts as one word."""
    text = re.sub(r"\]\([^)]*\)", "]", text)  # link targets are not words
    if language == "zh":
        return len(CJK.findall(text)) + len(WORD.findall(CJK.sub(" ", text)))
    return len(WORD.findall(text))
