"""Rerun cost measured directly on a running server: one student, an idle machine, loopback websocket.

The time from a `rerun_script` BackMsg to `script_finished` is the server's whole cost of an interaction
(script, Streamlit's element and session work, serialisation), as the browser waits for it. The baseline is
the same one-line page served by its own `streamlit run`, with this repository's config, in the same run.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import tempfile
from pathlib import Path

from benchmarks.common import APP_ROOT, page_folder, print_table, served
from benchmarks.journeys import Journey, evidence_journeys, walker_journeys
from benchmarks.rerun_cost import BASELINE_SCRIPT
from benchmarks.streamlit_ws import StreamlitSession
from vcf_ui.page_registry import HOME, LAB, QUIZ, REFERENCES

# What a student waits for, as served, against the empty page served the same way (issue 13's targets).
TARGETS = {"walker step": 3.0, "evidence view": 4.0}
PLAIN_PAGES = {page.label: page.url_path for page in (HOME, LAB, QUIZ, REFERENCES)}  # reruns without a journey


async def plain_reruns(base_url: str, page_name: str, repeats: int) -> list[float]:
    session = StreamlitSession(base_url)
    await session.connect()
    try:
        run = await session.open_page(page_name)
        if run.failed:
            raise RuntimeError(f"/{page_name}: {run.exceptions or run.error_alerts or run.status}")
        return [(await session.rerun()).seconds for _ in range(repeats)]
    finally:
        await session.close()


async def journey_steps(base_url: str, journeys: list[Journey]) -> list[float]:
    """Every step but the opening one of each journey, one student after another."""
    seconds = []
    for journey in journeys:
        session = StreamlitSession(base_url)
        await session.connect()
        previous = None
        for index, step in enumerate(journey.steps):
            previous = await step.act(session, previous)
            if previous.failed:
                raise RuntimeError(f"{journey.name} / {step.label}: {previous.exceptions or previous.error_alerts}")
            if index:
                seconds.append(previous.seconds)
        await session.close()
    return seconds


async def _measure(app_url: str, empty_url: str, repeats: int) -> dict[str, list[float]]:
    rng = random.Random(6)
    await plain_reruns(empty_url, "", 5)  # warm-up
    measured = {"empty one-line page": await plain_reruns(empty_url, "", repeats * 3)}
    walker, evidence = walker_journeys(rng), evidence_journeys(rng)
    await journey_steps(app_url, walker[:2] + evidence[:1])  # warm-up: imports, caches, compiled scripts
    if walker:
        measured["walker step"] = await journey_steps(app_url, walker)
    if evidence:
        measured["evidence view"] = await journey_steps(app_url, evidence)
    for label, page_name in PLAIN_PAGES.items():
        measured[f"{label}: rerun"] = await plain_reruns(app_url, page_name, repeats)
    measured["empty one-line page"] += await plain_reruns(empty_url, "", repeats * 3)
    return measured


def run(repeats: int = 20) -> dict:
    """Both ways of serving: as `make run` serves (TCP_NODELAY), and as plain `streamlit run` does (Nagle on)."""
    return {"as_served": run_variant(repeats, nodelay=True),
            "plain_streamlit_run": run_variant(repeats, nodelay=False)}


def run_variant(repeats: int = 20, nodelay: bool = True) -> dict:
    with tempfile.TemporaryDirectory(prefix="vcf-empty-page-") as tmp:
        empty_dir = page_folder(Path(tmp), "empty", BASELINE_SCRIPT)
        with served(APP_ROOT, nodelay=nodelay) as app, served(empty_dir, nodelay=nodelay) as empty:
            measured = asyncio.run(_measure(app.url, empty.url, repeats))
    base_ms = statistics.median(measured.pop("empty one-line page")) * 1000
    records, rows = [], []
    for label, seconds in measured.items():
        median_ms = statistics.median(seconds) * 1000
        ratio = median_ms / base_ms
        target = TARGETS.get(label)
        records.append({"interaction": label, "runs": len(seconds), "median_ms": round(median_ms, 2),
                        "max_ms": round(max(seconds) * 1000, 1), "ratio_to_empty_page": round(ratio, 2),
                        "target_ratio": target, "meets_target": None if target is None else ratio <= target})
        rows.append((label, len(seconds), round(median_ms, 1), round(ratio, 2),
                     "–" if target is None else f"≤ {target} {'ok' if ratio <= target else 'MISSED'}"))
    serving = "as `make run` serves, TCP_NODELAY" if nodelay else "plain `streamlit run`, Nagle on"
    print_table(f"Rerun cost over the websocket ({serving}; one student, median; "
                f"empty one-line page = {base_ms:.1f} ms)",
                ["interaction", "runs", "ms", "× empty", "target"], rows)
    return {"method": "websocket: rerun_script sent -> script_finished received, one session, loopback",
            "tcp_nodelay": nodelay, "baseline_median_ms": round(base_ms, 2), "interactions": records}
