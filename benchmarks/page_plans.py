"""What a student does on each page, as AppTest interactions for the rerun-cost benchmark.

Generic plans change every widget in a page's main area to another value, so that a page is measured as
soon as it exists. Page-specific plans (a full walk through the decision pathway, switching chart views)
are added by `specific_plans` for the pages that have one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from benchmarks.journeys import walker_paths
from vcf_logic.explorer import VIEW_IDS
from vcf_logic.pathway import default_pathway

# Widget kinds that AppTest can set, and how to pick the value for the i-th run (alternating, so each
# run is a real change).
SETTABLE = ("radio", "selectbox", "multiselect", "checkbox", "toggle", "text_input", "text_area", "slider",
            "select_slider", "number_input", "button", "button_group")


@dataclass
class Plan:
    label: str
    kind: str
    prepare: Callable  # (at, i) -> None: set widgets / query params before the i-th timed run
    setup: Callable = field(default=lambda at: None)  # once, on a freshly opened page, before the timed runs
    steps_per_repeat: int = 1


def interactions(page_path: str, at) -> list[Plan]:
    return specific_plans(page_path, at) + generic_plans(at)


def _widget(at, kind: str, key: str | None, index: int):
    widgets = getattr(at.main, kind)
    if key is not None:
        return next(w for w in widgets if w.key == key)
    return widgets[index]


def _alternatives(widget, kind: str) -> list | None:
    """Two or more values to cycle through, or None when the widget cannot be driven generically."""
    if kind in ("radio", "selectbox", "select_slider"):
        options = list(widget.options)
        return options if len(options) >= 2 else None
    if kind == "multiselect":
        options = list(widget.options)
        return [[options[0]], []] if options else None
    if kind in ("checkbox", "toggle"):
        return [not widget.value, widget.value]
    if kind in ("text_input", "text_area"):
        return ["fracture", ""]
    if kind == "slider":
        low, high = widget.min, widget.max
        return [high, low] if high != low else None
    return None


def generic_plans(at) -> list[Plan]:
    plans = []
    for kind in SETTABLE:
        try:
            widgets = list(getattr(at.main, kind))
        except (AttributeError, KeyError):
            continue
        for index, widget in enumerate(widgets):
            key = widget.key if getattr(widget, "key", None) and not str(widget.key).startswith("$$") else None
            label = f"{kind} '{key or getattr(widget, 'label', index)}'"
            if kind == "button":
                plans.append(Plan(f"click {label}", "widget",
                                  lambda at, i, key=key, index=index: _widget(at, "button", key, index).click()))
                continue
            if kind == "number_input":
                plans.append(Plan(f"step {label}", "widget",
                                  lambda at, i, key=key, index=index: _widget(at, "number_input", key, index)
                                  .increment() if i % 2 == 0 else _widget(at, "number_input", key, index).decrement()))
                continue
            values = _alternatives(widget, kind)
            if not values:
                continue
            plans.append(Plan(f"set {label}", "widget",
                              lambda at, i, kind=kind, key=key, index=index, values=values:
                              _widget(at, kind, key, index).set_value(values[i % len(values)])))
    return plans


def specific_plans(page_path: str, at) -> list[Plan]:
    """Page-specific walks, for the pages that have one."""
    builders = {
        "pages/1_Decision_walker.py": _walker_plans,
        "pages/2_Evidence_explorer.py": _evidence_plans,
    }
    builder = builders.get(page_path)
    return builder(at) if builder else []


def _walker_plans(at) -> list[Plan]:
    """A walker step: one answer along a full path (every distinct path in turn), as a student clicks it.

    Untimed runs inside `prepare` restart the walk before each path and enter a number before its Next.
    """
    pathway = default_pathway()
    sequence = [(path, k) for path in walker_paths() for k in range(len(path))]

    def prepare(at, i: int) -> None:
        path, k = sequence[i % len(sequence)]
        if k == 0:
            restart = at.button(key="walker_restart")
            if not restart.disabled:
                restart.click()
                at.run()
        qid, values = path[k]
        question = pathway.questions[qid]
        if question.options:
            index = next(j for j, option in enumerate(question.options) if option.sets == values)
            at.radio(key=f"q_{qid}").set_value(pathway.fill(question.options[index].label))
            at.run()
            at.button(key="walker_next").click()  # a choice commits on Next
            return
        field, value = next(iter(values.items()))  # a number question is a number input, empty until answered
        at.number_input(key=f"q_{qid}").set_value(value)
        at.run()
        at.button(key="walker_next").click()

    return [Plan("walker step (answer one question, every path)", "walker step", prepare,
                 steps_per_repeat=max(1, len(sequence) // 10))]


def _evidence_plans(at) -> list[Plan]:
    """Switch the chart view (the control that `?view=` preselects), through every view in turn."""
    def prepare(at, i: int) -> None:
        at.button_group(key="evidence_view").set_value(VIEW_IDS[(i + 1) % len(VIEW_IDS)])

    return [Plan("evidence view (switch to the next view, every view)", "evidence view", prepare,
                 steps_per_repeat=max(1, len(VIEW_IDS) // 3))]
