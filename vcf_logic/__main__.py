"""Command line: `python -m vcf_logic check [FILE ...]`, `recommend CASE.json` and `schema`."""

from __future__ import annotations

import argparse
import sys

from vcf_logic import cli_check, cli_recommend, cli_schema


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m vcf_logic", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    cli_check.register(commands)
    cli_recommend.register(commands)
    cli_schema.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
