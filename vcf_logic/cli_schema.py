"""`python -m vcf_logic schema`: print the scenario format (the public contract) as JSON Schema."""

from __future__ import annotations

import argparse
import json

from vcf_logic.scenario import json_schema


def register(commands) -> None:
    cmd = commands.add_parser("schema", help="print the scenario format as JSON Schema")
    cmd.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
    return 0
