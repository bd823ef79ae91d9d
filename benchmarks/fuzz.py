"""Hostile and clumsy input, generated: `python -m benchmarks.fuzz [--cases 1000] [--seed 15] [--only SURFACE]`.

Five surfaces, each driven with `--cases` generated inputs from one seeded generator (same seed, same cases):
- **query strings**: every page opened over Streamlit's websocket protocol (benchmarks/streamlit_ws.py) with
  hostile keys and values (addresses, markup, Markdown, LaTeX, invalid Unicode, huge and odd numbers);
- **widgets**: every page (each explorer view, the walker part-way) opened over the websocket, then one of its
  widgets sent a forged value of any kind (NaN, infinity, huge numbers, an index no option has, text to a
  slider) and the session rerun once more without it;
- **uploads**: mutated scenario files through `parse_scenario_file`, the Scenario lab's door;
- **recommend**: the CLI's `recommend` on mutated case files (exit 0 or 2 expected, never 1 or a traceback);
- **check**: mutated copies of the data files (aliases, keys twice, deep nesting, loose types, bytes flipped,
  UTF-16, size) through `check`, the app's own loaders.

Per surface it prints: cases, accepted, refused cleanly (a message in words), tracebacks, hangs (a case over its
time bound), and rendered links or markup (an address, tag or Markdown link from the input reaching the output
in a form that renders; for the CLI, a control character echoed). All traffic stays on loopback; every loop is
bounded in count and time. Prints figures, asserts nothing: tests/test_fuzz_harness.py runs a seeded slice.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import json
import math
import random
import re
import signal
import tempfile
import time
import traceback
import urllib.parse
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from vcf_logic.wording import escape_markdown

DATA = Path(__file__).resolve().parent.parent / "data"
CASE_SECONDS = 10.0  # a case slower than this is a hang (the server's loop, or SIGALRM in process)

ADDRESSES = ["https://x.io", "http://evil.example/", "www.evil-site.co", "x@evil.io", "javascript:alert(1)"]
MARKUP = ["<script>window.__pwned=1</script>", '<img src=x onerror="alert(1)">', "[web](http://evil.example)",
          "$x^2$", ":red[red]", "**bold**", "<a href='http://evil.example'>a</a>", "\x1b[31m", "=HYPERLINK(\"x\")"]
ODD = ["", " ", "0", "-3", "600", "521", "99999999999999", "1e3", "1.0", "NaN", "inf", "-inf", "9" * 5000,
       "\ud800", "\u202e", "\x00", "y", "n", "u", "known", "%", "&", "=", "é" * 40, "x" * 5000]
FINDINGS = ["nd", "cc", "si", "mal", "pain", "wk", "age", "hrs", "lvl", "surv", "mri", "unfit", "worse", "def", "pul",
            "case", "view", "topic", "seed", "presenter"]


@dataclass
class Tally:
    surface: str
    cases: int = 0
    accepted: int = 0
    refused: int = 0
    tracebacks: int = 0
    hangs: int = 0
    rendered: int = 0
    examples: list[str] = field(default_factory=list)

    def note(self, outcome: str, example: str = "") -> None:
        self.cases += 1
        setattr(self, outcome, getattr(self, outcome) + 1)
        if outcome in ("tracebacks", "hangs", "rendered") and len(self.examples) < 5:
            self.examples.append(f"{outcome}: {example[:160]!r}")


def hostile_value(rng: random.Random) -> str:
    pick = rng.random()
    if pick < 0.3:
        return rng.choice(ADDRESSES)
    if pick < 0.55:
        return rng.choice(MARKUP)
    if pick < 0.9:
        return rng.choice(ODD)
    return "".join(chr(rng.randrange(0x20, 0x3000)) for _ in range(rng.randrange(1, 30)))


# An address, a tag or a Markdown link that would render: the raw token without an escape or a zero-width space.
_LIVE = re.compile(r"https?://|www\.|\w@\w|(?<!\\)<(script|img|a)\b|\]\(|\x1b")


def live_markup(texts: list[str], sent: str) -> str | None:
    """A rendered text holding a token of the input that would become a link or markup; None when inert."""
    if not _LIVE.search(sent):
        return None
    for text in texts:
        match = _LIVE.search(text)
        if match and match.group(0) in sent:
            return text
    return None


_REFUSAL = re.compile(r"(?i)could not be used|does not hold|not in the case library|not a valid|unknown")


# --- query strings over the websocket ------------------------------------------------------------------------

def _quote(text: str) -> str:
    """As a hostile client may send it: addresses left readable, a lone surrogate as its raw UTF-8 bytes."""
    return urllib.parse.quote(text, safe=":/@", errors="surrogatepass")


def query_cases(rng: random.Random, n: int) -> Iterator[tuple[str, str]]:
    from vcf_ui.page_registry import PAGES
    pages = [p.url_path.strip("/") for p in PAGES]
    for _ in range(n):
        pairs = []
        for _ in range(rng.randrange(1, 5)):
            key = rng.choice(FINDINGS) if rng.random() < 0.7 else hostile_value(rng)
            pairs.append(f"{_quote(key)}={_quote(hostile_value(rng))}")
        yield rng.choice(pages), "&".join(pairs)


async def _query_surface(base_url: str, cases: list[tuple[str, str]], tally: Tally) -> None:
    from benchmarks.streamlit_ws import StreamlitSession
    session = StreamlitSession(base_url, timeout=CASE_SECONDS)
    session.keep_texts = True
    await session.connect()
    try:
        for page, query in cases:
            try:
                run = await session.open_page(page, query)
            except TimeoutError:
                tally.note("hangs", f"/{page}?{query}")
                await session.close()
                await session.connect()
                continue
            if run.exceptions:
                tally.note("tracebacks", f"/{page}?{query}: {run.exceptions[0]}")
            elif (shown := live_markup(run.texts, urllib.parse.unquote(query))) is not None:
                tally.note("rendered", f"/{page}?{query} -> {shown}")
            elif run.error_alerts or any(_REFUSAL.search(t) for t in run.texts):
                tally.note("refused")
            else:
                tally.note("accepted")
    finally:
        await session.close()


def fuzz_query_strings(rng: random.Random, n: int, base_url: str | None = None) -> Tally:
    tally = Tally("query strings (every page, websocket)")
    _on_a_server(_query_surface, list(query_cases(rng, n)), tally, base_url)
    return tally


def _on_a_server(surface, cases: list, tally: Tally, base_url: str | None) -> None:
    """Drive `surface(url, cases, tally)` against `base_url`, or a server of this checkout started for it."""
    if base_url:
        _in_own_thread(surface(base_url, cases, tally))
        return
    from benchmarks.common import running_server
    with running_server() as url:
        _in_own_thread(surface(url, cases, tally))


def _in_own_thread(coroutine) -> None:
    """asyncio.run on a fresh thread: the caller's thread may already run a loop (Playwright's, in the tests)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, coroutine).result()


