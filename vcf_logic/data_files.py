"""The data files, declared once, and the one way they are read and their faults reported.

Each file has a default place under data/ and a setting (an environment variable) that points the app,
the CLI and the tests at another copy, so an editor can preview a draft. Every fault is a located
`Problem` (file, entry, field, message), collected into one `DataFileError`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

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


def read_yaml(path: Path | str) -> dict:
    """Parse a YAML mapping, turning every failure into a DataFileError."""
    name = str(path)
    try:
        raw = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except FileNotFoundError:
        raise DataFileError([Problem(name, "(file)", "(file)", "file not found")]) from None
    except OSError as exc:  # a directory, no permission, ...
        raise DataFileError([Problem(name, "(file)", "(file)", f"cannot read: {exc.strerror or exc}")]) from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        where = getattr(exc, "problem_mark", None)
        line = f"line {where.line + 1}" if where else "(file)"
        raise DataFileError([Problem(name, line, "(syntax)", f"not valid YAML: {exc}")]) from None
    if not isinstance(raw, dict):
        raise DataFileError([Problem(name, "(file)", "(top level)", "expected a mapping of sections")])
    return raw


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
