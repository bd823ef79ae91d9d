"""The one Markdown escaper: text from outside stays text (issue 15, failures 3 and 4)."""

from __future__ import annotations

import pytest

from vcf_logic.wording import ZERO_WIDTH_SPACE, escape_markdown


@pytest.mark.parametrize("address", ["https://x.io", "http://evil.example/=1", "www.evil-site.co", "x@evil.io",
                                     "WWW.Evil.CO", "mailto:x@y.z"])
def test_bare_addresses_are_broken_where_an_autolink_would_start(address):
    escaped = escape_markdown(address)
    assert ZERO_WIDTH_SPACE in escaped
    assert escaped.replace(ZERO_WIDTH_SPACE, "").replace("\\", "") == address  # reads the same


def test_control_characters_and_lone_surrogates_show_as_replacement_characters():
    escaped = escape_markdown("a\x1b[31m\ud800b")
    assert "\x1b" not in escaped and escaped.encode("utf-8")  # encodable: a download cannot fail on it
