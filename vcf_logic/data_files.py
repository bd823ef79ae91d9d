"""The data files, declared once, and the one way they are read and their faults reported.

Each file has a default place under data/ and a setting (an environment variable) that points the app,
the CLI and the tests at another copy, so an editor can preview a draft. Every fault is a located
`Problem` (file, entry, field, message), collected into one `DataFileError`.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, wraps
from pathlib import Path
from typing import Any, Generic, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

# libyaml's C parser where installed (10x faster at start-up), else the pure-Python one; both are safe loaders.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class DataFile:
    kind: str  # also the stem of its file name: evidence.yaml, and drafts named evidence-*.yaml
    what: str  # how a message names it: "the evidence data file"
    setting: str  # the environment variable that points at another copy

    @property
    def default(self) -> Path:
        return DATA_DIR / f"{self.kind}.yaml"

    def path(self) -> Path:
        """The file in use: the setting's copy when it is set, else the shipped one."""
        return Path(os.environ.get(self.setting) or self.default)


EVIDENCE = DataFile("evidence", "evidence data file", "VCF_EVIDENCE_FILE")
PATHWAY = DataFile("pathway", "pathway data file", "VCF_PATHWAY_FILE")
CASES = DataFile("cases", "case library", "VCF_CASES_FILE")
DATA_FILES = (EVIDENCE, PATHWAY, CASES)  # each reads the ones before it


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a data file, located so that a clinician can find it."""

    file: str
    entry: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: entry '{self.entry}', field '{self.field}': {self.message}"


class DataFileError(Exception):
    """A data file that cannot be used; `problems` lists every fault found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def file_version(path: Path) -> tuple[int, int] | None:
    """(modification time, size): a cache key that changes when the file is saved; None when unreadable."""
    try:
        stat = Path(path).stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


MAX_FILE_BYTES = 1_000_000  # evidence.yaml, the largest, is ~140 kB; a 28 MB file made References take 32 s
MAX_DEPTH = 32  # nesting of lists and mappings; the shipped files go 10 deep, 990 deep broke repr()


def _problem(name: str, entry: str, field: str, message: str) -> DataFileError:
    return DataFileError([Problem(name, entry, field, message)])


