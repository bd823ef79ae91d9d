"""What every benchmark shares: a Streamlit server it starts and stops, RSS, percentiles, results on disk.

The browser tests start their servers with `running_server` from here too.
"""

from __future__ import annotations

import json
import os
import platform
import secrets
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from vcf_ui import serve
from vcf_ui.serve import free_port, wait_until_healthy
from vcf_ui.serve import stop as stop_server

APP_ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = Path(__file__).resolve().parent / "results"


def start_server(port: int, script: str = "app.py", cwd: Path = APP_ROOT, env: dict | None = None,
                 log: Path | None = None, options: dict[str, str] | None = None,
                 nodelay: bool = True) -> subprocess.Popen:
    """The app as `make run` serves it (vcf_ui/serve.py: TCP_NODELAY on every connection), bound to loopback.

    `options` override .streamlit/config.toml; `nodelay=False` starts plain `streamlit run`, for comparison.
    """
    command = serve.command(script, port, options=options, nodelay=nodelay)
    environment = {**os.environ, **(env or {})}
    if nodelay:  # the launcher is a module of this app, also for a page served from another folder
        environment["PYTHONPATH"] = os.pathsep.join(filter(None, [str(APP_ROOT), environment.get("PYTHONPATH")]))
    stderr = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115 - closed with the process
    return subprocess.Popen(command, cwd=cwd, env=environment, stdout=subprocess.DEVNULL, stderr=stderr)


CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


@contextmanager
def chromium() -> Iterator:
    """Debian's Chromium, headless, through Playwright; closed after."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def page_folder(root: Path, name: str, page: str) -> Path:
    """A folder `root`/`name` with one page (app.py) and this repository's config, to serve as the app is."""
    folder = root / name
    folder.mkdir()
    (folder / "app.py").write_text(page, encoding="utf-8")
    shutil.copytree(APP_ROOT / ".streamlit", folder / ".streamlit")
    return folder


@dataclass(frozen=True)
class Served:
    port: int
    process: subprocess.Popen

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@contextmanager
def served(cwd: Path = APP_ROOT, env: dict[str, str] | None = None, options: dict[str, str] | None = None,
           nodelay: bool = True, log: Path | None = None) -> Iterator[Served]:
    """A fresh server of `cwd`/app.py as `make run` starts it (`start_server`), on a free port, healthy; yields its
    URL and process, then stops it. A server that exits before it is healthy says why, from its log."""
    with tempfile.TemporaryDirectory(prefix="vcf-server-") as folder:
        log = log or Path(folder) / "stderr.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        port = free_port()
        server = start_server(port, cwd=cwd, env=env, log=log, options=options, nodelay=nodelay)
        try:
            wait_until_healthy(f"http://127.0.0.1:{port}", server, log=log)
            yield Served(port, server)
        finally:
            stop_server(server)


@contextmanager
def running_server(env: dict[str, str] | None = None) -> Iterator[str]:
    """`served` app.py, yielding its base URL; `env` adds variables to the server's environment, e.g.
    VCF_EVIDENCE_FILE for a test copy."""
    with served(env=env) as server:
        yield server.url


def rss_mb(pid: int) -> float:
    """Resident set size of one process, from /proc (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for pid {pid}")


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100); NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def summary_ms(seconds: Sequence[float]) -> dict:
    """p50/p95/max/mean in milliseconds, rounded for reading."""
    if not seconds:
        return {"count": 0, "p50_ms": None, "p95_ms": None, "max_ms": None, "mean_ms": None}
    return {
        "count": len(seconds),
        "p50_ms": round(percentile(seconds, 50) * 1000, 1),
        "p95_ms": round(percentile(seconds, 95) * 1000, 1),
        "max_ms": round(max(seconds) * 1000, 1),
        "mean_ms": round(statistics.fmean(seconds) * 1000, 1),
    }


def machine() -> dict:
    """Where the figures come from; the load average says whether other work shared the CPUs."""
    return {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform(),
            "load_average_1_5_15_min": [round(x, 2) for x in os.getloadavg()]}


def write_results(name: str, data: dict) -> Path:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"{name}.json"
    payload = {"benchmark": name, "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "machine": machine(), **data}
    path.write_text(json.dumps(payload, indent=2, default=str) + "\n", encoding="utf-8")
    return path


def print_table(title: str, headers: Sequence[str], rows: Sequence[Sequence]) -> None:
    """A Markdown table, so that it can be pasted into README or an issue as it is."""
    cells = [[_cell(value) for value in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)]
    print(f"\n{title}")
    print("| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in cells:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")


def _cell(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.2f}" if abs(value) < 10 else f"{value:.0f}"
    return str(value)


@contextmanager
def postgres_schema(base_url: str, prefix: str = "vcf") -> Iterator[str]:
    """A fresh schema in a PostgreSQL database, dropped afterwards; yields a `postgresql://` URL whose connections
    use only it. The tests and the class-load benchmark each take one, so runs never see each other's rows."""
    import sqlalchemy as sa  # here: only the PostgreSQL runs need it

    schema = f"{prefix}_{secrets.token_hex(6)}"
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
