"""Load: a live class over websockets. N students join one class and answer 5 questions while the teacher watches.

Every person is one websocket speaking the browser's protocol (`streamlit_ws`). The teacher starts a class on
/Teach_class, then for each question clicks "Next question" and "Open answering", refreshes the live count as
the browser's 2 s fragment timer does, and clicks "Reveal" once every student has answered (or 10 s + 5 s have
passed). Each student joins by link on /Join_class, polls as the browser's 2 s fragment timer does, and once the
question is open answers it (option + confidence, one form submit) at a random moment in the 10 s window.

Figures: answers stored (read from the database afterwards) against answers the students saw confirmed: nothing
lost, nothing doubled; answer latency (submit → script_finished); teacher refresh latency (fragment rerun);
the count the teacher saw; server CPU per rerun (all reruns: joins, polls, answers, teacher); memory per session.

Two set-ups: `--setup sqlite` (one server, the embedded SQLite file) and `--setup postgres` (two replicas on one
PostgreSQL database behind HAProxy with cookie stickiness, README's configuration; needs Debian's `haproxy` and
VCF_TEST_POSTGRES_URL or --postgres-url). Students land on either replica; the teacher's count must include all.

    .venv/bin/python -m benchmarks.class_load --setup sqlite --n 100
    .venv/bin/python -m benchmarks.class_load --setup postgres --n 100
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import secrets
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs

from streamlit.proto.WidgetStates_pb2 import WidgetState

from benchmarks.common import (
    RESULTS_DIR,
    cpu_seconds,
    free_port,
    postgres_schema,
    print_table,
    rss_mb,
    start_server,
    stop_server,
    summary_ms,
    wait_until_healthy,
    write_results,
)
from benchmarks.streamlit_ws import Run, StreamlitSession, find_widget
from vcf_logic.case_library import default_case_library
from vcf_logic.class_session import case_plan
from vcf_logic.class_store import ClassStore, database_url
from vcf_logic.pathway import default_pathway
from vcf_ui.page_registry import JOIN_CLASS, TEACH_CLASS
from vcf_ui.replicas import running_replicas

QUESTIONS = 5
WINDOW_S = 10.0
POLL_S = 2.0  # the pages' run_every
GRACE_S = 5.0
_JOINED = re.compile(r"(\d+) of (\d+) joined")


def widget_by_label(run: Run, label: str) -> str:
    """The id of the widget whose label is `label` (a form's submit button has no key)."""
    for widget_id, proto in run.widgets.items():
        if getattr(proto, "label", None) == label:
            return widget_id
    raise LookupError(f"no widget labelled '{label}' on the page")


@dataclass
class Figures:
    answer_s: list[float] = field(default_factory=list)
    poll_s: list[float] = field(default_factory=list)
    join_s: list[float] = field(default_factory=list)
    teacher_refresh_s: list[float] = field(default_factory=list)
    teacher_click_s: list[float] = field(default_factory=list)
    confirmed: dict[str, int] = field(default_factory=dict)  # question key -> answers the students saw confirmed
    teacher_saw: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    reruns: int = 0


class ClassRun:
    """Shared state of one simulated class: what the teacher has put up, and the figures."""

    def __init__(self, n: int, keys: list[str]):
        self.n = n
        self.keys = keys
        self.figures = Figures()
        self.done = asyncio.Event()
        self.answered = {key: 0 for key in keys}


def _check(run: Run, figures: Figures, what: str) -> None:
    figures.reruns += 1
    if run.failed:
        figures.errors.append(f"{what}: {(run.exceptions or run.error_alerts or [run.status])[0]}")


async def student(base_url: str, code: str, cls: ClassRun, rng: random.Random, joined: asyncio.Barrier,
                  timeout: float) -> None:
    figures = cls.figures
    session = StreamlitSession(base_url, timeout=timeout)
    session.keep_texts = True
    try:
        await session.connect()
        run = await session.open_page(JOIN_CLASS.url_path, f"code={code}")
        _check(run, figures, "open join page")
        code_id, _ = find_widget(run, "class_code_typed")  # the browser sends the form's values with its submit
        session.widget_states[code_id] = WidgetState(id=code_id, string_value=code)
        start = time.perf_counter()
        run = await session.set_widget(widget_by_label(run, "Join"), trigger_value=True)
        figures.join_s.append(time.perf_counter() - start)
        _check(run, figures, "join")
        if "s" not in parse_qs(session.query_string):
            figures.errors.append("join: no student link in the address")
            return
    finally:
        await joined.wait()
    fragment = run.auto_reruns[-1] if run.auto_reruns else None
    await asyncio.sleep(rng.uniform(0, POLL_S))  # browsers' timers are not in step
    answered: set[str] = set()
    try:
        while not cls.done.is_set():
            open_key = next((k for k in cls.keys if k not in answered and find_widget(run, f"class_option_{k}")),
                            None)
            if open_key is not None:
                await asyncio.sleep(rng.uniform(0, WINDOW_S - 2 * POLL_S))  # somewhere in the window
                option_id, option = find_widget(run, f"class_option_{open_key}")
                confidence_id, confidence = find_widget(run, f"class_confidence_{open_key}")
                # A radio's value travels as its option's text, as the browser sends it.
                session.widget_states[option_id] = WidgetState(id=option_id, string_value=rng.choice(option.options))
                session.widget_states[confidence_id] = WidgetState(id=confidence_id,
                                                                   string_value=rng.choice(confidence.options))
                start = time.perf_counter()
                run = await session.set_widget(widget_by_label(run, "Send my answer"), trigger_value=True)
                figures.answer_s.append(time.perf_counter() - start)
                _check(run, figures, "answer")
                if any("You can change it until answering closes" in t for t in run.texts):
                    figures.confirmed[open_key] = figures.confirmed.get(open_key, 0) + 1
                else:
                    figures.errors.append(f"answer to {open_key} not confirmed")
                answered.add(open_key)
                continue
            await asyncio.sleep(POLL_S)
            if fragment is None:
                figures.errors.append("student page has no refresh timer")
                return
            start = time.perf_counter()
            polled = await session.rerun(fragment_id=fragment, timer=True)
            figures.poll_s.append(time.perf_counter() - start)
            _check(polled, figures, "poll")
            if polled.widgets:  # the teacher moved: the fragment asked for the whole page
                # This client cannot make the server rerun the right page from inside the fragment (it draws
                # the home page), so it reruns its page once more: one rerun per move more than a browser.
                run = await session.rerun()
                _check(run, figures, "redraw")
                fragment = run.auto_reruns[-1] if run.auto_reruns else fragment
    except Exception as exc:  # noqa: BLE001 - one student's failure is a figure, not a crash
        figures.errors.append(f"student: {type(exc).__name__}: {exc}")
    finally:
        await session.close()


async def click(session: StreamlitSession, run: Run, key: str, figures: Figures) -> Run:
    found = find_widget(run, key)
    if found is None:
        raise LookupError(f"no button '{key}' on the teacher's page")
    start = time.perf_counter()
    run = await session.set_widget(found[0], trigger_value=True)
    figures.teacher_click_s.append(time.perf_counter() - start)
    _check(run, figures, f"teacher {key}")
    return run


async def teacher(session: StreamlitSession, run: Run, cls: ClassRun, joined: asyncio.Barrier) -> None:
    figures = cls.figures
    await joined.wait()
    try:
        for key in cls.keys:
            run = await click(session, run, "class_next", figures)
            run = await click(session, run, "class_open", figures)
            opened = time.perf_counter()
            fragment = run.auto_reruns[-1]
            seen = 0
            while seen < cls.n and time.perf_counter() - opened < WINDOW_S + GRACE_S:
                await asyncio.sleep(POLL_S)
                start = time.perf_counter()
                refreshed = await session.rerun(fragment_id=fragment, timer=True)
                figures.teacher_refresh_s.append(time.perf_counter() - start)
                _check(refreshed, figures, "teacher refresh")
                counts = [_JOINED.search(t) for t in refreshed.texts]
                seen = max([int(m.group(1)) for m in counts if m] or [seen])
            figures.teacher_saw[key] = seen
            run = await click(session, run, "class_reveal", figures)
    finally:
        cls.done.set()


async def drive(base_url: str, store: ClassStore, n: int, timeout: float, seed: int) -> dict:
    plan = case_plan(default_pathway(), default_case_library(), default_case_library().vignettes[0].id)
    keys = [q.key for q in plan[:QUESTIONS]]
    # Warm-up: both pages once (imports, compiled scripts) on every replica the proxy hands us.
    for _ in range(2):
        for page in (JOIN_CLASS, TEACH_CLASS):
            warm = StreamlitSession(base_url, timeout=timeout)
            await warm.connect()
            await warm.open_page(page.url_path)
            await warm.close()
    cls = ClassRun(n, keys)
    session = StreamlitSession(base_url, timeout=timeout)
    session.keep_texts = True
    await session.connect()
    run = await session.open_page(TEACH_CLASS.url_path)
    run = await click(session, run, "class_start", cls.figures)
    secret = parse_qs(session.query_string)["t"][0]
    code = store.by_teacher(secret).code
    joined = asyncio.Barrier(n + 1)
    rng = random.Random(seed)
    start = time.perf_counter()
    tasks = [asyncio.create_task(student(base_url, code, cls, random.Random(rng.random()), joined, timeout))
             for _ in range(n)]
    await teacher(session, run, cls, joined)
    await asyncio.gather(*tasks)
    wall = time.perf_counter() - start
    await session.close()
    stored = {key: store.answer_count(code, key) for key in keys}
    return {"cls": cls, "stored": stored, "wall_s": wall, "code": code}


# --- set-ups ------------------------------------------------------------------------------------

@contextmanager
def replicas(count: int, env: dict[str, str], folder: Path) -> Iterator[list[tuple[str, int]]]:
    """`count` servers of the app with the same environment and cookie secret; yields (base URL, pid)."""
    env = {**env, "STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32)}
    started = []
    try:
        for index in range(count):
            port = free_port()
            log = RESULTS_DIR / f"class_load_replica{index + 1}.log"
            RESULTS_DIR.mkdir(parents=True, exist_ok=True)
            server = start_server(port, env=env, log=log)
            started.append((server, port, log))
        for server, port, log in started:
            wait_until_healthy(f"http://127.0.0.1:{port}", server, log=log)
        yield [(f"http://127.0.0.1:{port}", server.pid) for server, port, _ in started]
    finally:
        for server, _, _ in started:
            stop_server(server)


def run_setup(setup: str, n: int, timeout: float, seed: int, postgres_url: str | None) -> dict:
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="vcf-class-load-")))
        if setup == "sqlite":
            env = {"VCF_CLASS_DIR": str(folder), "VCF_CLASS_DB": ""}
            servers = stack.enter_context(replicas(1, env, folder))
            url = servers[0][0]
        else:
            if not postgres_url:
                raise SystemExit("--setup postgres needs --postgres-url or VCF_TEST_POSTGRES_URL")
            env = {"VCF_CLASS_DB": stack.enter_context(postgres_schema(postgres_url, prefix="vcf_bench"))}
            group = stack.enter_context(running_replicas(2, env=env))  # as `make replicas` runs them
            url, servers = group.url, list(zip(group.replica_urls, group.replica_pids, strict=True))
        store = ClassStore(database_url(env))
        stack.callback(store.dispose)
        pids = [pid for _, pid in servers]
        rss_before = sum(rss_mb(p) for p in pids)
        cpu_before = [cpu_seconds(p) for p in pids]
        result = asyncio.run(asyncio.wait_for(drive(url, store, n, timeout, seed), timeout=600 + n))
        cpu = [cpu_seconds(p) - b for p, b in zip(pids, cpu_before, strict=True)]
        rss_after = sum(rss_mb(p) for p in pids)
    cls: ClassRun = result["cls"]
    figures = cls.figures
    sent = sum(figures.confirmed.values())
    stored = sum(result["stored"].values())
    return {
        "setup": setup, "n": n, "questions": len(cls.keys), "replicas": len(pids),
        "answers_expected": n * len(cls.keys), "answers_confirmed": sent, "answers_stored": stored,
        "lost": sent - stored if stored <= sent else 0, "doubled": max(0, stored - sent),
        "per_question": {k: {"confirmed": figures.confirmed.get(k, 0), "stored": result["stored"][k],
                             "teacher_saw": figures.teacher_saw.get(k)} for k in cls.keys},
        "answer": summary_ms(figures.answer_s), "poll": summary_ms(figures.poll_s),
        "join": summary_ms(figures.join_s), "teacher_refresh": summary_ms(figures.teacher_refresh_s),
        "teacher_click": summary_ms(figures.teacher_click_s),
        "errors": len(figures.errors), "error_samples": figures.errors[:10],
        "reruns": figures.reruns, "wall_s": round(result["wall_s"], 1),
        "server_cpu_s_per_replica": [round(c, 2) for c in cpu],
        "server_cpu_ms_per_rerun": round(sum(cpu) * 1000 / max(figures.reruns, 1), 2),
        "rss_mb_before": round(rss_before, 1), "rss_mb_after": round(rss_after, 1),
        "rss_mb_per_session": round((rss_after - rss_before) / (n + 1), 3),
    }


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--setup", default="sqlite", help="sqlite, postgres, or both (comma-separated)")
    parser.add_argument("--n", type=int, default=100, help="students")
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--postgres-url", default=os.environ.get("VCF_TEST_POSTGRES_URL"))
    args = parser.parse_args(argv)
    results = []
    for setup in [s.strip() for s in args.setup.split(",") if s.strip()]:
        print(f"class load: {setup}, N = {args.n} …", flush=True)
        results.append(run_setup(setup, args.n, args.timeout, args.seed, args.postgres_url))
    rows = [(r["setup"], r["replicas"], r["n"], f"{r['answers_stored']} / {r['answers_confirmed']}",
             r["lost"], r["answer"]["p50_ms"], r["answer"]["p95_ms"], r["teacher_refresh"]["p50_ms"],
             r["teacher_refresh"]["p95_ms"], r["poll"]["p95_ms"], r["errors"], r["server_cpu_ms_per_rerun"],
             r["rss_mb_per_session"]) for r in results]
    print_table(f"Live class over websocket: N students answer {QUESTIONS} questions in a {WINDOW_S:.0f} s window "
                "each (ms unless noted)",
                ["setup", "replicas", "N", "stored / confirmed", "lost", "answer p50", "answer p95",
                 "teacher refresh p50", "teacher refresh p95", "student poll p95", "errors",
                 "server CPU ms/rerun", "RSS MB/session"], rows)
    for r in results:
        print(f"  {r['setup']}: teacher saw {[v['teacher_saw'] for v in r['per_question'].values()]} of {r['n']}; "
              f"CPU s per replica {r['server_cpu_s_per_replica']}; {r['reruns']} reruns in {r['wall_s']} s")
        for sample in r["error_samples"][:3]:
            print(f"  {r['setup']} error: {sample}")
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    print(f"wrote {write_results('class_load', {'method': __doc__.splitlines()[0], 'runs': results})}")
    return results


if __name__ == "__main__":
    main()
