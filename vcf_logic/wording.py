"""Words every page and export shares: the disclaimer, and text from outside made safe for Markdown."""

from __future__ import annotations

import re

DISCLAIMER = (
    "Teaching material only — not a medical device and not medical advice. "
    "It does not replace clinical judgement or local guidelines, and it stores no patient data."
)

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:])")


def escape_markdown(text: str) -> str:
    """Make data-file or user text render literally in st.markdown (no links, HTML or formatting)."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", str(text))
