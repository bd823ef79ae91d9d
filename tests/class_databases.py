"""The two databases live classes run on, for tests: a SQLite file in a temporary folder, and a PostgreSQL schema.

PostgreSQL tests need VCF_TEST_POSTGRES_URL (`.ci/run` starts a server and sets it). Without it they skip
with one line, unless REQUIRE_POSTGRES=1 (as in CI), when a missing server fails the run. Each test gets its
own schema, dropped afterwards.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest

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
def postgres_schema(base_url: str) -> Iterator[str]:
    """A fresh schema in the test database; yields a `postgresql://` URL whose connections use only it."""
    import sqlalchemy as sa

    schema = f"vcf_test_{secrets.token_hex(6)}"
    admin = sa.create_engine("postgresql+psycopg://" + base_url.split("://", 1)[1], poolclass=sa.pool.NullPool)
    with admin.begin() as c:
        c.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in base_url else "?"
    try:
        yield f"{base_url}{separator}options={quote(f'-csearch_path={schema}')}"
    finally:
        with admin.begin() as c:
            c.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@contextmanager
def class_database(backend: str, folder: Path) -> Iterator[dict[str, str]]:
    """Environment variables that point the app's class store at a fresh database of this backend."""
    if backend == "sqlite":
        yield {"VCF_CLASS_DIR": str(folder), "VCF_CLASS_DB": ""}
        return
    with postgres_schema(postgres_url_or_skip()) as url:
        yield {"VCF_CLASS_DB": url}
