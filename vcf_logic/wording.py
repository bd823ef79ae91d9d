"""Words every page and export shares: the disclaimer, and text from outside made safe for Markdown."""

from __future__ import annotations

import re

DISCLAIMER = (
    "Teaching material only — not a medical device and not medical advice. "
    "It does not replace clinical judgement or local guidelines, and it stores no patient data."
)

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:])")


# GitHub-flavoured Markdown turns bare addresses into links, escaped or not: `https://x.io`, `www.x.co`, `a@x.io`.
# A zero-width space where the pattern would match keeps them text (it does not show, and it survives copying).
_AUTOLINK_STARTS = re.compile(r"(?i)(?<=www)(?=\\\.)|(?<=:)(?=//)|(?<=:)(?=\\\.)|(?=@)")
ZERO_WIDTH_SPACE = "\u200b"
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # a terminal escape is no text to show


def escape_markdown(text: str) -> str:
    """Make data-file or user text render literally in st.markdown: no links (autolinks included), HTML or
    formatting; a control character or text that is not valid Unicode (a lone surrogate) shows as �."""
    text = CONTROL_CHARACTERS.sub("\ufffd", str(text).encode("utf-8", "replace").decode("utf-8"))
    escaped = _MARKDOWN_SPECIALS.sub(r"\\\1", text)
    return _AUTOLINK_STARTS.sub(ZERO_WIDTH_SPACE, escaped)


def spreadsheet_safe(text: str) -> str:
    """Text a spreadsheet shows as text rather than running it as a formula (`=HYPERLINK(...)` and the like)."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_text(frame) -> str:
    """A pandas table as CSV for download, every text cell spreadsheet-safe; numbers are left as numbers."""
    from pandas.api.types import is_numeric_dtype  # here: the rest of this module needs no pandas

    safe = frame.copy()
    for column in safe.columns:
        if not is_numeric_dtype(safe[column]):
            safe[column] = safe[column].map(lambda value: spreadsheet_safe(value) if isinstance(value, str) else value)
    return safe.to_csv(index=False)
