"""The two databases live classes run on, for tests: a SQLite file in a temporary folder, and a PostgreSQL schema.

PostgreSQL tests need VCF_TEST_POSTGRES_URL (`.ci/run` starts a server and sets it). Without it they skip
with one line, unless REQUIRE_POSTGRES=1 (as in CI), when a missing server fails the run. Each test gets its
own schema, dropped afterwards.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from benchmarks.common import postgres_schema

POSTGRES_URL_VARIABLE = "VCF_TEST_POSTGRES_URL"
BACKENDS = ("sqlite", "postgresql")


def postgres_url_or_skip() -> str:
    url = os.environ.get(POSTGRES_URL_VARIABLE)
    if url:
        return url
    if os.environ.get("REQUIRE_POSTGRES") == "1":
        pytest.fail(f"REQUIRE_POSTGRES=1 but {POSTGRES_URL_VARIABLE} is not set (.ci/run starts PostgreSQL)")
    pytest.skip(f"{POSTGRES_URL_VARIABLE} not set; set it to a PostgreSQL database URL to run these tests")


@contextmanager
def class_database(backend: str, folder: Path) -> Iterator[dict[str, str]]:
    """Environment variables that point the app's class store at a fresh database of this backend."""
    if backend == "sqlite":
        yield {"VCF_CLASS_DIR": str(folder), "VCF_CLASS_DB": ""}
        return
    with postgres_schema(postgres_url_or_skip(), prefix="vcf_test") as url:
        yield {"VCF_CLASS_DB": url}
