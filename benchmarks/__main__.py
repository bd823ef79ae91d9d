"""Run the benchmarks: `python -m benchmarks` (or `make bench`). They print figures and never assert.

    python -m benchmarks                      # all: rerun cost, cold start, load (N = 25, 50, 100; replicas) ~20 min
    python -m benchmarks --quick              # a smoke run: few repeats, N = 10 (~2 min)
    python -m benchmarks --only load --n 100  # one benchmark, chosen N
    python -m benchmarks --only rerun --page pages/1_Decision_walker.py
    python -m benchmarks --only load --no-compare   # only this repository's config, no before/after runs
    python -m benchmarks.explorer_cpu         # server CPU per rerun of each explorer view
    python -m benchmarks.profile_server       # where that CPU goes (py-spy, a dev requirement)

rerun = script time per interaction in AppTest, and the same interactions over the websocket of a server;
cold = `streamlit run` to health OK and to the first chart in Chromium; load = N students over websockets.

Results go to benchmarks/results/<name>.json (gitignored) and a summary table to the terminal.
"""

from __future__ import annotations

import argparse
import shutil

from benchmarks import cold_start, explorer_cpu, load_ws, rerun_cost, rerun_ws
from benchmarks.common import print_table, write_results

BENCHMARKS = ("rerun", "cold", "load")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description="Speed, load and memory figures.")
    parser.add_argument("--only", default=",".join(BENCHMARKS), help=f"comma-separated subset of {BENCHMARKS}")
    parser.add_argument("--quick", action="store_true", help="few repeats and N = 10: checks the harness works")
    parser.add_argument("--n", help="comma-separated N for the load test (default 25,50,100; quick 10)")
    parser.add_argument("--think", type=float, default=2.0, help="mean think time between clicks, seconds")
    parser.add_argument("--journey", default="auto", choices=["auto", "walker", "evidence", "references"])
    parser.add_argument("--page", action="append", help="rerun cost of this page file only (repeatable)")
    parser.add_argument("--repeats", type=int, help="rerun-cost runs per interaction (default 20; quick 5)")
    parser.add_argument("--cold-path", default=cold_start.DEFAULT_URL_PATH, help="URL path of the chart page")
    parser.add_argument("--no-compare", action="store_true",
                        help="skip the load runs at the largest N with Streamlit's defaults, with plain "
                             "`streamlit run` and on the evidence explorer, and the runs through replicas")
    args = parser.parse_args(argv)

    chosen = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = set(chosen) - set(BENCHMARKS)
    if unknown:
        parser.error(f"unknown benchmark(s) {sorted(unknown)}; choose from {BENCHMARKS}")
    levels = [int(x) for x in (args.n or ("10" if args.quick else "25,50,100")).split(",")]
    summary: dict = {}

    repeats = args.repeats or (5 if args.quick else 20)
    if "rerun" in chosen:
        data = rerun_cost.run(repeats, args.page)
        write_results("rerun_cost", data)
        summary["rerun"] = data
        if not args.page:
            data = rerun_ws.run(repeats)
            write_results("rerun_ws", data)
            summary["rerun_ws"] = data
            data = explorer_cpu.run(repeats)
            write_results("explorer_cpu", data)
            summary["explorer_cpu"] = data
    if "cold" in chosen:
        data = cold_start.run(1 if args.quick else 5, args.cold_path, chart_timeout=10 if args.quick else 30)
        write_results("cold_start", data)
        summary["cold"] = data
    if "load" in chosen:
        think = 1.0 if args.quick else args.think
        data = load_ws.run(levels, think, args.journey, label="this repository's config")
        write_results("load_ws", data)
        summary["load"] = data
        if not (args.quick or args.no_compare):
            summary["load_compare"] = compare_load(max(levels), think, args.journey)
            write_results("load_ws_compare", {"runs": summary["load_compare"]})

    print_summary(summary)
    print(f"\nwrote {write_results('summary', summary)} (and one JSON file per benchmark beside it)")


