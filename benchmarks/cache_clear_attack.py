"""One client floods `clear_cache` while another student uses the explorer: `python -m benchmarks.cache_clear_attack`.

Streamlit lets any client send a `clear_cache` BackMsg, which clears st.cache_data and st.cache_resource for
every session of the server (issue 15, failure 7: before the fix, one such message every 0.1 s raised another
student's explorer rerun from 30 ms to 312 ms and re-read the evidence file 16 times). The app keeps no content
in those caches now (each data file is parsed once per saved version, `vcf_logic.data_files`), so the attack
should cost nothing but the messages themselves. The victim reruns each explorer view in turn, quiet and then
under the flood, alternating, in one server; prints median and p95 of the victim's reruns, the server's CPU per
victim rerun, and how many clear_cache messages the server took.
"""

from __future__ import annotations

import argparse
import asyncio
import time

from benchmarks.common import (
    cpu_seconds,
    print_table,
    served,
    summary_ms,
    write_results,
)
from benchmarks.streamlit_ws import StreamlitSession
from vcf_logic.explorer import VIEW_IDS
from vcf_ui.page_registry import EXPLORER

FLOOD_EVERY = 0.1  # seconds between two clear_cache messages, as in the report


async def _flood(base_url: str, stop: asyncio.Event) -> int:
    from streamlit.proto.BackMsg_pb2 import BackMsg
    attacker = StreamlitSession(base_url)
    await attacker.connect()
    await attacker.open_page(EXPLORER.url_path.strip("/"))
    sent = 0
    try:
        while not stop.is_set():
            await attacker.send(BackMsg(clear_cache=True))
            sent += 1
            await asyncio.sleep(FLOOD_EVERY)
    finally:
        await attacker.close()
    return sent


async def _victim(base_url: str, rounds: int) -> list[float]:
    student = StreamlitSession(base_url)
    await student.connect()
    seconds = []
    try:
        for _ in range(rounds):
            for view_id in VIEW_IDS:
                await student.open_page(EXPLORER.url_path.strip("/"), f"view={view_id}")
                run = await student.rerun()
                if run.failed:
                    raise RuntimeError(f"view {view_id}: {run.exceptions or run.error_alerts}")
                seconds.append(run.seconds)
    finally:
        await student.close()
    return seconds


async def _phase(base_url: str, pid: int, rounds: int, attacked: bool) -> dict:
    stop = asyncio.Event()
    flood = asyncio.create_task(_flood(base_url, stop)) if attacked else None
    if flood:
        await asyncio.sleep(1.0)  # the flood is under way before the student clicks
    cpu_before = cpu_seconds(pid)
    seconds = await _victim(base_url, rounds)
    cpu = cpu_seconds(pid) - cpu_before
    stop.set()
    sent = await flood if flood else 0
    return {"seconds": seconds, "cpu_ms_per_rerun": 1000 * cpu / (2 * len(seconds)), "clear_cache_sent": sent}


def run(rounds: int = 4) -> dict:
    phases: dict[str, list[dict]] = {"quiet": [], "attacked": []}
    with served() as server:
        asyncio.run(_victim(server.url, 1))  # warm: every view drawn once
        for _ in range(rounds):
            for name in phases:
                phases[name].append(asyncio.run(_phase(server.url, server.process.pid, 1, name == "attacked")))
    result = {}
    for name, runs in phases.items():
        seconds = [s for r in runs for s in r["seconds"]]
        result[name] = {**summary_ms(seconds), "reruns": len(seconds),
                        "cpu_ms_per_rerun": sum(r["cpu_ms_per_rerun"] for r in runs) / len(runs),
                        "clear_cache_sent": sum(r["clear_cache_sent"] for r in runs)}
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.cache_clear_attack", description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=4, help="quiet/attacked alternations (each: every view once)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    result = run(args.rounds)
    rows = [[name, r["reruns"], r["p50_ms"], r["p95_ms"], round(r["cpu_ms_per_rerun"], 1), r["clear_cache_sent"]]
            for name, r in result.items()]
    print_table("Explorer reruns of one student while another client floods clear_cache every 0.1 s",
                ["phase", "reruns", "p50 ms", "p95 ms", "server CPU ms per rerun", "clear_cache messages"], rows)
    print(f"({time.perf_counter() - start:.0f} s)")
    write_results("cache_clear_attack", result)


if __name__ == "__main__":
    main()