# --- forged widget values over the websocket -------------------------------------------------------------------

# The page states whose widgets get forged values: every page, every explorer view, the walker part-way.
WALKER_STATES = ["", "nd=0", "nd=0&cc=0", "nd=0&cc=0&si=0&mal=0", "nd=0&cc=0&si=0&mal=0&pain=8"]
_GENERIC_ERROR = re.compile(r"(?i)encountered an error|traceback")


def page_states() -> list[tuple[str, str]]:
    from vcf_logic.explorer import VIEW_IDS
    from vcf_ui.page_registry import EXPLORER, PAGES, WALKER
    states = [(p.url_path.strip("/"), "") for p in PAGES]
    states += [(EXPLORER.url_path.strip("/"), f"view={view}") for view in VIEW_IDS]
    return states + [(WALKER.url_path.strip("/"), query) for query in WALKER_STATES]


def forged_value(rng: random.Random) -> tuple[str, object]:
    """One widget value as a hostile client may send it: of any kind, whatever the widget expects."""
    numbers = [math.nan, math.inf, -math.inf, 1e308, -1e308, -0.0, 0.5, -3.0, 600.0, 2.0 ** 63]
    kinds: dict[str, Callable[[], object]] = {
        "int_value": lambda: rng.choice([-1, 0, 1, 99, 2 ** 40, -(2 ** 63), 2 ** 63 - 1]),
        "double_value": lambda: rng.choice(numbers),
        "string_value": lambda: hostile_value(rng),
        "bool_value": lambda: rng.random() < 0.5,
        "trigger_value": lambda: True,
        "double_array_value": lambda: [rng.choice(numbers) for _ in range(rng.randrange(0, 4))],
        "int_array_value": lambda: [rng.choice([-5, 0, 1, 99, 2 ** 40]) for _ in range(rng.randrange(0, 5))],
        "string_array_value": lambda: [hostile_value(rng) for _ in range(rng.randrange(0, 3))],
        "json_value": lambda: rng.choice(["{", "[]", '{"selection": 1}', "null", hostile_value(rng)]),
    }
    kind = rng.choice(list(kinds))
    return kind, kinds[kind]()


