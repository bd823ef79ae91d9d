"""Helpers for the Playwright tests: console capture, waiting for a rerun to finish, screenshots on request."""

from __future__ import annotations

import os
from pathlib import Path

APP_ROOT = Path(__file__).resolve().parent.parent
# `make screenshots` sets this to docs/screenshots; without it the browser tests write no files.
SCREENSHOTS_VARIABLE = "VCF_SCREENSHOTS"

# A deep link always makes these two requests relative to the page path; Streamlit answers 404.
EXPECTED_DEEP_LINK_404 = ("/_stcore/health", "/_stcore/host-config")
LOCAL_PREFIXES = ("http://127.0.0.1", "http://localhost", "ws://127.0.0.1", "ws://localhost", "data:", "blob:")


class ConsoleLog:
    """Console errors and page errors seen by one page, minus the known deep-link 404s."""

    def __init__(self, page):
        self.errors: list[str] = []
        self.external_requests: list[str] = []
        page.on("console", self._on_console)
        page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        page.on("request", self._on_request)

    def _on_console(self, message) -> None:
        if message.type != "error":
            return
        location = message.location.get("url", "") if message.location else ""
        if "404" in message.text and location.endswith(EXPECTED_DEEP_LINK_404):
            return
        self.errors.append(f"{message.text} @ {location}")

    def _on_request(self, request) -> None:
        url = request.url
        if not url.startswith(("http://127.0.0.1", "http://localhost", "ws://127.0.0.1", "data:", "blob:")):
            self.external_requests.append(url)


def wait_for_app(page, text: str | None = None, timeout: float = 30_000) -> None:
    """Wait until `text` is on screen, then until the script has finished.

    Give a text that appears only after the change (a new heading, the next question): the script-state
    attribute alone can still read notRunning just after a click, before the rerun has started.
    """
    if text:
        page.get_by_text(text, exact=False).first.wait_for(timeout=timeout)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout)


def save_screenshot(page, name: str) -> None:
    """Write `name` into the folder VCF_SCREENSHOTS names (relative to the repository), if it names one."""
    folder = os.environ.get(SCREENSHOTS_VARIABLE)
    if not folder:
        return
    path = APP_ROOT / folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path))
