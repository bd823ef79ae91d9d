"""The one Markdown escaper: text from outside stays text (issue 15, failures 3 and 4)."""

from __future__ import annotations

import pytest

from vcf_logic.wording import ZERO_WIDTH_SPACE, csv_text, escape_markdown


@pytest.mark.parametrize("address", ["https://x.io", "http://evil.example/=1", "www.evil-site.co", "x@evil.io",
                                     "WWW.Evil.CO", "mailto:x@y.z"])
def test_bare_addresses_are_broken_where_an_autolink_would_start(address):
    escaped = escape_markdown(address)
    assert ZERO_WIDTH_SPACE in escaped
    assert escaped.replace(ZERO_WIDTH_SPACE, "").replace("\\", "") == address  # reads the same


def test_control_characters_and_lone_surrogates_show_as_replacement_characters():
    escaped = escape_markdown("a\x1b[31m\ud800b")
    assert "\x1b" not in escaped and escaped.encode("utf-8")  # encodable: a download cannot fail on it


def test_downloaded_csv_never_hands_a_spreadsheet_a_formula():
    import pandas as pd

    frame = pd.DataFrame({"measure": ["=HYPERLINK(\"http://evil.example\",\"x\")", "+1", "@sum", "pain"],
                          "value": [-3.5, 1.0, 2.0, 3.0]})
    rows = csv_text(frame).splitlines()
    assert rows[1].startswith("\"'=HYPERLINK(") and rows[2].startswith("'+1") and rows[3].startswith("'@sum")
    assert rows[4] == "pain,3.0" and rows[1].endswith(",-3.5")  # numbers stay numbers