def _widget_state(widget_id: str, kind: str, value):
    from streamlit.proto.WidgetStates_pb2 import WidgetState
    def sendable(item):  # a protobuf string holds valid UTF-8 only: a lone surrogate goes as U+FFFD
        return item.encode("utf-8", "replace").decode("utf-8") if isinstance(item, str) else item

    state = WidgetState(id=widget_id)
    if kind.endswith("_array_value"):
        getattr(state, kind).data.extend(sendable(item) for item in value)
    else:
        setattr(state, kind, sendable(value))
    return state


def _judge(run, sent: str) -> str:
    if run.exceptions or any(_GENERIC_ERROR.search(a) for a in run.error_alerts):
        return "tracebacks"
    if live_markup(run.texts, sent) is not None:
        return "rendered"
    return "refused" if run.error_alerts else "accepted"


async def _widget_surface(base_url: str, cases: list[tuple[tuple[str, str], int, str, object]], tally: Tally) -> None:
    from benchmarks.streamlit_ws import StreamlitSession
    for (page, query), pick, kind, value in cases:
        session = StreamlitSession(base_url, timeout=CASE_SECONDS)
        session.keep_texts = True
        example = f"/{page}?{query} {kind}={value!r}"[:200]
        try:
            await session.connect()
            opened = await session.open_page(page, query)
            widgets = sorted(opened.widgets)
            if not widgets:
                continue
            widget_id = widgets[pick % len(widgets)]
            session.widget_states[widget_id] = _widget_state(widget_id, kind, value)
            forged = await session.rerun(fragment_id=session.widget_fragments.get(widget_id, ""))
            own = set(opened.texts)  # the page's own texts, e.g. its static script
            forged.texts = [t for t in forged.texts if t not in own]
            outcome = _judge(forged, str(value))
            session.widget_states.pop(widget_id, None)
            after = await session.rerun()  # the next rerun of that session, without the forged value
            if outcome != "tracebacks" and (after.exceptions or after.error_alerts and not forged.error_alerts):
                outcome, example = "tracebacks", f"{example} (the next rerun broke)"
            tally.note(outcome, f"{example} -> {(forged.exceptions or forged.error_alerts or [''])[0][:80]}")
        except TimeoutError:
            tally.note("hangs", example)
        finally:
            await session.close()


def fuzz_widgets(rng: random.Random, n: int, base_url: str | None = None) -> Tally:
    tally = Tally("forged widget values (every page, websocket)")
    states = page_states()
    cases = [(rng.choice(states), rng.randrange(1000), *forged_value(rng)) for _ in range(n)]
    _on_a_server(_widget_surface, cases, tally, base_url)
    return tally


# --- in-process surfaces, each case bounded by SIGALRM ------------------------------------------------------

class _Hang(Exception):
    pass


class _Rendered(Exception):
    """Raised by an attempt with the output text that would render as a link or markup."""


