"""Cold start: from a fresh server to /_stcore/health OK, and to the first chart drawn in Chromium, beside a demo.

Chromium is started before the clock starts (a student's browser is already open); the clock starts when the
server process is spawned, as `make run` spawns it. Health is polled every 10 ms; as soon as it answers, the
browser opens the chart page's URL (the first request the fresh server sees, as in a lecture when everybody
follows the same link) and the benchmark waits for the first Plotly SVG (`.js-plotly-plot .main-svg`) and for
the page's heading. The demo is Streamlit's floor for the same thing: a one-chart page (a heading and one
Plotly chart) in a folder of its own with this repository's config, started the same way; app and demo
alternate in the same run, and the ratio of their medians is the figure to read.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.common import (
    APP_ROOT,
    free_port,
    print_table,
    start_server,
    stop_server,
    wait_until_healthy,
    write_results,
)

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
CHART = ".js-plotly-plot .main-svg"
DEFAULT_URL_PATH = "Evidence_explorer"
DEMO_PAGE = """import plotly.graph_objects as go
import streamlit as st

st.title("One chart")
st.plotly_chart(go.Figure(go.Bar(x=["a", "b", "c"], y=[3, 1, 2])))
"""


def one_start(browser, url_path: str, chart_timeout: float, app_dir: Path = APP_ROOT) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    external = []
    page.on("request", lambda request: None if request.url.startswith(
        ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")) else external.append(request.url))
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    start = time.perf_counter()
    server = start_server(port, cwd=app_dir)
    try:
        health = wait_until_healthy(base_url, server, poll=0.01)
        page.goto(f"{base_url}/{url_path}")
        page.locator("h1").first.wait_for(timeout=60_000)
        heading = time.perf_counter() - start
        try:
            page.locator(CHART).first.wait_for(timeout=chart_timeout * 1000)
            chart = time.perf_counter() - start
        except Exception:  # noqa: BLE001 - a page without a chart yet: report None, not a crash
            chart = None
        return {"health_s": round(health, 3), "first_heading_s": round(heading, 3),
                "first_chart_s": None if chart is None else round(chart, 3), "external_requests": external}
    finally:
        stop_server(server)
        context.close()


def run(repeats: int = 3, url_path: str = DEFAULT_URL_PATH, chart_timeout: float = 30,
        app_dir: Path = APP_ROOT) -> dict:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="vcf-demo-") as folder, sync_playwright() as playwright:
        demo_dir = Path(folder)
        (demo_dir / "app.py").write_text(DEMO_PAGE, encoding="utf-8")
        shutil.copytree(APP_ROOT / ".streamlit", demo_dir / ".streamlit")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            one_start(browser, url_path, chart_timeout, app_dir)  # warms the OS file cache; not counted
            one_start(browser, "", chart_timeout, demo_dir)
            app, demo = [], []
            for _ in range(repeats):  # alternate, so that other work on the machine weighs on both alike
                app.append(one_start(browser, url_path, chart_timeout, app_dir))
                demo.append(one_start(browser, "", chart_timeout, demo_dir))
        finally:
            browser.close()

    def median(starts: list[dict], key: str) -> float | None:
        values = [s[key] for s in starts if s[key] is not None]
        return round(statistics.median(values), 3) if values else None

    data = {"app_dir": str(app_dir), "url_path": url_path, "repeats": app, "demo_repeats": demo,
            **{key: median(app, key) for key in ("health_s", "first_heading_s", "first_chart_s")},
            "demo": {key: median(demo, key) for key in ("health_s", "first_heading_s", "first_chart_s")},
            "note": "medians of alternating app and demo starts, after one unmeasured start of each"}
    app_chart, demo_chart = data["first_chart_s"], data["demo"]["first_chart_s"]
    data["first_chart_ratio_to_demo"] = round(app_chart / demo_chart, 2) if app_chart and demo_chart else None
    print_table(f"Cold start (median of {repeats}, seconds from the server's spawn; the demo is a one-chart page)",
                ["page", "health OK", "first heading", "first chart", "× demo"],
                [(f"/{url_path}", data["health_s"], data["first_heading_s"],
                  data["first_chart_s"] if data["first_chart_s"] is not None else "no chart on the page",
                  data["first_chart_ratio_to_demo"]),
                 ("demo: one-chart page", data["demo"]["health_s"], data["demo"]["first_heading_s"],
                  data["demo"]["first_chart_s"], 1)])
    return data


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--url-path", default=DEFAULT_URL_PATH, help="page URL path (and query) with the chart")
    parser.add_argument("--app-dir", type=Path, default=APP_ROOT,
                        help="another checkout of the app (it needs vcf_ui/serve.py), for a before/after figure")
    args = parser.parse_args(argv)
    data = run(args.repeats, args.url_path, app_dir=args.app_dir.resolve())
    print(f"wrote {write_results('cold_start', data)}")
    return data


if __name__ == "__main__":
    main()
