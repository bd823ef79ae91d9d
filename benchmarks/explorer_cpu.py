"""Server CPU per rerun of each evidence-explorer view, one student at a time, on a server started as `make run`.

    python -m benchmarks.explorer_cpu            # each view opened by its link, rerun `--repeats` times
    python -m benchmarks.explorer_cpu --app-dir /tmp/other-checkout   # the same for another version of the app

Each view is measured twice: rerun as a whole page (what opening a link costs) and as the browser reruns it after
a click on the explorer's controls (only the fragment that draws them, if the page has one).
CPU is the server process's user + system time (from /proc) over the reruns of one view, divided by their
number: less sensitive to other work on the machine than latency, and what sets how many reruns per second
one process can serve (about 1000 / ms per rerun, the interpreter lock allowing about one core).
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

from benchmarks.common import (
    APP_ROOT,
    cpu_seconds,
    machine,
    print_table,
    served,
    write_results,
)
from benchmarks.streamlit_ws import StreamlitSession, find_widget
from vcf_logic.explorer import VIEWS
from vcf_ui.page_registry import EXPLORER


async def measure(base_url: str, pid: int, repeats: int) -> list[dict]:
    records = []
    for view in VIEWS:
        session = StreamlitSession(base_url)
        await session.connect()
        try:
            run = await session.open_page(EXPLORER.url_path, f"view={view.id}")
            if run.failed:
                raise RuntimeError(f"view {view.id}: {run.exceptions or run.error_alerts or run.status}")
            control_id, _ = find_widget(run, "evidence_view")
            record = {"view": view.id}
            for kind, fragment_id in (("page", ""), ("click", session.widget_fragments.get(control_id, ""))):
                for _ in range(3):  # warm-up
                    await session.rerun(fragment_id=fragment_id)
                before = cpu_seconds(pid)
                runs = [await session.rerun(fragment_id=fragment_id) for _ in range(repeats)]
                cpu_ms = (cpu_seconds(pid) - before) * 1000 / repeats
                failed = [r for r in runs if r.failed]
                if failed:
                    raise RuntimeError(f"view {view.id}: {failed[0].exceptions or failed[0].status}")
                record |= {f"{kind}_cpu_ms": round(cpu_ms, 1), f"{kind}_messages": runs[-1].messages,
                           f"{kind}_kb": round(runs[-1].bytes / 1024, 1)}
        finally:
            await session.close()
        records.append(record)
    return records


def run(repeats: int = 30, app_dir: Path = APP_ROOT) -> dict:
    with served(app_dir) as server:
        records = asyncio.run(measure(server.url, server.process.pid, repeats))
    mean = {kind: round(sum(r[f"{kind}_cpu_ms"] for r in records) / len(records), 1) for kind in ("page", "click")}
    print_table(f"Evidence explorer ({app_dir}): server CPU per rerun of each view ({repeats} reruns each; "
                f"load average {machine()['load_average_1_5_15_min']})",
                ["view", "page: CPU ms", "messages", "KB", "click: CPU ms", "messages", "KB"],
                [(r["view"], r["page_cpu_ms"], r["page_messages"], r["page_kb"], r["click_cpu_ms"],
                  r["click_messages"], r["click_kb"]) for r in records]
                + [("mean of the views", mean["page"], "", "", mean["click"], "", "")])
    return {"app_dir": str(app_dir), "repeats": repeats, "views": records, "mean_server_cpu_ms_per_rerun": mean}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--app-dir", type=Path, default=APP_ROOT,
                        help="another checkout of the app (it needs vcf_ui/serve.py), for a before/after figure")
    args = parser.parse_args(argv)
    data = run(args.repeats, args.app_dir.resolve())
    print(f"wrote {write_results('explorer_cpu', data)}")
    return data


if __name__ == "__main__":
    main()
