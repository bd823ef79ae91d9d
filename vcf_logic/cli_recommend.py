"""`python -m vcf_logic recommend CASE.json` (or `-` for stdin): print the recommendation as JSON.

Exit 0 with the JSON on stdout; exit 2 with a one-line message on stderr naming the field (or the
place in the JSON) when the case cannot be used; exit 1 when the pathway data itself is broken.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from vcf_logic.data_files import DataFileError
from vcf_logic.engine import CaseError, recommend

BAD_CASE = 2


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


def read_case(source: str) -> Any:
    """Parse the case; NaN/Infinity and repeated fields are refused, not silently accepted."""
    if source == "-":
        text = sys.stdin.read()
    else:
        with open(source, encoding="utf-8") as handle:
            text = handle.read()
    return json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_no_duplicates)


def run(args: argparse.Namespace) -> int:
    name = "standard input" if args.case == "-" else args.case
    try:
        recommendation = recommend(read_case(args.case))
    except OSError as exc:
        print(f"{name}: cannot read: {exc.strerror or exc}", file=sys.stderr)
        return BAD_CASE
    except json.JSONDecodeError as exc:
        print(f"{name}: not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})", file=sys.stderr)
        return BAD_CASE
    except CaseError as exc:
        print(f"{name}: field '{exc.field}': {str(exc).removeprefix(exc.field + ': ')}", file=sys.stderr)
        return BAD_CASE
    except ValueError as exc:  # NaN or Infinity in the JSON
        print(f"{name}: not valid JSON: {exc}", file=sys.stderr)
        return BAD_CASE
    except DataFileError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    print(json.dumps(recommendation.to_dict(), indent=2, ensure_ascii=False))
    return 0
