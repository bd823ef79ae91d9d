"""Load: N students open the app at the same moment and each walks a full path, over Streamlit's websocket.

Each simulated student is one websocket speaking the browser's protocol (see `streamlit_ws`): it connects,
waits until all N are connected, opens its page at the same moment as the others, then takes each step of
its journey after a think time (uniform 0.5–1.5 × `--think` seconds). Latency is the time from sending a
`rerun_script` BackMsg to receiving `script_finished`. Errors: failed connections, timeouts, tracebacks,
error alerts, scripts that did not finish, and a step that does not show what that student's own path must
show (another student's state would fail this). Server memory is VmRSS of the server process from /proc,
measured after warm-up and again while all N sessions are still connected after their walks.

Every N gets a fresh server, started exactly as `make run` starts it, with the repository's config; with
`--replicas K`, K fresh servers behind HAProxy as `make replicas` starts them (CPU and memory summed over the K);
with `--url`, the students load a server that is already running (then without memory and CPU figures).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import resource
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.common import (
    APP_ROOT,
    RESULTS_DIR,
    cpu_seconds,
    print_table,
    rss_mb,
    served,
    summary_ms,
    write_results,
)
from benchmarks.journeys import Journey, journeys
from benchmarks.streamlit_ws import FINISHED_OK, Run, StreamlitSession
from vcf_ui.replicas import running_replicas


@dataclass
class StudentRecord:
    journey: str
    path_id: str
    open_seconds: list[float] = field(default_factory=list)
    step_seconds: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    bytes_received: int = 0


def check_run(run: Run, expect: tuple[str, ...]) -> list[str]:
    problems = []
    if run.exceptions:
        problems.append(f"traceback: {run.exceptions[0][:200]}")
    if run.error_alerts:
        problems.append(f"error on screen: {run.error_alerts[0][:200]}")
    if run.page_not_found:
        problems.append("page not found")
    if run.status not in FINISHED_OK and not run.exceptions:
        problems.append(f"script_finished status {run.status}")
    if expect:
        screen = "\n".join(run.texts).replace("\\", "")  # less the Markdown escapes of data-file text
        missing = [text for text in expect if text not in screen]
        if missing:
            problems.append(f"own path not shown (missing {missing[:2]})")
    return problems


async def student(base_url: str, journey: Journey, think: float, rng: random.Random, timeout: float,
                  connected: asyncio.Barrier, walked: asyncio.Event, release: asyncio.Event) -> StudentRecord:
    record = StudentRecord(journey.name, journey.path_id)
    session = StreamlitSession(base_url, timeout=timeout)
    session.keep_texts = True
    try:
        try:
            await session.connect()
        finally:
            await connected.wait()  # the whole class opens the page at the same moment
        previous: Run | None = None
        for index, step in enumerate(journey.steps):
            if index:
                await asyncio.sleep(think * rng.uniform(0.5, 1.5))
            try:
                run = await step.act(session, previous)
            except (TimeoutError, LookupError, OSError) as exc:
                record.errors.append(f"{step.label}: {type(exc).__name__}: {exc}")
                break
            (record.open_seconds if index == 0 else record.step_seconds).append(run.seconds)
            record.bytes_received += run.bytes
            record.errors += [f"{step.label}: {problem}" for problem in check_run(run, step.expect)]
            if step.expect_query is not None and step.expect_query not in session.query_string:
                record.errors.append(f"{step.label}: URL holds '{session.query_string[:80]}', "
                                     f"not this student's '{step.expect_query}'")
            previous = run
    except Exception as exc:  # noqa: BLE001 - any failure of one student is an error to count, not a crash
        record.errors.append(f"{type(exc).__name__}: {exc}")
    finally:
        walked.set()
        await release.wait()  # stay connected until the server's memory has been read
        await session.close()
    return record


async def warm_up(base_url: str, candidates: list[Journey], timeout: float) -> None:
    """One student walks every candidate journey once: imports, caches and compiled scripts are ready."""
    for journey in candidates:
        session = StreamlitSession(base_url, timeout=timeout)
        await session.connect()
        previous = None
        for step in journey.steps:
            previous = await step.act(session, previous)
        await session.close()


def _rss(pids: tuple[int, ...]) -> float:
    return sum(rss_mb(pid) for pid in pids) if pids else float("nan")


def _cpu(pids: tuple[int, ...]) -> float:
    return sum(cpu_seconds(pid) for pid in pids) if pids else float("nan")


async def drive(base_url: str, pids: tuple[int, ...], n: int, think: float, kind: str, timeout: float,
                seed: int, warmed: bool = False) -> dict:
    """`pids` are the server processes', for memory and CPU (summed); () for a server elsewhere (figures NaN).

    Warms the server first (one student down every journey), unless the caller has (`warmed`), e.g. before
    starting a profiler that should see the load only."""
    rng = random.Random(seed)
    candidates = journeys(rng, kind)
    if not candidates:
        raise RuntimeError(f"no journey of kind '{kind}' can run: its page is missing")
    if not warmed:
        await warm_up(base_url, candidates, timeout)
    await asyncio.sleep(1.0)
    rss_before, cpu_before = _rss(pids), _cpu(pids)
    connected, release = asyncio.Barrier(n), asyncio.Event()
    walked = [asyncio.Event() for _ in range(n)]
    peak = [rss_before]

    async def sample_rss() -> None:
        while not release.is_set():
            peak[0] = max(peak[0], _rss(pids))
            await asyncio.sleep(0.25)

    sampler = asyncio.create_task(sample_rss())
    start = time.perf_counter()
    tasks = [asyncio.create_task(student(base_url, candidates[i % len(candidates)], think,
                                         random.Random(seed * 1000 + i), timeout, connected, walked[i], release))
             for i in range(n)]
    await asyncio.gather(*(event.wait() for event in walked))
    wall = time.perf_counter() - start
    rss_walked, cpu_after = _rss(pids), _cpu(pids)
    release.set()
    records: list[StudentRecord] = await asyncio.gather(*tasks)
    await sampler
    await asyncio.sleep(2.0)
    rss_closed = _rss(pids)

    opens = [s for r in records for s in r.open_seconds]
    steps = [s for r in records for s in r.step_seconds]
    errors = [e for r in records for e in r.errors]
    reruns = len(opens) + len(steps)
    return {
        "n": n, "think_s": think, "journeys": sorted({r.journey for r in records}),
        "distinct_paths": len({r.path_id for r in records}),
        "open": summary_ms(opens), "interaction": summary_ms(steps),
        "errors": len(errors), "students_with_errors": sum(bool(r.errors) for r in records),
        "error_samples": errors[:10],
        "wall_s": round(wall, 2), "reruns": reruns, "reruns_per_s": round(reruns / wall, 1),
        "server_cpu_s": round(cpu_after - cpu_before, 2),
        "server_cpu_ms_per_rerun": round((cpu_after - cpu_before) * 1000 / max(reruns, 1), 1),
        "rss_mb": {"before": round(rss_before, 1), "peak": round(peak[0], 1), "all_walked": round(rss_walked, 1),
                   "after_close": round(rss_closed, 1)},
        "rss_mb_per_session": round((rss_walked - rss_before) / n, 2),
        "kb_received_per_student": round(sum(r.bytes_received for r in records) / n / 1024, 1),
    }


def run_level(n: int, think: float, kind: str, timeout: float, seed: int, options: dict | None = None,
              nodelay: bool = True, url: str | None = None, replicas: int = 0, app_dir: Path = APP_ROOT) -> dict:
    limit = 60 + n * 30 + think * 60
    if url:  # a server (or a load balancer) already running, e.g. the replicas of README's recipe
        return asyncio.run(asyncio.wait_for(drive(url.rstrip("/"), (), n, think, kind, timeout, seed), timeout=limit))
    if replicas:  # vcf_ui/replicas.py: that many servers behind HAProxy, CPU and memory summed over them
        with running_replicas(replicas) as started:
            return asyncio.run(asyncio.wait_for(drive(started.url, started.replica_pids, n, think, kind, timeout,
                                                      seed), timeout=limit))
    with served(app_dir, options=options, nodelay=nodelay, log=RESULTS_DIR / f"load_server_n{n}.log") as server:
        return asyncio.run(asyncio.wait_for(drive(server.url, (server.process.pid,), n, think, kind, timeout, seed),
                                            timeout=limit))


def run(levels: list[int], think: float = 2.0, kind: str = "auto", timeout: float = 60, seed: int = 6,
        options: dict | None = None, label: str = "", nodelay: bool = True, url: str | None = None,
        replicas: int = 0, app_dir: Path = APP_ROOT) -> dict:
    results = []
    client_cpu_before = _own_cpu()
    for n in levels:
        print(f"load: N = {n}, think {think} s{' (' + label + ')' if label else ''} …", flush=True)
        results.append(run_level(n, think, kind, timeout, seed, options, nodelay, url, replicas, app_dir))
    rows = [(r["n"], ", ".join(r["journeys"]), r["open"]["p50_ms"], r["open"]["p95_ms"],
             r["interaction"]["p50_ms"], r["interaction"]["p95_ms"], r["interaction"]["max_ms"], r["errors"],
             r["rss_mb_per_session"], r["server_cpu_ms_per_rerun"], r["reruns_per_s"]) for r in results]
    print_table(f"Load over websocket (think {think} s{', ' + label if label else ''}; ms unless noted)",
                ["N", "journey", "open p50", "open p95", "step p50", "step p95", "step max", "errors",
                 "RSS MB/session", "server CPU ms/rerun", "reruns/s"], rows)
    for r in results:
        for sample in r["error_samples"][:3]:
            print(f"  N={r['n']} error: {sample}")
    return {"method": "websocket BackMsg.rerun_script per interaction; latency to script_finished",
            "think_s": think, "label": label, "server_options": options or {}, "tcp_nodelay": nodelay,
            "replicas": replicas,
            "levels": results,
            "load_generator_cpu_s": round(_own_cpu() - client_cpu_before, 2),
            "targets": {"p95_ms": 500, "errors": 0, "rss_mb_per_session": 5}}


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", default="25,50,100", help="comma-separated numbers of students")
    parser.add_argument("--think", type=float, default=2.0, help="mean seconds between a student's clicks")
    parser.add_argument("--journey", default="auto", choices=["auto", "walker", "evidence", "references"])
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--plain-streamlit-run", action="store_true",
                        help="serve with plain `streamlit run` (Nagle on), not as `make run` does (vcf_ui/serve.py)")
    parser.add_argument("--url", help="load a server that is already running (no memory/CPU figures), "
                                      "e.g. http://127.0.0.1:80 for replicas behind a proxy")
    parser.add_argument("--replicas", type=int, default=0,
                        help="start this many replicas behind HAProxy (vcf_ui/replicas.py) and load the proxy")
    parser.add_argument("--app-dir", type=Path, default=APP_ROOT,
                        help="another checkout of the app (it needs vcf_ui/serve.py), for a before/after figure")
    parser.add_argument("--option", action="append", default=[], metavar="NAME=VALUE",
                        help="a streamlit option overriding config.toml, e.g. runner.postScriptGC=true (repeatable)")
    args = parser.parse_args(argv)
    options = dict(item.split("=", 1) for item in args.option)
    label = " ".join(args.option + (["plain streamlit run"] if args.plain_streamlit_run else [])
                     + ([f"{args.replicas} replicas behind HAProxy"] if args.replicas else []))
    data = run([int(x) for x in args.n.split(",")], args.think, args.journey, args.timeout, options=options,
               label=label, nodelay=not args.plain_streamlit_run, url=args.url, replicas=args.replicas,
               app_dir=args.app_dir.resolve())
    print(f"wrote {write_results('load_ws', data)}")
    return data


if __name__ == "__main__":
    main()