# What the repository's config changed, and what it does not change yet: one run of each at the largest N.
COMPARISONS = (
    ("before: Streamlit's defaults for postScriptGC and fileWatcherType",
     {"runner.postScriptGC": "true", "server.fileWatcherType": "auto"}, False, None),
    ("config, plain `streamlit run` (Nagle on)", {}, False, None),
    ("config, every student on the evidence explorer", {}, False, "evidence"),
)


REPLICA_LEVELS = (100, 200)
REPLICAS = 2  # one per core


def compare_load(n: int, think: float, journey: str) -> list[dict]:
    runs = []
    for label, options, nodelay, other_journey in COMPARISONS:
        runs.append(load_ws.run([n], think, other_journey or journey, options=options, label=label, nodelay=nodelay))
    if shutil.which("haproxy") is None:
        print("load through replicas skipped: no haproxy (apt-get install haproxy)")
        return runs
    for kind in ("walker", "evidence"):
        runs.append(load_ws.run(list(REPLICA_LEVELS), think, kind, replicas=REPLICAS,
                                label=f"{REPLICAS} replicas behind HAProxy, {kind}"))
    return runs


def print_summary(summary: dict) -> None:
    rows = []
    if "rerun" in summary:
        for kind, record in summary["rerun"]["by_kind"].items():
            if record["target_ratio"]:
                rows.append((f"rerun (AppTest): {kind}",
                             f"{record['ratio_to_empty_page']} × empty page ({record['median_ms']} ms)",
                             f"≤ {record['target_ratio']} ×"))
        rows.append(("rerun (AppTest): empty one-line page", f"{summary['rerun']['baseline_median_ms']} ms", "–"))
    for variant, data in summary.get("rerun_ws", {}).items():
        for record in data["interactions"]:
            if record["target_ratio"]:
                rows.append((f"rerun (websocket, {variant}): {record['interaction']}",
                             f"{record['ratio_to_empty_page']} × empty page ({record['median_ms']} ms)",
                             f"≤ {record['target_ratio']} ×"))
        rows.append((f"rerun (websocket, {variant}): empty one-line page", f"{data['baseline_median_ms']} ms", "–"))
    if "explorer_cpu" in summary:
        mean = summary["explorer_cpu"]["mean_server_cpu_ms_per_rerun"]
        rows.append(("explorer: server CPU per rerun, mean of the views (page / click)",
                     f"{mean['page']} / {mean['click']} ms", "click well under 10 ms"))
    if "cold" in summary:
        cold = summary["cold"]
        rows.append(("cold start: health OK", f"{cold['health_s']} s", "–"))
        rows.append((f"cold start: first chart (/{cold['url_path']})",
                     f"{cold['first_chart_s']} s" if cold["first_chart_s"] else "no chart", "–"))
        rows.append(("cold start: first chart, one-chart demo page", f"{cold['demo']['first_chart_s']} s", "–"))
        rows.append(("cold start: first chart, app ÷ demo", f"{cold['first_chart_ratio_to_demo']} ×", "≤ 1.3 ×"))
    load_runs = [summary["load"]] if "load" in summary else []
    load_runs += summary.get("load_compare", [])
    for run in load_runs:
        for level in run["levels"]:
            step = level["interaction"]
            where = f"load N={level['n']} ({run['label']})" if run["label"] else f"load N={level['n']}"
            rows.append((f"{where}: step p50 / p95 / max",
                         f"{step['p50_ms']} / {step['p95_ms']} / {step['max_ms']} ms", "p95 ≤ 500 ms"))
            rows.append((f"{where}: errors, RSS per session, server CPU per rerun",
                         f"{level['errors']}, {level['rss_mb_per_session']} MB, {level['server_cpu_ms_per_rerun']} ms",
                         "0, ≤ 5 MB"))
    print_table("Summary", ["figure", "value", "target"], rows)


if __name__ == "__main__":
    main()
