"""Where a served page spends its CPU: py-spy samples the server while N students click through a journey.

    python -m benchmarks.profile_server --journey evidence --n 30      # top functions, inclusive and own time
    python -m benchmarks.profile_server --journey walker --n 50

The server starts as `make run` starts it; one student walks every journey once (warm-up), then py-spy (a
dev requirement) records the server's threads while the load runs. Prints the share of samples in which each
function was on the stack (inclusive) and on top of it (own), and the server CPU per rerun of the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import random
import shutil
import subprocess
import sys
from pathlib import Path

from benchmarks.common import RESULTS_DIR, print_table, served
from benchmarks.journeys import journeys
from benchmarks.load_ws import drive, warm_up


def _frames(stack: str) -> list[str]:
    """'function (file:line)' frames of a collapsed py-spy stack, outermost first, without line numbers."""
    frames = []
    for frame in stack.split(";"):
        name, _, where = frame.partition(" (")
        where = where.rstrip(")").rsplit(":", 1)[0]
        frames.append(f"{name} ({'/'.join(Path(where).parts[-2:])})")
    return frames


def py_spy_path() -> str:
    """py-spy (a dev requirement): on the PATH, or beside this Python in its venv."""
    return shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))


def summarise(collapsed: Path, top: int, thread: str | None = None) -> tuple[int, list[tuple], list[tuple]]:
    """Samples, and the top functions' shares (inclusive, own); `thread`: only that thread's samples, from a
    profile recorded with `--threads` (each stack then starts 'thread (id): name')."""
    inclusive: collections.Counter = collections.Counter()
    own: collections.Counter = collections.Counter()
    total = 0
    for line in collapsed.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        if thread is not None:
            first, _, stack = stack.partition(";")
            if not (first.startswith("thread (") and first.endswith(f": {thread}")):
                continue
        samples = int(count)
        frames = _frames(stack)  # py-spy leaves idle threads out
        total += samples
        for name in set(frames):
            inclusive[name] += samples
        own[frames[-1]] += samples
    share = lambda counter: [(name, round(100 * n / max(total, 1), 1)) for name, n in counter.most_common(top)]  # noqa: E731
    return total, share(inclusive), share(own)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--journey", default="evidence", choices=["walker", "evidence", "references"])
    parser.add_argument("--n", type=int, default=30)
    parser.add_argument("--think", type=float, default=1.0)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--rate", type=int, default=200, help="py-spy samples per second")
    args = parser.parse_args(argv)
    py_spy = py_spy_path()
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    collapsed = RESULTS_DIR / f"profile_{args.journey}.txt"
    with served(log=RESULTS_DIR / "profile_server.log") as server:
        base_url = server.url
        recorder = None

        async def profiled() -> dict:
            nonlocal recorder
            await warm_up(base_url, journeys(random.Random(6), args.journey), 60)
            recorder = subprocess.Popen([py_spy, "record", "--pid", str(server.process.pid), "--rate", str(args.rate),
                                         "--format", "raw", "--output", str(collapsed), "--nonblocking"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            await asyncio.sleep(1.0)
            return await drive(base_url, (server.process.pid,), args.n, args.think, args.journey, 60, 6, warmed=True)

        level = asyncio.run(asyncio.wait_for(profiled(), timeout=120 + args.n * 10))
        recorder.send_signal(2)  # SIGINT: py-spy writes its output and exits
        recorder.wait(timeout=30)
    total, inclusive, own = summarise(collapsed, args.top)
    print(f"{args.journey}, N = {args.n}: {level['reruns']} reruns, server CPU {level['server_cpu_ms_per_rerun']} ms "
          f"per rerun, step p50/p95 {level['interaction']['p50_ms']} / {level['interaction']['p95_ms']} ms, "
          f"{total} busy samples ({collapsed})")
    print_table("Inclusive (% of busy samples)", ["function", "%"], inclusive)
    print_table("Own time (% of busy samples)", ["function", "%"], own)


if __name__ == "__main__":
    main()
