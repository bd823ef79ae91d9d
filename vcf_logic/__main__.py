"""Command line: `python -m vcf_logic check [FILE ...]` and `python -m vcf_logic recommend CASE.json`."""

from __future__ import annotations

import argparse
import sys

from vcf_logic import cli_check, cli_recommend


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m vcf_logic", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    cli_check.register(commands)
    cli_recommend.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
