"""Cold start: from `streamlit run app.py` to /_stcore/health OK, and to the first chart drawn in Chromium.

Chromium is started before the clock starts (a student's browser is already open); the clock starts when the
server process is spawned. Health is polled every 10 ms; as soon as it answers, the browser opens the chart
page's URL (the first request the fresh server sees, as in a lecture when everybody follows the same link)
and the benchmark waits for the first Plotly SVG (`.js-plotly-plot .main-svg`) and for the page's heading.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from benchmarks.common import free_port, print_table, start_server, stop_server, wait_until_healthy, write_results

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
CHART = ".js-plotly-plot .main-svg"
DEFAULT_URL_PATH = "Evidence_explorer"


def one_start(browser, url_path: str, chart_timeout: float) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    external = []
    page.on("request", lambda request: None if request.url.startswith(
        ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")) else external.append(request.url))
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    start = time.perf_counter()
    server = start_server(port)
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


def run(repeats: int = 3, url_path: str = DEFAULT_URL_PATH, chart_timeout: float = 30) -> dict:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            one_start(browser, url_path, chart_timeout)  # warms the OS file cache; not counted
            starts = [one_start(browser, url_path, chart_timeout) for _ in range(repeats)]
        finally:
            browser.close()

    def median(key: str) -> float | None:
        values = [s[key] for s in starts if s[key] is not None]
        return round(statistics.median(values), 3) if values else None

    data = {"url_path": url_path, "repeats": starts, "health_s": median("health_s"),
            "first_heading_s": median("first_heading_s"), "first_chart_s": median("first_chart_s"),
            "note": "median of repeats after one unmeasured start that warms the OS file cache"}
    print_table(f"Cold start (median of {repeats}, seconds from `streamlit run`)",
                ["page", "health OK", "first heading", "first chart"],
                [(f"/{url_path}", data["health_s"], data["first_heading_s"],
                  data["first_chart_s"] if data["first_chart_s"] is not None else "no chart on the page")])
    return data


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--url-path", default=DEFAULT_URL_PATH, help="page URL path (and query) with the chart")
    args = parser.parse_args(argv)
    data = run(args.repeats, args.url_path)
    print(f"wrote {write_results('cold_start', data)}")
    return data


if __name__ == "__main__":
    main()
