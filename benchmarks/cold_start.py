"""Cold start: from a fresh server to /_stcore/health OK, and to the first chart drawn in Chromium, beside a demo.

Chromium is started before the clock starts (a student's browser is already open); the clock starts when the
server process is spawned, as `make run` spawns it. Health is polled every 10 ms; as soon as it answers, the
browser opens the chart page's URL (the first request the fresh server sees, as in a lecture when everybody
follows the same link) and the benchmark waits for the first Plotly SVG (`.js-plotly-plot .main-svg`) and for
the page's heading. The demo is Streamlit's floor for the same thing: a one-chart page (a heading and one
Plotly chart) in a folder of its own with this repository's config, started the same way; app and demo
alternate in the same run, and the ratio of their medians is the figure to read.

Where the time goes: every start also records its phases (the page's HTML and JavaScript loaded, the first
element and the first chart element received over the websocket, the run finished, the heading and the chart
drawn), for the app and the demo alike. `--profile` samples one more app start's server with py-spy and prints
where the first request's script thread and the preload thread spent it. `--kinds` starts the demo with one more
kind of element each (a table, a radio, a slider...), and so shows what each kind the browser loads on demand
costs before the chart is drawn. `--trace` records one start of each in Chromium's tracing, with its CPU
profiler, and prints the renderer's main-thread CPU by script: what the browser does for the page, beside the demo.
"""

from __future__ import annotations

import argparse
import collections
import json
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from benchmarks.common import (
    APP_ROOT,
    RESULTS_DIR,
    chromium,
    free_port,
    page_folder,
    print_table,
    start_server,
    stop_server,
    wait_until_healthy,
    write_results,
)

CHART = ".js-plotly-plot .main-svg"
DEFAULT_URL_PATH = "Evidence_explorer"
DEMO_PAGE = """import plotly.graph_objects as go
import streamlit as st

st.title("One chart")
st.plotly_chart(go.Figure(go.Bar(x=["a", "b", "c"], y=[3, 1, 2])))
"""


PHASES = {  # key: column heading, in the order a start goes through them
    "health_s": "health OK", "page_loaded_s": "page loaded", "first_element_s": "first element sent",
    "chart_sent_s": "chart sent", "run_finished_s": "run finished", "first_heading_s": "heading drawn",
    "first_chart_s": "chart drawn"}


