"""The server configuration a classroom deployment relies on (.streamlit/config.toml)."""

import tomllib
from pathlib import Path

import pytest

CONFIG = Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml"


@pytest.fixture(scope="module")
def config() -> dict:
    return tomllib.loads(CONFIG.read_text(encoding="utf-8"))


def test_uploads_are_small(config):
    """Scenario files are a few kB; a small limit stops one student filling the server's memory."""
    assert 1 <= config["server"]["maxUploadSize"] <= 5  # megabytes


def test_no_usage_statistics_are_sent(config):
    assert config["browser"]["gatherUsageStats"] is False


def test_xsrf_and_cors_protection_are_on(config):
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"].get("enableCORS", True) is True


def test_students_see_no_traceback_and_no_external_links(config):
    """An unexpected exception shows a generic message; details go to the server log only."""
    assert config["client"]["showErrorDetails"] == "none"
    assert config["client"]["showErrorLinks"] is False


def test_nothing_is_fetched_from_other_hosts(config):
    """No custom fonts or static files that could point off the machine."""
    assert "fontFaces" not in config.get("theme", {})
    assert config["server"].get("enableStaticServing", False) is False


def test_no_full_garbage_collection_after_every_rerun(config):
    """Measured in benchmarks/: it cost more server time than a walker step (README, Scaling and performance)."""
    assert config["runner"]["postScriptGC"] is False


def test_no_module_reloading_under_running_sessions(config):
    """With a file watcher, saving a module unloads it while 100 sessions run: one of them imported it
    half-way and showed a KeyError (seen in the load test). Restart the server to deploy a change."""
    assert config["server"]["fileWatcherType"] == "none"
