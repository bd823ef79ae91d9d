"""Scenario files: a case as a small JSON object that instructors write, share and load.

Uploads are untrusted: every way a file can be wrong ends in `ScenarioFileError`, whose
message names the problem (size, encoding, JSON syntax, a field, its type or range).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass
from typing import Any

from vcf_logic.data_files import text_not_unicode
from vcf_logic.scenario import SCENARIO_FIELDS, CaseError, field_label, validate_case
from vcf_logic.wording import CONTROL_CHARACTERS

MAX_FILE_BYTES = 1024 * 1024  # the upload widget's limit too (max_upload_size, in MB): stated once, by it
MAX_TITLE_CHARS = 120  # of the annotation fields (scenario.ANNOTATION_FIELDS), only `title` is used
LARGEST_NUMBER = 10**9  # far beyond any field's range; bigger ones cannot even be compared safely


@dataclass(frozen=True)
class ScenarioFile:
    case: dict[str, Any]
    title: str | None = None


class ScenarioFileError(ValueError):
    """An uploaded scenario file that cannot be used; `field` names the culprit where there is one."""

    def __init__(self, message: str, field: str = "(file)", sentence: str | None = None):
        self.field = field
        self.sentence = sentence or message[:1].upper() + message[1:]  # for a learner: labels, not keys
        super().__init__(message)


def _size_label(n_bytes: int) -> str:
    """Megabytes or kilobytes rounded up to a tenth, so a file just over the limit never reads as the limit."""
    if n_bytes >= 1024 * 1024:
        return f"{math.ceil(n_bytes / 104857.6) / 10:g} MB"
    return f"{math.ceil(n_bytes / 102.4) / 10:g} KB" if n_bytes >= 1024 else f"{n_bytes} bytes"


def _reject_constant(name: str):
    raise ScenarioFileError(f"'{name}' is not a number JSON allows; use a plain number or null.")


def _no_duplicate_keys(pairs: list[tuple[str, object]]) -> dict:
    seen: dict[str, object] = {}
    for key, value in pairs:
        if key in seen:
            raise ScenarioFileError(f"field '{key}' appears more than once.", key)
        seen[key] = value
    return seen


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ScenarioFileError(f"the file is not UTF-8 text (unreadable byte at position {exc.start}); "
                                "save it as plain UTF-8 JSON.") from None


def _parse_json(text: str) -> object:
    try:
        return json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_no_duplicate_keys)
    except json.JSONDecodeError as exc:
        raise ScenarioFileError(f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno}).") from None
    except RecursionError:
        raise ScenarioFileError("not a scenario: the JSON is nested too deeply.") from None
    except ScenarioFileError:
        raise
    except ValueError as exc:  # e.g. an integer with thousands of digits
        raise ScenarioFileError(f"not valid JSON: {exc}.") from None


_JSON_TYPE_NAMES = {list: "a list", str: "a string", int: "a number", float: "a number", bool: "true/false"}


def _check_numbers(raw: dict) -> None:
    """Refuse absurd numbers before anything compares them."""
    for key, value in raw.items():
        if isinstance(value, int | float) and not isinstance(value, bool) and abs(value) > LARGEST_NUMBER:
            raise ScenarioFileError(f"{key}: the number is far out of range.", key,
                                    f"{field_label(key)}: the number is far out of range.")


def _title(raw: dict) -> str | None:
    title = raw.get("title")
    if title is None:
        return None
    if not isinstance(title, str) or len(title) > MAX_TITLE_CHARS:
        raise ScenarioFileError(f"title: expected text of at most {MAX_TITLE_CHARS} characters.", "title",
                                f"The title: expected text of at most {MAX_TITLE_CHARS} characters.")
    return " ".join(CONTROL_CHARACTERS.sub("", title).split()) or None  # no terminal escapes in a label


def parse_scenario_file(data: bytes) -> ScenarioFile:
    """Bytes of an uploaded file -> the validated, normalised case (and its title, if it has one)."""
    if len(data) > MAX_FILE_BYTES:
        raise ScenarioFileError(f"the file is {_size_label(len(data))}; a scenario file may be at most "
                                f"{_size_label(MAX_FILE_BYTES)}.")
    if not data.strip():
        raise ScenarioFileError("the file is empty; a scenario file holds one JSON object.")
    raw = _parse_json(_decode(data))
    if not isinstance(raw, dict):
        found = "null" if raw is None else _JSON_TYPE_NAMES.get(type(raw), type(raw).__name__)
        raise ScenarioFileError(f"a scenario file holds one JSON object {{...}} of fields; this file holds {found}.")
    if text_not_unicode(raw) is not None:  # "\\ud800" in JSON is a lone surrogate: it broke the summary download
        raise ScenarioFileError("the file holds text that is not valid Unicode (a lone surrogate such as "
                                "\\ud800); save it again as plain UTF-8 JSON.")
    _check_numbers(raw)
    try:
        case = validate_case(raw)  # the same rule for unknown fields as the CLI's
    except CaseError as exc:
        raise ScenarioFileError(str(exc), exc.field or "(case)", exc.sentence) from None
    return ScenarioFile(case, _title(raw))


def case_to_json(case: dict, title: str | None = None) -> str:
    """The case as pretty JSON, fields in the scenario format's order, ready to download, edit and load again."""
    ordered: dict[str, Any] = {"title": title} if title else {}
    ordered.update({name: case[name] for name in SCENARIO_FIELDS if name in case})
    return json.dumps(ordered, indent=2, ensure_ascii=False) + "\n"


def scenario_filename(label: str) -> str:
    """A safe download name from a vignette id or any label."""
    stem = re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")[:60].rstrip("_") or "case"
    return f"vcf_case_{stem}.json"


def case_fingerprint(case: dict) -> str:
    """A short stable id of a case's findings, e.g. to restart a step-by-step reveal when they change."""
    text = json.dumps({k: case[k] for k in sorted(case)}, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:12]