def read_text(path: Path | str, what: str = "file", limit: int = MAX_FILE_BYTES) -> str:
    """A text file's content as UTF-8, read no further than `limit` bytes (a link to /dev/zero ends here).

    Raises DataFileError (one located problem): missing, unreadable, too large, not UTF-8 (UTF-16 named as such).
    """
    name = str(path)
    try:
        with Path(path).open("rb") as stream:
            data = stream.read(limit + 1)
    except FileNotFoundError:
        raise _problem(name, "(file)", "(file)", "file not found") from None
    except OSError as exc:  # a directory, no permission, ...
        raise _problem(name, "(file)", "(file)", f"cannot read: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise _problem(name, "(file)", "(file)", f"the {what} is larger than {limit // 1000:,} kB; "
                       "is it the right file?")
    return decode_utf8(data, name)


def decode_utf8(data: bytes, name: str) -> str:
    """Bytes as text; a byte-order mark is dropped. UTF-16 and invalid UTF-8 are refused in words."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(data) >= 2 and b"\x00" in data[:4]):
        raise _problem(name, "(file)", "(encoding)", "the file is saved as UTF-16; save it as UTF-8")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise _problem(name, f"line {line}", "(encoding)",
                       f"not valid UTF-8 text (byte {exc.start + 1}); save the file as UTF-8") from None


def _bounded_events(text: str, name: str) -> None:
    """Refuse aliases and deep nesting before anything is built: `*a` nine deep expands to billions of items."""
    depth = 0
    for event in yaml.parse(text, Loader=SAFE_LOADER):
        if isinstance(event, yaml.AliasEvent):
            raise _problem(name, f"line {event.start_mark.line + 1}", "(syntax)",
                           f"aliases (*{str(event.anchor)[:40]}) are not allowed in data files; write the value out")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _problem(name, f"line {event.start_mark.line + 1}", "(syntax)",
                               f"nested more than {MAX_DEPTH} levels deep")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


class _DataLoader(SAFE_LOADER):
    """The safe loader, refusing a key given twice in one mapping (the last one would silently win)."""

    def construct_mapping(self, node, deep=False):
        seen: set[tuple[str, str]] = set()
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                key = (key_node.tag, key_node.value)
                if key in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"the key '{key_node.value[:40]}' is given twice in one entry",
                        key_node.start_mark)
                seen.add(key)
        return super().construct_mapping(node, deep=deep)


def text_not_unicode(value) -> str | None:
    """The first string (key or value) that is not valid Unicode, e.g. a lone surrogate; iterative."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return item.encode("utf-8", "backslashreplace").decode("ascii")[:40]
    return None


def parse_yaml_text(text: str, name: str):
    """YAML text parsed safely and within bounds: no aliases, bounded depth, no key twice, valid Unicode."""
    try:
        _bounded_events(text, name)
        raw = yaml.load(text, Loader=_DataLoader)
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f"line {where.line + 1}" if where else "(file)"
        reason = getattr(exc, "problem", None) or str(exc)
        raise _problem(name, line, "(syntax)", f"not valid YAML: {reason}") from None
    if (bad := text_not_unicode(raw)) is not None:
        raise _problem(name, "(file)", "(text)", f"text that is not valid Unicode: {bad}")
    return raw


def read_yaml(path: Path | str) -> dict:
    """Parse a YAML mapping, turning every failure into a DataFileError."""
    name = str(path)
    raw = parse_yaml_text(read_text(path, "data file"), name)
    if not isinstance(raw, dict):
        raise DataFileError([Problem(name, "(file)", "(top level)", "expected a mapping of sections")])
    return raw


def remember_errors(maxsize: int):
    """Like functools.lru_cache, but a DataFileError is cached too: a broken file costs one read, not one a page."""
    def decorate(load):
        @lru_cache(maxsize=maxsize)
        def outcome(*args):
            try:
                return load(*args), None
            except DataFileError as exc:
                return None, exc.problems

        @wraps(load)
        def cached(*args):
            value, problems = outcome(*args)
            if problems is not None:
                raise DataFileError(problems)
            return value

        cached.cache_clear = outcome.cache_clear
        cached.cache_info = outcome.cache_info
        return cached
    return decorate


def named_data_file(problem_file: str) -> DataFile | None:
    """Which declared data file a problem's file name is (the one in use), for a message's heading."""
    return next((f for f in DATA_FILES if str(f.path()) == problem_file), None)


def _entry_label(raw: dict, loc: tuple) -> tuple[str, str]:
    """Name the entry (by its id where it has one) and the field of a pydantic error location."""
    if not loc:
        return "(file)", "(top level)"
    section = loc[0]
    if len(loc) >= 2 and isinstance(loc[1], int):
        items = raw.get(section) or []
        item = items[loc[1]] if loc[1] < len(items) else None
        ident = item.get("id") if isinstance(item, dict) else None
        entry = f"{section}/{ident}" if ident else f"{section}[{loc[1]}]"
        field = ".".join(str(part) for part in loc[2:]) or "(entry)"
        return entry, field
    return str(section), ".".join(str(part) for part in loc[1:]) or "(section)"


def problems_from_validation(name: str, raw: dict, exc: ValidationError) -> list[Problem]:
    problems = []
    for err in exc.errors():
        entry, field = _entry_label(raw, tuple(err["loc"]))
        message = err["msg"].removeprefix("Value error, ")
        if ": " in message and field == "(entry)":  # model validators name their field first
            field, message = message.split(": ", 1)
        problems.append(Problem(name, entry, field, message))
    return problems


Model = TypeVar("Model", bound=BaseModel)


def validate_or_raise(model: type[Model], raw: dict, name: str) -> Model:
    """The parsed mapping as `model`, or a DataFileError locating every field that does not fit."""
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise DataFileError(problems_from_validation(name, raw, exc)) from None


def raise_problems(problems: list[Problem]) -> None:
    if problems:
        raise DataFileError(problems)


Derived = TypeVar("Derived")


class PerVersion(Generic[Derived]):
    """What is derived from one version of the evidence (by its digest), built once for every session of the
    process; the newest `keep` versions are kept (a lecturer editing the file makes a new one per save).

    Kept here rather than in Streamlit's cache, which any client can clear for everyone.
    """

    def __init__(self, build: Callable[[Any], Derived], keep: int):
        self._build, self._keep = build, keep
        self._built: dict[str, Derived] = {}
        self._lock = threading.Lock()

    def __call__(self, evidence) -> Derived:
        with self._lock:
            derived = self._built.get(evidence.digest)
            if derived is None:
                if len(self._built) >= self._keep:
                    del self._built[next(iter(self._built))]  # the oldest version
                derived = self._built[evidence.digest] = self._build(evidence)
            return derived