def watch_messages(page, clock, seen: dict) -> None:
    """Note in `seen` when the first element, the first chart element and the end of the first run arrive."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    def received(payload) -> None:
        if not isinstance(payload, bytes) or "run_finished_s" in seen:
            return
        message = ForwardMsg()
        message.ParseFromString(payload)
        kind = message.WhichOneof("type")
        if kind == "script_finished":
            seen["run_finished_s"] = clock()
        elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
            element = message.delta.new_element.WhichOneof("type")
            seen.setdefault("first_element_s", clock())
            seen.setdefault("kinds", []).append(element)
            if element == "plotly_chart":
                seen.setdefault("chart_sent_s", clock())

    page.on("websocket", lambda socket: socket.on("framereceived", received))


def one_start(browser, url_path: str, chart_timeout: float, app_dir: Path = APP_ROOT, spawn=start_server,
              trace: Path | None = None) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    external = []
    page.on("request", lambda request: None if request.url.startswith(
        ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")) else external.append(request.url))
    seen: dict = {}
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    start = time.perf_counter()
    clock = lambda: round(time.perf_counter() - start, 3)  # noqa: E731
    watch_messages(page, clock, seen)
    server = spawn(port, cwd=app_dir)
    try:
        seen["health_s"] = round(wait_until_healthy(base_url, server, poll=0.01), 3)
        if trace:
            browser.start_tracing(page=page, path=str(trace), categories=TRACE_CATEGORIES)
        page.goto(f"{base_url}/{url_path}")
        seen["page_loaded_s"] = clock()
        page.locator("h1").first.wait_for(timeout=60_000)
        seen["first_heading_s"] = clock()
        try:
            page.locator(CHART).first.wait_for(timeout=chart_timeout * 1000)
            seen["first_chart_s"] = clock()
        except Exception:  # noqa: BLE001 - a page without a chart yet: report None, not a crash
            seen["first_chart_s"] = None
        if trace:
            browser.stop_tracing()
        kinds = seen.pop("kinds", [])
        return {**{key: seen.get(key) for key in PHASES}, "element_kinds": sorted(set(kinds)),
                "elements": len(kinds), "external_requests": external}
    finally:
        stop_server(server)
        context.close()


def run(repeats: int = 3, url_path: str = DEFAULT_URL_PATH, chart_timeout: float = 30,
        app_dir: Path = APP_ROOT) -> dict:
    with tempfile.TemporaryDirectory(prefix="vcf-demo-") as folder, chromium() as browser:
        demo_dir = page_folder(Path(folder), "demo", DEMO_PAGE)
        one_start(browser, url_path, chart_timeout, app_dir)  # warms the OS file cache; not counted
        one_start(browser, "", chart_timeout, demo_dir)
        app, demo = [], []
        for _ in range(repeats):  # alternate, so that other work on the machine weighs on both alike
            app.append(one_start(browser, url_path, chart_timeout, app_dir))
            demo.append(one_start(browser, "", chart_timeout, demo_dir))

    data = {"app_dir": str(app_dir), "url_path": url_path, "repeats": app, "demo_repeats": demo,
            **medians(app), "demo": medians(demo),
            "note": "medians of alternating app and demo starts, after one unmeasured start of each"}
    app_chart, demo_chart = data["first_chart_s"], data["demo"]["first_chart_s"]
    data["first_chart_ratio_to_demo"] = round(app_chart / demo_chart, 2) if app_chart and demo_chart else None
    print_table(f"Cold start (median of {repeats}, seconds from the server's spawn; the demo is a one-chart page)",
                ["page", *PHASES.values(), "× demo", "element kinds"],
                [(f"/{url_path}", *(data[key] for key in PHASES), data["first_chart_ratio_to_demo"],
                  len(app[-1]["element_kinds"])),
                 ("demo: one-chart page", *(data["demo"][key] for key in PHASES), 1, len(demo[-1]["element_kinds"]))])
    return data


def medians(starts: list[dict]) -> dict:
    def median(key: str) -> float | None:
        values = [s[key] for s in starts if s[key] is not None]
        return round(statistics.median(values), 3) if values else None
    return {key: median(key) for key in PHASES}


EXTRA_KINDS = {  # one more element each, beside the demo's heading and chart
    "a table (st.dataframe)": 'st.dataframe({"a": [1, 2], "b": ["x", "y"]})',
    "a table as Markdown": 'st.markdown("| a | b |\\n|---|---|\\n| 1 | x |")',
    "a radio": 'st.radio("r", ["a", "b"])',
    "a slider": 'st.slider("s", 0, 10)',
    "a checkbox": 'st.checkbox("c")',
    "three metrics": 'st.metric("m", 3)\nst.metric("n", 4)\nst.metric("o", 5)',
    "all of those": 'st.dataframe({"a": [1]})\nst.radio("r", ["a"])\nst.slider("s", 0, 10)\nst.checkbox("c")'
                    '\nst.metric("m", 3)',
}


def run_kinds(repeats: int = 3, chart_timeout: float = 30) -> dict:
    """The one-chart demo beside copies of it with one more kind of element each, alternating."""
    with tempfile.TemporaryDirectory(prefix="vcf-demo-") as folder, chromium() as browser:
        folders = {"the one-chart demo": page_folder(Path(folder), "demo", DEMO_PAGE)}
        for index, (name, extra) in enumerate(EXTRA_KINDS.items()):
            folders[f"demo + {name}"] = page_folder(Path(folder), f"kind{index}", f"{DEMO_PAGE}{extra}\n")
        one_start(browser, "", chart_timeout, folders["the one-chart demo"])  # not counted
        starts: dict[str, list] = {name: [] for name in folders}
        for _ in range(repeats):
            for name, app_dir in folders.items():
                starts[name].append(one_start(browser, "", chart_timeout, app_dir))
    data = {name: medians(runs) for name, runs in starts.items()}
    floor = data["the one-chart demo"]["first_chart_s"]
    print_table(f"Element kinds (median of {repeats}, seconds from the server's spawn)",
                ["page", "run finished", "heading drawn", "chart drawn", "chart drawn − demo's"],
                [(name, d["run_finished_s"], d["first_heading_s"], d["first_chart_s"],
                  round(d["first_chart_s"] - floor, 2)) for name, d in data.items()])
    return data


TRACE_CATEGORIES = ["devtools.timeline", "v8.execute", "disabled-by-default-v8.cpu_profiler"]


def main_thread_cpu(trace: Path) -> dict[str, float]:
    """Seconds of the renderer's main-thread CPU profile by script file (own time), plus (program), (garbage
    collector) and (idle), from a Chromium trace."""
    events = json.loads(trace.read_text(encoding="utf-8"))
    events = events["traceEvents"] if isinstance(events, dict) else events
    nodes, samples, deltas = {}, [], []
    for event in events:
        if event.get("name") == "ProfileChunk":
            chunk = event["args"]["data"]
            nodes.update({node["id"]: node for node in chunk.get("cpuProfile", {}).get("nodes", [])})
            samples += chunk.get("cpuProfile", {}).get("samples", [])
            deltas += chunk.get("timeDeltas", [])
    seconds: collections.Counter = collections.Counter()
    for sample, delta in zip(samples, deltas, strict=False):
        frame = nodes[sample]["callFrame"] if sample in nodes else {}
        script = frame.get("url", "").rsplit("/", 1)[-1]
        seconds[script.split(".")[0] if script else frame.get("functionName", "?")] += delta / 1e6
    return dict(seconds.most_common())


def trace_starts(url_path: str, top: int, app_dir: Path = APP_ROOT) -> dict:
    """One traced start of the app and one of the demo (after an untraced one of each): main-thread CPU by script."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    traces = {"app": RESULTS_DIR / "trace_cold_start_app.json", "demo": RESULTS_DIR / "trace_cold_start_demo.json"}
    with tempfile.TemporaryDirectory(prefix="vcf-demo-") as folder, chromium() as browser:
        demo_dir = page_folder(Path(folder), "demo", DEMO_PAGE)
        for name, where, path in (("app", app_dir, url_path), ("demo", demo_dir, "")):
            one_start(browser, path, 30, where)
            one_start(browser, path, 30, where, trace=traces[name])
    cpu = {name: main_thread_cpu(path) for name, path in traces.items()}
    scripts = [s for s in dict.fromkeys([*cpu["app"], *cpu["demo"]]) if s != "(idle)"][:top]
    busy = {name: round(sum(v for s, v in seconds.items() if s != "(idle)"), 2) for name, seconds in cpu.items()}
    print_table("Browser main thread, from the page's request to the chart drawn: CPU seconds by script (own time)",
                ["script", "app", "demo", "app − demo"],
                [("all but idle", busy["app"], busy["demo"], round(busy["app"] - busy["demo"], 2)),
                 *((s, round(cpu["app"].get(s, 0), 3), round(cpu["demo"].get(s, 0), 3),
                    round(cpu["app"].get(s, 0) - cpu["demo"].get(s, 0), 3)) for s in scripts)])
    return {"busy_s": busy, "by_script_s": cpu, "traces": {k: str(v) for k, v in traces.items()}}


