"""Reading and checking a course folder: every problem is reported with its file and line."""
from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

from lms.courses import glossary
from lms.courses.activities import ACTIVITY_TYPES
from lms.courses.checks import FileCheck
from lms.courses.resources import LESSON_KINDS, check_reading, check_webinar
from lms.courses.source import (CJK, ContentError, Mapping, Problem, Sequence, count_words, load_yaml,
                                read_markdown)
from lms.courses.quality import quiz_warnings
from lms.courses.tools import check_tool

SUPPORTED_LANGUAGES = ("en", "zh", "fr")
SOURCE_LANGUAGE = "en"
COMPLETION_KEYS = {"quizzes_passed", "reflections_accepted", "action_plan_accepted",
                   "live_sessions_attended"}
LINK = re.compile(r"(!?)\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
EXTERNAL = ("http://", "https://", "mailto:")


@dataclasses.dataclass
class LessonText:
    language: str
    title: str
    body: str
    path: str
    # For English, the file's own version; for a translation, the version it translates.
    source_version: str
    outdated: bool = False


@dataclasses.dataclass
class LessonSource:
    id: str
    module_id: str
    position: int
    folder: Path
    texts: dict[str, LessonText] = dataclasses.field(default_factory=dict)
    kind: str = "lesson"  # or "case-study" (lms/courses/resources.py)


@dataclasses.dataclass
class ActivitySource:
    id: str
    type: str
    module_id: str | None
    position: int
    definition: dict
    path: str


@dataclasses.dataclass
class ModuleSource:
    id: str
    position: int
    title: dict
    summary: dict
    folder: Path
    lessons: list[str] = dataclasses.field(default_factory=list)
    activities: list[str] = dataclasses.field(default_factory=list)
    reading: list[dict] = dataclasses.field(default_factory=list)
    webinar_plan: dict | None = None
    # Tool definitions (lms/courses/tools.py), in the order module.yaml lists them.
    tools: list[dict] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class ProgrammeSource:
    id: str
    folder: Path
    languages: tuple[str, ...]
    title: dict
    summary: dict
    completion: dict
    modules: list[ModuleSource] = dataclasses.field(default_factory=list)
    lessons: dict[str, LessonSource] = dataclasses.field(default_factory=dict)
    activities: dict[str, ActivitySource] = dataclasses.field(default_factory=dict)

    def summary_counts(self) -> dict[str, Any]:
        others = [lang for lang in self.languages if lang != SOURCE_LANGUAGE]
        return {
            "id": self.id,
            "modules": len(self.modules),
            "lessons": len(self.lessons),
            "activities": len(self.activities),
            "lessons_by_locale": {lang: sum(lang in lesson.texts for lesson in self.lessons.values())
                                  for lang in self.languages},
            "words": {lang: sum(count_words(lesson.texts[lang].body, lang) for lesson in self.lessons.values()
                                if lang in lesson.texts) for lang in self.languages},
            "outdated": {lang: sum(1 for lesson in self.lessons.values()
                                   if lang in lesson.texts and lesson.texts[lang].outdated) for lang in others},
            "by_module": [self.module_report(module) for module in self.modules],
        }

    def module_report(self, module: ModuleSource) -> dict[str, Any]:
        """What a module offers: its case studies, tools, reading list and length in each language."""
        lessons = [self.lessons[lesson_id] for lesson_id in module.lessons]
        words = {lang: sum(count_words(lesson.texts[lang].body, lang) for lesson in lessons if lang in lesson.texts)
                 for lang in self.languages}
        report: dict[str, Any] = {
            "id": module.id,
            "lessons": len(lessons),
            "case_studies": [lesson.id for lesson in lessons if lesson.kind == "case-study"],
            "tools": [tool["id"] for tool in module.tools],
            "reading": len(module.reading),
            "webinar_plan": module.webinar_plan is not None,
            "words": words,
        }
        if "zh" in self.languages:
            report["zh_characters"] = sum(len(CJK.findall(lesson.texts["zh"].body)) for lesson in lessons
                                          if "zh" in lesson.texts)
        return report


@dataclasses.dataclass
class CheckResult:
    programmes: list[ProgrammeSource]
    problems: list[Problem]
    # Shown to writers, never blocking an import; `courses check --strict` fails on them.
    warnings: list[Problem] = dataclasses.field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def plain(data: Any) -> Any:
    """YAML data without line bookkeeping: plain dicts and lists (for JSON columns)."""
    if isinstance(data, dict):
        return {str(k): plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [plain(v) for v in data]
    return data


def check_courses(root: Path) -> CheckResult:
    """Read every programme under `root` (or `root` itself when it is a programme)."""
    root = Path(root)
    problems: list[Problem] = []
    warnings: list[Problem] = []
    if not root.is_dir():
        return CheckResult([], [Problem(str(root), 0, "no such folder")])
    folders = [root] if (root / "programme.yaml").exists() else \
        sorted(p.parent for p in root.glob("*/programme.yaml"))
    if not folders:
        problems.append(Problem(str(root), 0, "no programme here: a programme folder holds a "
                                              "programme.yaml"))
    programmes: list[ProgrammeSource] = []
    seen_ids: dict[str, str] = {}
    for folder in folders:
        programme = _Reader(folder, root, problems, warnings).read()
        if programme is None:
            continue
        if programme.id in seen_ids:
            problems.append(Problem(_shown(folder / "programme.yaml", root), 1,
                                    f"duplicate programme ID `{programme.id}` (also in {seen_ids[programme.id]})"))
            continue
        seen_ids[programme.id] = _shown(folder / "programme.yaml", root)
        programmes.append(programme)
    return CheckResult(programmes, sorted(set(problems)), sorted(set(warnings)))


def _shown(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root.parent if root.parent != root else root))
    except ValueError:
        return str(path)


class _Reader:
    """Reads one programme folder, adding what is wrong to `problems`."""

    def __init__(self, folder: Path, root: Path, problems: list[Problem], warnings: list[Problem]) -> None:
        self.folder, self.root, self.problems, self.warnings = folder, root, problems, warnings
        self.read_files: list[tuple[Path, Mapping]] = []  # every YAML file read, for the glossary
        self.lesson_files: list[tuple[LessonSource, dict[str, tuple[Path, str, int]]]] = []
        self.languages: tuple[str, ...] = SUPPORTED_LANGUAGES

    def shown(self, path: Path) -> str:
        return _shown(path, self.root)

    def check(self, path: Path) -> FileCheck:
        return FileCheck(self.shown(path), self.languages, self.problems, self.warnings)

    def yaml(self, path: Path) -> Mapping | None:
        if not path.exists():
            self.problems.append(Problem(self.shown(path), 0, "the file is missing"))
            return None
        try:
            data = load_yaml(path, self.shown(path))
        except ContentError as exc:
            self.problems.append(exc.problem)
            return None
        if not isinstance(data, Mapping):
            self.problems.append(Problem(self.shown(path), 1, "the file must hold a YAML mapping"))
            return None
        self.read_files.append((path, data))
        return data

    def read(self) -> ProgrammeSource | None:
        path = self.folder / "programme.yaml"
        data = self.yaml(path)
        if data is None:
            return None
        check = self.check(path)
        check.keys(data, {"id", "languages", "title", "summary", "modules", "completion"},
                   {"self_assessment"})
        languages = data.get("languages")
        if isinstance(languages, Sequence) and languages and languages[0] == SOURCE_LANGUAGE \
                and all(lang in SUPPORTED_LANGUAGES for lang in languages) \
                and len(set(languages)) == len(languages):
            self.languages = tuple(languages)
        else:
            check.problem(data.line_of("languages"), "`languages` must list languages among "
                          f"{', '.join(SUPPORTED_LANGUAGES)}, English first, each once")
        check = self.check(path)
        programme_id = check.identifier(data, None, "programme")
        check.text(data, "title")
        check.text(data, "summary")
        completion = check.mapping(data.get("completion"), data.line_of("completion"), "`completion`")
        if completion is not None:
            check.keys(completion, set(), COMPLETION_KEYS)
        programme = ProgrammeSource(id=programme_id or "?", folder=self.folder,
                                    languages=self.languages, title=plain(data.get("title") or {}),
                                    summary=plain(data.get("summary") or {}),
                                    completion=plain(completion or {}))
        self.read_modules(programme, data, check)
        if "self_assessment" in data:
            self.read_activity(programme, self.folder / str(data["self_assessment"]), None, 0,
                               line=data.line_of("self_assessment"), manifest=path)
        self.check_links(programme)
        self.check_glossary()
        return programme if programme_id else None

    def check_glossary(self) -> None:
        """Terms the glossary forbids, in every YAML text and lesson (warnings while the content is rewritten)."""
        found = glossary.find_for(self.root)
        if found is None:
            return
        for path, data in self.read_files:
            check = self.check(path)
            for text, _line in glossary.yaml_texts(data):
                english = text.get("en", "")
                for language in self.languages:
                    value = text.get(language)
                    if isinstance(value, str):
                        for term, variant in found.problems(english, value, language):
                            check.warning(text.line_of(language) if isinstance(text, Mapping) else 0,
                                          found.message(term, variant, language))
        for _lesson, sources in self.lesson_files:
            _english_path, english_body, english_line = sources.get(SOURCE_LANGUAGE, (None, "", 0))
            english_blocks = glossary.blocks(english_body, english_line)
            for language, (path, body, first_line) in sources.items():
                check = self.check(path)
                own = glossary.blocks(body, first_line)
                paired = len(own) == len(english_blocks)
                for index, (block, line) in enumerate(own):
                    english = english_blocks[index][0] if paired else english_body
                    for term, variant in found.problems(english, block, language):
                        check.warning(line, found.message(term, variant, language))

    def read_modules(self, programme: ProgrammeSource, data: Mapping, check: FileCheck) -> None:
        listed = check.sequence(data, "modules", "the module IDs in order")
        found: dict[str, Path] = {}
        for module_file in sorted(self.folder.glob("*/module.yaml")):
            module_data = self.yaml(module_file)
            if module_data is None:
                continue
            module_id = module_data.get("id")
            if isinstance(module_id, str) and module_id in found:
                self.check(module_file).problem(module_data.line_of("id"), f"duplicate module ID "
                                                f"`{module_id}` (also in {self.shown(found[module_id])})")
                continue
            found[str(module_id)] = module_file
            if module_id not in listed:
                self.check(module_file).problem(module_data.line_of("id"), f"module `{module_id}` is "
                                                "not listed under `modules` in programme.yaml")
        seen: dict = {}
        for position, module_id in enumerate(listed):
            if module_id in seen:
                check.problem(listed.line_of(position), f"module `{module_id}` is listed twice")
                continue
            seen[module_id] = True
            if module_id not in found:
                check.problem(listed.line_of(position), f"unknown module ID `{module_id}`: no module.yaml "
                                                        "has this id")
                continue
            self.read_module(programme, found[module_id], position)

    def read_module(self, programme: ProgrammeSource, path: Path, position: int) -> None:
        data = self.yaml(path)
        if data is None:
            return
        check = self.check(path)
        check.keys(data, {"id", "title", "summary", "lessons", "activities"}, {"reading", "webinar_plan", "tools"})
        check.text(data, "title")
        check.text(data, "summary")
        module = ModuleSource(id=data["id"], position=position, title=plain(data.get("title") or {}),
                              summary=plain(data.get("summary") or {}), folder=path.parent)
        programme.modules.append(module)
        lesson_list = check.sequence(data, "lessons", "the lesson IDs in order")
        lesson_folder = path.parent / "lessons"
        for index, lesson_id in enumerate(lesson_list):
            line = lesson_list.line_of(index)
            if not isinstance(lesson_id, str) or not re.fullmatch(r"[a-z0-9][a-z0-9-]*", lesson_id):
                check.problem(line, f"the lesson ID {lesson_id!r} may hold only lower-case letters, "
                                    "digits and hyphens")
                continue
            if lesson_id in programme.lessons:
                other = programme.lessons[lesson_id]
                check.problem(line, f"duplicate lesson ID `{lesson_id}` (also in module `{other.module_id}`)")
                continue
            lesson = LessonSource(id=lesson_id, module_id=module.id, position=index, folder=lesson_folder)
            programme.lessons[lesson_id] = lesson
            module.lessons.append(lesson_id)
            self.read_lesson(lesson, check, line)
        listed = set(module.lessons)
        for stray in sorted(lesson_folder.glob("*.md")):
            stem = stray.name.split(".")[0]
            if stem not in listed and stem not in programme.lessons:
                self.problems.append(Problem(self.shown(stray), 0, f"lesson `{stem}` is not listed "
                                             f"under `lessons` in {self.shown(path)}"))
        activities = check.sequence(data, "activities", "the activity files in order", minimum=0)
        for index, name in enumerate(activities):
            self.read_activity(programme, path.parent / str(name), module, index,
                               line=activities.line_of(index), manifest=path)
        if "reading" in data:
            reading = self.module_file(path, data, "reading")
            if reading is not None:
                module.reading = plain(check_reading(reading, self.check(path.parent / str(data["reading"]))))
        if "webinar_plan" in data:
            webinar = self.module_file(path, data, "webinar_plan")
            if webinar is not None:
                check_webinar(webinar, self.check(path.parent / str(data["webinar_plan"])))
                module.webinar_plan = plain(webinar)
        if "tools" in data:
            self.read_tools(programme, module, path, data, check)

    def read_tools(self, programme: ProgrammeSource, module: ModuleSource, manifest: Path, data: Mapping,
                   check: FileCheck) -> None:
        """`tools: [stakeholder-map]`: each a file `tools/<id>.yaml` of the module's folder."""
        listed = check.sequence(data, "tools", "the IDs of the module's tools, files in tools/")
        for index, tool_id in enumerate(listed):
            line = listed.line_of(index)
            if not isinstance(tool_id, str) or not re.fullmatch(r"[a-z0-9][a-z0-9-]*", tool_id):
                check.problem(line, f"the tool ID {tool_id!r} may hold only lower-case letters, digits and hyphens")
                continue
            if any(tool_id == tool["id"] for other in programme.modules for tool in other.tools):
                check.problem(line, f"duplicate tool ID `{tool_id}`")
                continue
            path = manifest.parent / "tools" / f"{tool_id}.yaml"
            if not path.is_file():
                check.problem(line, f"tool `{tool_id}`: {self.shown(path)} is missing")
                continue
            tool = self.yaml(path)
            if tool is None:
                continue
            before = len(self.problems)
            check_tool(tool, self.check(path), tool_id)
            if len(self.problems) == before:
                module.tools.append(plain(tool))

    def module_file(self, manifest: Path, data: Mapping, key: str) -> Mapping | None:
        """A YAML file of the module's folder that module.yaml names under `key`."""
        name = data[key]
        path = manifest.parent / str(name)
        if not isinstance(name, str) or "/" in name or not path.is_file():
            self.check(manifest).problem(data.line_of(key), f"`{key}`: no file {name!r} in this module's folder")
            return None
        return self.yaml(path)

    def read_lesson(self, lesson: LessonSource, module_check: FileCheck, line: int) -> None:
        texts: dict[str, tuple[Path, str, int]] = {}
        self.lesson_files.append((lesson, texts))
        for language in self.languages:
            path = lesson.folder / f"{lesson.id}.{language}.md"
            if not path.exists():
                module_check.problem(line, f"lesson `{lesson.id}` has no {language} version "
                                           f"({self.shown(path)} is missing)")
                continue
            try:
                source = read_markdown(path, self.shown(path))
            except ContentError as exc:
                self.problems.append(exc.problem)
                continue
            check = self.check(path)
            allowed = {"source", "kind"} if language != SOURCE_LANGUAGE else {"kind"}
            check.keys(source.meta, {"title"}, allowed)
            kind = source.meta.get("kind", "lesson")
            if kind not in LESSON_KINDS:
                check.problem(1, f"`kind` must be one of {', '.join(LESSON_KINDS)}")
            elif language == SOURCE_LANGUAGE:
                lesson.kind = kind
            elif kind != lesson.kind:
                check.problem(1, f"`kind` is {kind!r} here but {lesson.kind!r} in the English version")
            title = source.meta.get("title")
            if not source.body.strip():
                check.problem(source.body_first_line, "the lesson has no text")
            declared = source.meta.get("source")
            texts[language] = (path, f"{title or ''}\n\n{source.body}", source.body_first_line - 2)
            lesson.texts[language] = LessonText(
                language=language, title=str(title or ""), body=source.body, path=self.shown(path),
                source_version=source.version if language == SOURCE_LANGUAGE else str(declared or ""))
            self.scan_links(lesson, language, source.body, source.body_first_line, path)
        english = lesson.texts.get(SOURCE_LANGUAGE)
        for language, text in lesson.texts.items():
            if language != SOURCE_LANGUAGE and english is not None:
                text.outdated = text.source_version != english.source_version

    def scan_links(self, lesson: LessonSource, language: str, body: str, first_line: int,
                   path: Path) -> None:
        self._links = getattr(self, "_links", [])
        for number, line in enumerate(body.split("\n")):
            for match in LINK.finditer(line):
                self._links.append((path, first_line + number, match.group(1) == "!", match.group(2)))

    def check_links(self, programme: ProgrammeSource) -> None:
        for path, line, is_image, target in getattr(self, "_links", []):
            check = self.check(path)
            if target.startswith("lesson:"):
                if is_image or target[len("lesson:"):] not in programme.lessons:
                    check.problem(line, f"broken link: no lesson `{target[len('lesson:'):]}` in this programme")
            elif target.startswith(EXTERNAL):
                continue
            elif target.startswith(("/", "#")) or ":" in target.split("/")[0]:
                if not target.startswith("#"):
                    check.problem(line, f"link `{target}`: use a relative path, a lesson: link or an "
                                        "http(s) address")
            else:
                file_part = target.split("#")[0].split("?")[0]
                resolved = (path.parent / file_part).resolve()
                inside = self.folder.resolve() in resolved.parents
                if not inside or not resolved.is_file():
                    what = "image" if is_image else "link"
                    check.problem(line, f"broken {what}: `{target}` does not exist")

    def read_activity(self, programme: ProgrammeSource, path: Path, module: ModuleSource | None,
                      position: int, *, line: int, manifest: Path) -> None:
        if not path.exists():
            self.check(manifest).problem(line, f"activity file {self.shown(path)} is missing")
            return
        data = self.yaml(path)
        if data is None:
            return
        check = self.check(path)
        kind = data.get("type")
        # A list or a mapping in YAML is no key of the registry (nor hashable).
        if not isinstance(kind, str) or kind not in ACTIVITY_TYPES:
            check.problem(data.line_of("type"), f"unknown activity type {kind!r} (one of "
                                                f"{', '.join(sorted(ACTIVITY_TYPES))})")
            return
        activity_type = ACTIVITY_TYPES[kind]
        if module is not None and not activity_type.in_module:
            check.problem(data.line_of("type"), f"a {kind} belongs to the programme, not to a module")
        if module is None and activity_type.in_module:
            check.problem(data.line_of("type"), "the programme's self_assessment must have type "
                                                "self_assessment")
        activity_id = check.identifier(data, None, "activity")
        if activity_id in programme.activities or activity_id in programme.lessons:
            check.problem(data.line_of("id"), f"duplicate activity ID `{activity_id}`")
            return
        before = len(self.problems)
        activity_type.check(data, check)
        if kind == "quiz" and len(self.problems) == before:
            for message in quiz_warnings(data, self.languages):
                check.warning(data.line_of("questions"), message)
        if activity_id:
            programme.activities[activity_id] = ActivitySource(
                id=activity_id, type=kind, module_id=module.id if module else None, position=position,
                definition=plain(data), path=self.shown(path))
            if module is not None:
                module.activities.append(activity_id)