@contextlib.contextmanager
def _time_bound(seconds: float):
    def expire(*_):
        raise _Hang
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _run_case(tally: Tally, example: str, attempt: Callable[[], str]) -> None:
    """attempt() returns 'accepted', 'refused' or 'rendered'; anything it raises is a traceback."""
    try:
        with _time_bound(CASE_SECONDS):
            outcome = attempt()
    except _Hang:
        outcome = "hangs"
    except _Rendered as shown:
        outcome, example = "rendered", f"{example}: {shown}"
    except BaseException:  # noqa: BLE001 - the point is to count every escape
        outcome = "tracebacks"
        example = f"{example} {traceback.format_exc(limit=-2)}"
    tally.note(outcome, example)


def mutate_json(rng: random.Random) -> bytes:
    base = {"title": "Class case", "pain_score": 8, "weeks_of_conservative_care": 14, "mri_edema": True}
    choice = rng.randrange(9)
    if choice == 0:
        base[rng.choice(["title", "pain_score", hostile_value(rng)])] = hostile_value(rng)
        text = json.dumps(base, ensure_ascii=rng.random() < 0.5)
    elif choice == 1:
        text = "[" * rng.randrange(1, 3000) + "]" * rng.randrange(0, 3000)
    elif choice == 2:
        text = json.dumps(base).replace("8", rng.choice(["NaN", "Infinity", "1e999", "9" * 5000, "-0", "8.5"]))
    elif choice == 3:
        text = json.dumps(base)[:-1] + ', "pain_score": 3}'
    elif choice == 4:
        text = '{"title": "\\ud800", "pain_score": 3}'
    elif choice == 5:
        raw = bytearray(json.dumps(base).encode())
        for _ in range(rng.randrange(1, 6)):
            raw[rng.randrange(len(raw))] = rng.randrange(256)
        return bytes(raw)
    elif choice == 6:
        return json.dumps(base).encode(rng.choice(["utf-16", "utf-16-le", "utf-32", "latin-1"]))
    elif choice == 7:
        base["title"] = " ".join(rng.choice(ADDRESSES + MARKUP) for _ in range(3))
        text = json.dumps(base)
    else:
        base[rng.choice(FINDINGS)] = rng.choice([None, True, [], {}, -1, 10**30, 3.5, "yes"])
        text = json.dumps(base)
    return text.encode("utf-8", "surrogatepass")


def fuzz_uploads(rng: random.Random, n: int) -> Tally:
    from vcf_logic.scenario_files import ScenarioFileError, parse_scenario_file
    tally = Tally("uploads (scenario files)")
    for _ in range(n):
        data = mutate_json(rng)

        def attempt(data=data) -> str:
            try:
                scenario = parse_scenario_file(data)
            except ScenarioFileError as exc:
                message = escape_markdown(f"bad.json was not loaded: {exc}")
                return "rendered" if live_markup([message], data.decode("utf-8", "replace")) else "refused"
            shown = escape_markdown(scenario.title or "")
            shown.encode("utf-8")  # what the summary download does with it
            return "rendered" if live_markup([shown], scenario.title or "") else "accepted"
        _run_case(tally, repr(data[:120]), attempt)
    return tally


def fuzz_recommend(rng: random.Random, n: int) -> Tally:
    from vcf_logic.__main__ import main
    tally = Tally("CLI recommend")
    with tempfile.TemporaryDirectory(prefix="vcf-fuzz-") as folder:
        path = Path(folder) / "case.json"
        for _ in range(n):
            data = mutate_json(rng)
            path.write_bytes(data)

            def attempt() -> str:
                err, out = io.StringIO(), io.StringIO()
                with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
                    code = main(["recommend", str(path)])
                if code not in (0, 2) or "Traceback" in err.getvalue():
                    raise RuntimeError(f"exit {code}: {err.getvalue()[:200]}")
                if re.search(r"[\x00-\x08\x0b-\x1f\x7f]", err.getvalue()) or err.getvalue().count("\n") > 1:
                    return "rendered"
                return "accepted" if code == 0 else "refused"
            _run_case(tally, repr(data[:120]), attempt)
    return tally