def profile_start(url_path: str, top: int, app_dir: Path = APP_ROOT) -> dict:
    """One more cold start of the app with py-spy sampling its server: the first request's script thread and the
    preload thread, each function's share of that thread's samples."""
    from benchmarks.profile_server import py_spy_path, summarise

    py_spy = py_spy_path()
    collapsed = RESULTS_DIR / "profile_cold_start.txt"
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    recorders = []

    def spawn_sampled(port: int, cwd: Path) -> subprocess.Popen:
        server = start_server(port, cwd=cwd)
        recorders.append(subprocess.Popen(
            [py_spy, "record", "--pid", str(server.pid), "--rate", "200", "--threads", "--nonblocking",
             "--format", "raw", "--output", str(collapsed)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        return server

    with chromium() as browser:
        start = one_start(browser, url_path, 30, app_dir, spawn=spawn_sampled)
    for recorder in recorders:  # py-spy stops when its process ends, and writes its output
        recorder.wait(timeout=30)
    threads = {}
    for thread in ("ScriptRunner.scriptThread", "vcf-preload"):
        total, inclusive, _ = summarise(collapsed, top, thread=thread)
        threads[thread] = {"samples": total, "inclusive": inclusive}
        print_table(f"{thread}: {total} samples at 200 per second (% of them with the function on the stack)",
                    ["function", "%"], inclusive)
    return {"start": start, "threads": threads, "collapsed": str(collapsed)}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--url-path", default=DEFAULT_URL_PATH, help="page URL path (and query) with the chart")
    parser.add_argument("--app-dir", type=Path, default=APP_ROOT,
                        help="another checkout of the app (it needs vcf_ui/serve.py), for a before/after figure")
    parser.add_argument("--profile", action="store_true", help="also profile one app start's server (py-spy)")
    parser.add_argument("--kinds", action="store_true", help="only the demo with one more element kind each")
    parser.add_argument("--trace", action="store_true", help="also trace one start of each in Chromium")
    parser.add_argument("--top", type=int, default=25, help="functions (or scripts) listed with --profile, --trace")
    args = parser.parse_args(argv)
    if args.kinds:
        data = run_kinds(args.repeats)
        print(f"wrote {write_results('cold_start_kinds', data)}")
        return data
    data = run(args.repeats, args.url_path, app_dir=args.app_dir.resolve())
    if args.profile:
        data["profile"] = profile_start(args.url_path, args.top, args.app_dir.resolve())
    if args.trace:
        data["browser"] = trace_starts(args.url_path, args.top, args.app_dir.resolve())
    print(f"wrote {write_results('cold_start', data)}")
    return data


if __name__ == "__main__":
    main()
