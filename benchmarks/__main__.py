"""Run the benchmarks: `python -m benchmarks` (or `make bench`). They print figures and never assert.

    python -m benchmarks                      # all: rerun cost, cold start, load at N = 25, 50, 100 (~6 min)
    python -m benchmarks --quick              # a smoke run: few repeats, N = 10 (~1 min)
    python -m benchmarks --only load --n 100  # one benchmark, chosen N
    python -m benchmarks --only rerun --page pages/1_Decision_walker.py

Results go to benchmarks/results/<name>.json (gitignored) and a summary table to the terminal.
"""

from __future__ import annotations

import argparse

from benchmarks import cold_start, load_ws, rerun_cost
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
    args = parser.parse_args(argv)

    chosen = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = set(chosen) - set(BENCHMARKS)
    if unknown:
        parser.error(f"unknown benchmark(s) {sorted(unknown)}; choose from {BENCHMARKS}")
    levels = [int(x) for x in (args.n or ("10" if args.quick else "25,50,100")).split(",")]
    summary: dict = {}

    if "rerun" in chosen:
        data = rerun_cost.run(args.repeats or (5 if args.quick else 20), args.page)
        write_results("rerun_cost", data)
        summary["rerun"] = data
    if "cold" in chosen:
        data = cold_start.run(1 if args.quick else 3, args.cold_path, chart_timeout=10 if args.quick else 30)
        write_results("cold_start", data)
        summary["cold"] = data
    if "load" in chosen:
        data = load_ws.run(levels, 1.0 if args.quick else args.think, args.journey)
        write_results("load_ws", data)
        summary["load"] = data

    print_summary(summary)
    print(f"\nwrote {write_results('summary', summary)} (and one JSON file per benchmark beside it)")


def print_summary(summary: dict) -> None:
    rows = []
    if "rerun" in summary:
        for kind, record in summary["rerun"]["by_kind"].items():
            target = record["target_ratio"]
            rows.append((f"rerun: slowest {kind} ({record['page']})", f"{record['ratio_to_empty_page']} × empty page",
                         f"≤ {target} ×" if target else "–"))
        rows.append(("rerun: empty one-line page", f"{summary['rerun']['baseline_median_ms']} ms", "–"))
    if "cold" in summary:
        cold = summary["cold"]
        rows.append(("cold start: health OK", f"{cold['health_s']} s", "–"))
        rows.append((f"cold start: first chart (/{cold['url_path']})",
                     f"{cold['first_chart_s']} s" if cold["first_chart_s"] else "no chart", "–"))
    if "load" in summary:
        for level in summary["load"]["levels"]:
            step = level["interaction"]
            rows.append((f"load N={level['n']}: step p50 / p95 / max",
                         f"{step['p50_ms']} / {step['p95_ms']} / {step['max_ms']} ms", "p95 ≤ 500 ms"))
            rows.append((f"load N={level['n']}: errors, RSS per session",
                         f"{level['errors']}, {level['rss_mb_per_session']} MB", "0, ≤ 5 MB"))
    print_table("Summary", ["figure", "value", "target"], rows)


if __name__ == "__main__":
    main()
