"""README's table of explorer views names every declared view (and no other)."""

from __future__ import annotations

import re
from pathlib import Path

from vcf_logic import explorer as ev

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_readme_lists_every_explorer_view():
    listed = re.findall(r"^\s*\| `([a-z_]+)` \|", README, flags=re.MULTILINE)
    assert [i for i in listed if i in ev.VIEW_IDS] == list(ev.VIEW_IDS)  # each once, in menu order