def mutate_yaml(rng: random.Random, text: str) -> bytes:
    lines = text.splitlines(keepends=True)
    at = rng.randrange(len(lines))
    choice = rng.randrange(9)
    if choice == 0:  # an alias bomb
        bomb = "x0: &x0 [a, a, a, a, a, a, a, a, a]\n" + "".join(
            f"x{i}: &x{i} [{', '.join([f'*x{i - 1}'] * 9)}]\n" for i in range(1, rng.randrange(2, 10)))
        return (bomb + text).encode()
    if choice == 1:  # a key given twice
        line = lines[at]
        lines.insert(at, line if ":" in line else line)
    elif choice == 2:  # deep nesting in a value
        depth = rng.randrange(20, 2000)
        lines[at] = re.sub(r":\s.*", ": " + "[" * depth + "]" * depth, lines[at], count=1)
    elif choice == 3:  # loose types
        lines[at] = re.sub(r": (\d+(\.\d+)?|true|false)\s*$", lambda m: f': "{m.group(1)}"\n', lines[at])
    elif choice == 4:  # bytes flipped
        raw = bytearray(text.encode())
        for _ in range(rng.randrange(1, 5)):
            raw[rng.randrange(len(raw))] = rng.randrange(256)
        return bytes(raw)
    elif choice == 5:
        return text.encode(rng.choice(["utf-16", "utf-16-le"]))
    elif choice == 6:  # markup and addresses in a text field
        lines[at] = lines[at].rstrip("\n") + " " + rng.choice(ADDRESSES + MARKUP).replace("\x1b", "") + "\n"
    elif choice == 7:  # a line removed
        del lines[at]
    else:  # a hostile value
        value = json.dumps(hostile_value(rng))
        lines[at] = re.sub(r": .*", lambda _: ": " + value, lines[at], count=1)
    return "".join(lines).encode("utf-8", "surrogatepass")


def fuzz_check(rng: random.Random, n: int) -> Tally:
    import os

    from vcf_logic import checks
    from vcf_logic.data_files import DataFileError
    tally = Tally("check (data-file mutations)")
    sources = {kind: (DATA / f"{kind}.yaml").read_text(encoding="utf-8") for kind in ("pathway", "cases")}
    with tempfile.TemporaryDirectory(prefix="vcf-fuzz-") as folder:
        for _ in range(n):
            kind = rng.choice(list(sources))
            path = Path(folder) / f"{kind}.yaml"
            data = mutate_yaml(rng, sources[kind])
            path.write_bytes(data)
            setting = f"VCF_{'CASES' if kind == 'cases' else 'PATHWAY'}_FILE"

            def attempt(path=path, setting=setting, data=data) -> str:
                os.environ[setting] = str(path)
                try:
                    checks.check_file(path)
                except DataFileError as exc:
                    shown = [escape_markdown(str(p)) for p in exc.problems]
                    if (live := live_markup(shown, data.decode("utf-8", "replace"))) is not None:
                        raise _Rendered(live) from None
                    return "refused"
                finally:
                    os.environ.pop(setting, None)
                return "accepted"
            _run_case(tally, kind, attempt)
    return tally


SURFACES = {"query": fuzz_query_strings, "widgets": fuzz_widgets, "uploads": fuzz_uploads, "recommend": fuzz_recommend,
            "check": fuzz_check}


def table(tallies: list[Tally]) -> str:
    rows = ["| surface | cases | accepted | refused cleanly | tracebacks | hangs | rendered links or markup |",
            "|---|---|---|---|---|---|---|"]
    rows += [f"| {t.surface} | {t.cases} | {t.accepted} | {t.refused} | {t.tracebacks} | {t.hangs} | {t.rendered} |"
             for t in tallies]
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.fuzz", description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=1000, help="generated cases per surface (default 1000)")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--only", choices=list(SURFACES), action="append", help="one surface (repeatable)")
    args = parser.parse_args(argv)
    tallies = []
    for name in args.only or list(SURFACES):
        start = time.perf_counter()
        tally = SURFACES[name](random.Random(f"{args.seed}-{name}"), args.cases)
        tallies.append(tally)
        print(f"{tally.surface}: {tally.cases} cases in {time.perf_counter() - start:.1f} s", flush=True)
        for example in tally.examples:
            print(f"  {example}")
    print(table(tallies))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
