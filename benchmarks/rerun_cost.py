"""Rerun cost: server-side script time per interaction on each page, as a multiple of an empty page.

Every click in Streamlit reruns the page's whole script, so the script's time is the floor of what a student
waits for. Each page runs in AppTest (the same ScriptRunner the server uses, in this process), first once to
fill the caches, then once per interaction; the baseline is a one-line page (`st.write("Hello")`) measured in
the same run, before, between and after the pages, so that the ratio does not depend on the machine.
AppTest compiles the script afresh on every run, the server once per process: the benchmark shares one
ScriptCache between runs, as the server does, so that compiling is not counted as rerun cost.

Interactions per page: a plain rerun; every widget in the main area set to another value (generic, so new
pages are measured without editing this file); and the page-specific walks in `page_plans`: a walker step is
one answer along a full path through the pathway, the evidence page switches between its chart views.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from benchmarks import page_plans
from benchmarks.common import APP_ROOT, print_table, write_results
from vcf_ui.page_registry import PAGES

BASELINE_SCRIPT = 'import streamlit as st\n\nst.write("Hello")\n'
TARGETS = {"walker step": 1.5, "evidence view": 3.0}


@dataclass
class Measured:
    page: str
    label: str
    kind: str
    seconds: list[float]

    @property
    def median_ms(self) -> float:
        return statistics.median(self.seconds) * 1000


def share_script_cache() -> None:
    """Compile each script once per process, as `streamlit run` does (AppTest makes a new cache per run)."""
    import streamlit.testing.v1.app_test as app_test
    import streamlit.testing.v1.local_script_runner as local_script_runner
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache

    shared = ScriptCache()
    app_test.ScriptCache = local_script_runner.ScriptCache = lambda: shared


def _timed_runs(at, prepare: Callable[[int], None], repeats: int, where: str) -> list[float]:
    times = []
    for i in range(repeats):
        prepare(i)
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
        if at.exception:
            raise RuntimeError(f"{where}: {at.exception[0].message}")
    return times


def measure_baseline(repeats: int) -> list[float]:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_string(BASELINE_SCRIPT, default_timeout=30)
    at.run()
    return _timed_runs(at, lambda i: None, repeats, "baseline")


def open_page(page_path: str):
    """A warm AppTest on one page: the home page runs first, as when a student follows a link."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP_ROOT / "app.py"), default_timeout=60)
    at.run()
    if page_path != "app.py":
        at.switch_page(page_path)
        at.run()
    if at.exception:
        raise RuntimeError(f"{page_path}: {at.exception[0].message}")
    return at


def measure_page(page_path: str, repeats: int) -> list[Measured]:
    results = []
    at = open_page(page_path)
    at.run()  # a second run, so that lazily built caches are warm too
    results.append(Measured(page_path, "rerun, nothing changed", "rerun",
                            _timed_runs(at, lambda i: None, repeats, page_path)))
    for plan in page_plans.interactions(page_path, at):
        at = open_page(page_path)
        try:
            plan.setup(at)
            seconds = _timed_runs(at, lambda i, plan=plan, at=at: plan.prepare(at, i),
                                  repeats * plan.steps_per_repeat, f"{page_path} / {plan.label}")
        except Exception as exc:  # noqa: BLE001 - a widget AppTest cannot drive generically: say so, go on
            if plan.kind != "widget":
                raise
            print(f"  skipped {page_path} / {plan.label}: {type(exc).__name__}: {str(exc)[:100]}")
            continue
        results.append(Measured(page_path, plan.label, plan.kind, seconds))
    return results


def run(repeats: int = 20, pages: list[str] | None = None) -> dict:
    share_script_cache()
    page_paths = pages or [p.path for p in PAGES]
    baseline = measure_baseline(repeats * 3)
    measured: list[Measured] = []
    for index, path in enumerate(page_paths):
        measured += measure_page(path, repeats)
        if index == len(page_paths) // 2:
            baseline += measure_baseline(repeats * 3)
    baseline += measure_baseline(repeats * 3)
    base_ms = statistics.median(baseline) * 1000

    rows, records = [], []
    for m in measured:
        ratio = m.median_ms / base_ms
        target = TARGETS.get(m.kind)
        records.append({"page": m.page, "interaction": m.label, "kind": m.kind, "runs": len(m.seconds),
                        "median_ms": round(m.median_ms, 2), "p95_ms": round(_p95(m.seconds) * 1000, 2),
                        "ratio_to_empty_page": round(ratio, 2), "target_ratio": target,
                        "meets_target": None if target is None else ratio <= target})
        rows.append((m.page, m.label, round(m.median_ms, 2), round(ratio, 2),
                     "–" if target is None else f"≤ {target} {'ok' if ratio <= target else 'MISSED'}"))
    print_table(f"Rerun cost (AppTest, median of runs; empty one-line page = {base_ms:.2f} ms)",
                ["page", "interaction", "ms", "× empty", "target"], rows)
    per_kind = _worst_by_kind(records)
    return {"method": "AppTest: script time per rerun, median; ratio to a one-line page in the same process",
            "baseline_script": BASELINE_SCRIPT, "baseline_median_ms": round(base_ms, 3),
            "baseline_runs": len(baseline), "interactions": records, "by_kind": per_kind}


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def _worst_by_kind(records: list[dict]) -> dict:
    """For each kind with a target, the slowest interaction of that kind (the one the target is about)."""
    worst: dict[str, dict] = {}
    for record in records:
        kind = record["kind"]
        if kind not in worst or record["median_ms"] > worst[kind]["median_ms"]:
            worst[kind] = record
    return worst


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--page", action="append", help="page file, e.g. pages/1_Decision_walker.py (repeatable)")
    args = parser.parse_args(argv)
    data = run(args.repeats, args.page)
    print(f"wrote {write_results('rerun_cost', data)}")
    return data


if __name__ == "__main__":
    main()
