"""`python -m vcf_logic recommend CASE.json` (or `-` for stdin): print the recommendation as JSON.

Exit 0 with the JSON on stdout; exit 2 with a one-line message on stderr naming the field (or the
place in the JSON) when the case cannot be used (too large, not UTF-8, nested too deep, unreadable input,
output that cannot be written); exit 1 when the pathway data itself is broken. Echoed input loses its control
characters, so a hostile key cannot drive the terminal.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import sys
from typing import Any

from vcf_logic.data_files import DataFileError, decode_utf8, read_text
from vcf_logic.engine import CaseError, recommend

BAD_CASE = 2
MAX_CASE_BYTES = 1_000_000  # a case is a few hundred bytes; /dev/zero must not fill the memory
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """Text from the input made safe to print on one terminal line: no escapes, no invalid Unicode."""
    text = text.encode("utf-8", "replace").decode("utf-8")
    return _CONTROL.sub("?", text).replace("\n", " ")


def register(commands) -> None:
    cmd = commands.add_parser("recommend", help="walk one case through the pathway; print JSON")
    cmd.add_argument("case", help="a JSON file in the scenario format, or - to read standard input")
    cmd.set_defaults(run=run)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise CaseError(key, "given twice")
        seen[key] = value
    return seen


class BadInput(ValueError):
    """The input cannot be read as a case; the message is one line for stderr."""


def read_case(source: str) -> Any:
    """Parse the case; NaN/Infinity and repeated fields are refused, not silently accepted."""
    if source == "-":
        if sys.stdin is None:  # started with standard input closed (`<&-`)
            raise BadInput("standard input is closed")
        stream = getattr(sys.stdin, "buffer", sys.stdin)  # bytes from a terminal or pipe; text in tests
        data = stream.read(MAX_CASE_BYTES + 1)
        if len(data) > MAX_CASE_BYTES:
            raise BadInput(f"larger than {MAX_CASE_BYTES // 1000:,} kB; a case is one small JSON object")
        text = decode_utf8(data, "standard input") if isinstance(data, bytes) else data
    else:
        text = read_text(source, "case", MAX_CASE_BYTES)
    return json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_no_duplicates)


def _recommend(source: str) -> str:
    """The recommendation as JSON text, or BadInput / CaseError / DataFileError."""
    try:
        case = read_case(source)
    except BadInput:
        raise
    except json.JSONDecodeError as exc:
        raise BadInput(f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    except RecursionError:
        raise BadInput("not valid JSON for a case: nested too deeply") from None
    except (OSError, EOFError) as exc:
        raise BadInput(f"cannot read: {getattr(exc, 'strerror', None) or exc}") from None
    except ValueError as exc:  # NaN or Infinity, a number of thousands of digits, text that is not UTF-8
        if isinstance(exc, CaseError):
            raise
        message = str(exc)
        if "int_max_str_digits" in message:  # not advice to call sys.set_int_max_str_digits()
            message = "a number with thousands of digits"
        raise BadInput(f"not valid JSON: {message}") from None
    return json.dumps(recommend(case).to_dict(), indent=2, ensure_ascii=False)


def run(args: argparse.Namespace) -> int:
    name = "standard input" if args.case == "-" else printable(args.case)
    try:
        output = _recommend(args.case)
    except DataFileError as exc:
        if exc.problems and exc.problems[0].file == str(args.case):  # the case file itself
            problem = exc.problems[0]
            reading = problem.message.startswith("cannot read") or problem.field != "(file)"
            return _fail(f"{name}: {'' if reading else 'cannot read: '}{problem.message}")
        for problem in exc.problems:
            print(printable(str(problem)), file=sys.stderr)
        return 1
    except BadInput as exc:
        return _fail(f"{name}: {exc}")
    except CaseError as exc:
        return _fail(f"{name}: field '{exc.field}': {str(exc).removeprefix(exc.field + ': ')}")
    try:
        print(output)
        sys.stdout.flush()
    except OSError as exc:  # a full disk, /dev/full, a closed pipe
        return _fail(f"cannot write the result: {exc.strerror or exc}")
    return 0


def _fail(message: str) -> int:
    with contextlib.suppress(OSError, AttributeError):  # stderr closed or full: the exit code still says it
        print(printable(message), file=sys.stderr)
    return BAD_CASE
