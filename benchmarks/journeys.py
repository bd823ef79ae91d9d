"""What one student does in the load test, as websocket steps, and what each step must show.

A journey opens a page (a rerun with no widget values, as when a URL is typed) and then interacts. An
interaction is one `rerun_script` BackMsg: for the decision walker a new query string with one more answer
(the walker keeps its answers in the URL, so this is the rerun the browser sends after the page has
rewritten the URL, or when a student opens a shared link); for the evidence explorer a new `?view=`; for
pages without a specific journey, the widget values a student would set.
"""

from __future__ import annotations

import random
import urllib.parse
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from benchmarks.streamlit_ws import Run, StreamlitSession, find_widget
from vcf_logic.explorer import VIEWS
from vcf_logic.pathway import default_pathway
from vcf_logic.scenario import SCENARIO_FIELDS
from vcf_logic.walker_state import answer, encode, progress
from vcf_ui.page_registry import EXPLORER, REFERENCES, WALKER


@dataclass
class Step:
    label: str
    act: Callable[[StreamlitSession, Run | None], Awaitable[Run]]
    expect: tuple[str, ...] = ()  # texts that must be on screen after the step (session isolation check)
    expect_query: str | None = None  # what the page must have put in the URL's query string after the step


@dataclass
class Journey:
    name: str
    steps: list[Step]
    path_id: str = ""  # which path this student walks (distinct paths catch one student seeing another's)
    notes: dict = field(default_factory=dict)


def open_step(page_name: str, query: str = "", expect: tuple[str, ...] = (), expect_query: str | None = None) -> Step:
    return Step(f"open {page_name or 'Home'}{'?' + query if query else ''}",
                lambda s, _prev: s.open_page(page_name, query), expect, expect_query)


def query_step(label: str, query: str, expect: tuple[str, ...] = ()) -> Step:
    return Step(label, lambda s, _prev: s.rerun(query), expect)


def widget_step(label: str, key: str, expect: tuple[str, ...] = (), expect_query: str | None = None,
                **value) -> Step:
    async def act(session: StreamlitSession, previous: Run | None) -> Run:
        found = find_widget(previous, key) if previous else None
        if found is None:
            raise LookupError(f"no widget with key '{key}' on the page")
        return await session.set_widget(found[0], **value)

    return Step(label, act, expect, expect_query)


def references_journey(rng: random.Random) -> Journey:
    query = rng.choice(["vertebroplasty", "Lancet", "calcitonin", "kyphoplasty sham"])
    return Journey("references search", [
        open_step(REFERENCES.url_path),
        widget_step(f"search '{query}'", "reference_query", string_value=query),
        widget_step("clear search", "reference_query", string_value=""),
    ], path_id=query)


def _screen_text(text: str) -> str:
    """Text as the page sends it, less Markdown escapes (the pages escape data-file text)."""
    return text.replace("\\", "")


def walker_paths(limit: int = 64) -> list[list[tuple[str, dict]]]:
    """Distinct walks from the first question to an outcome: [(question id, values answered)], depth first.

    Option questions branch on every option; a number question tries a few values across its range.
    """
    pathway = default_pathway()
    found: dict[tuple, list[tuple[str, dict]]] = {}

    def explore(answers: dict, steps: list[tuple[str, dict]]) -> None:
        if len(found) >= limit:
            return
        view = progress(pathway, answers)
        if view.outcome:
            found.setdefault((*view.path, view.outcome), steps)
            return
        question = pathway.questions[view.current]
        if question.options:
            choices = [option.sets for option in question.options]
        else:
            spec = SCENARIO_FIELDS[question.fields[0]]
            low, high = int(spec.minimum), int(spec.maximum)
            choices = [{spec.name: v} for v in sorted({low, min(high, 3), min(high, 6), min(high, 8), high})]
        for values in choices:
            explore(answer(pathway, answers, values), [*steps, (question.id, values)])

    explore({}, [])
    return list(found.values())


def walker_journey(path: list[tuple[str, dict]]) -> Journey:
    """One student's clicks along one path, as the browser sends them (widget values, then callbacks)."""
    pathway = default_pathway()
    first_question = _screen_text(pathway.fill(pathway.questions[pathway.start].question))
    steps = [open_step(WALKER.url_path, expect=(first_question,))]
    answers: dict = {}
    for qid, values in path:
        question = pathway.questions[qid]
        answers = answer(pathway, answers, values)
        view = progress(pathway, answers)
        shown = _screen_text(pathway.fill(pathway.outcomes[view.outcome].title) if view.outcome
                             else pathway.fill(pathway.questions[view.current].question))
        link = "?" + "&".join(f"{k}={v}" for k, v in encode(answers).items())
        expect = (shown, link)
        key = f"q_{qid}"
        if question.options:
            index = next(i for i, o in enumerate(question.options) if o.sets == values)
            label = pathway.fill(question.options[index].label)
            steps.append(widget_step(f"{qid}: {label}", key, string_value=label))  # a choice commits on Next
            steps.append(widget_step(f"{qid}: Next", "walker_next", expect, trigger_value=True))
        else:
            field, value = next(iter(values.items()))  # a number question is an input that starts empty
            steps.append(widget_step(f"{qid}: type {value}", key, double_value=value))
            steps.append(widget_step(f"{qid}: Next", "walker_next", expect, trigger_value=True))
    outcome = progress(pathway, answers).outcome
    return Journey("decision walker", steps, path_id=link, notes={"outcome": outcome})


def walker_journeys(rng: random.Random) -> list[Journey]:
    """Full walks through the pathway, each a different path, in a shuffled order."""
    journeys_ = [walker_journey(path) for path in walker_paths()]
    rng.shuffle(journeys_)
    return journeys_


def evidence_journeys(rng: random.Random) -> list[Journey]:
    """Open the explorer on a shared link (`?view=`), then switch through the other views with the control."""
    journeys_ = []
    for first in VIEWS:
        others = [v for v in VIEWS if v is not first]
        rng.shuffle(others)
        steps = [open_step(EXPLORER.url_path, f"view={first.id}", expect_query=f"view={first.id}")]
        steps += [widget_step(f"view {v.id}", "evidence_view", expect_query=f"view={v.id}",
                              string_array_value={"data": [v.label]}) for v in others]
        journeys_.append(Journey("evidence explorer", steps, path_id=first.id))
    return journeys_


def journeys(rng: random.Random, which: str = "auto") -> list[Journey]:
    """Candidate journeys; each simulated student draws one. `which` = auto | walker | evidence | references."""
    found: dict[str, list[Journey]] = {
        "walker": walker_journeys(rng),
        "evidence": evidence_journeys(rng),
        "references": [references_journey(rng)],
    }
    return found["walker" if which == "auto" else which]


def quoted(params: dict[str, str]) -> str:
    return urllib.parse.urlencode(params)
