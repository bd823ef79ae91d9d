"""`python -m vcf_logic check [FILE ...]`: validate data files the way the app does at load."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from vcf_logic import checks
from vcf_logic.data_files import DataFileError


def register(commands) -> None:
    cmd = commands.add_parser("check", help="validate data files; exit 1 on any problem")
    cmd.add_argument("files", nargs="*", type=Path,
                     help="data files to check (default: every data file the app loads)")
    cmd.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    failed = False
    for path in args.files or checks.default_files():
        try:
            summary = checks.check_file(path)
        except DataFileError as exc:
            failed = True
            for problem in exc.problems:
                print(problem, file=sys.stderr)
        else:
            print(f"{path}: OK ({summary})")
    return 1 if failed else 0
