"""Shared fixtures: one Streamlit server and one Chromium for the browser tests.

Browser tests are marked `browser`. Without Debian's chromium they skip with one line,
unless REQUIRE_BROWSER=1 (as in CI), when a missing browser fails the run.
"""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

from benchmarks.common import running_server
from tests.browser_helpers import ConsoleLog
from vcf_logic.__main__ import main as vcf_logic_main

# Property tests are reproducible by default, so `make test` here and in CI try the same examples and a
# green run means the same thing on both; no per-example deadline (speed lives in benchmarks/).
# `HYPOTHESIS_PROFILE=explore make test` draws fresh random examples on every run (and more of them where a
# test sets no count of its own) to hunt for new bugs.
settings.register_profile("default", derandomize=True, deadline=None, database=None)
settings.register_profile("explore", derandomize=False, deadline=None, max_examples=2000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def chromium_available() -> bool:
    return Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is not None


def pytest_collection_modifyitems(config, items):
    if chromium_available():
        return
    if os.environ.get("REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(f"REQUIRE_BROWSER=1 but no Chromium at {CHROMIUM} (apt-get install chromium)")
    skip = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM}; install Debian's chromium to run browser tests")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 720}}


@pytest.fixture(scope="session", autouse=True)
def class_database_folder(tmp_path_factory):
    """Live classes of every test (and of the servers tests start) go to a temporary SQLite file, unless a
    test points VCF_CLASS_DB elsewhere: a test run never writes into the user's own class database."""
    folder = tmp_path_factory.mktemp("classes")
    saved = {name: os.environ.get(name) for name in ("VCF_CLASS_DIR", "VCF_CLASS_DB")}
    os.environ["VCF_CLASS_DIR"], os.environ["VCF_CLASS_DB"] = str(folder), ""
    yield folder
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(scope="session")
def app_server():
    """Base URL of a fresh Streamlit server shared by the browser tests."""
    with running_server() as base_url:
        yield base_url


@dataclass(frozen=True)
class CliResult:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def vcf_cli(capsys, monkeypatch) -> Callable[..., CliResult]:
    """`python -m vcf_logic ARGS`, run in this process by the same `main`; `stdin` is what a pipe would send."""
    def run(*argv, stdin: str | None = None) -> CliResult:
        if stdin is not None:
            monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        capsys.readouterr()
        returncode = vcf_logic_main([str(arg) for arg in argv])
        captured = capsys.readouterr()
        return CliResult(returncode, captured.out, captured.err)
    return run


@pytest.fixture
def console_log(page) -> ConsoleLog:
    """Start recording console errors and off-machine requests before the test navigates."""
    return ConsoleLog(page)
