"""The whole pathway as a Graphviz DOT flowchart, with the path taken drawn heavier.

Built from the pathway data, so a new question appears in the chart without code. Emphasis never
relies on colour alone: the path is bold and thick, the current question has a double border and
an arrow mark, the outcome reached is filled dark with white text.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from functools import lru_cache

from vcf_logic.pathway import Pathway

PATH_COLOUR = "#0072B2"  # Okabe-Ito blue: readable for the common colour-vision deficiencies
CURRENT_FILL = "#F0E442"  # Okabe-Ito yellow
OUTCOME_FILL = "#009E73"  # Okabe-Ito green
MUTED = "#8A8F98"
EDGE_PAD = "\u00a0"  # a no-break space each side keeps neighbouring arrows' answers apart ("known", "neither")


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def _wrap(text: str, width: int = 12) -> str:
    return "\n".join(textwrap.wrap(text, width, break_long_words=False)) or text


def _attrs(**attrs: str | float) -> str:
    return "[" + ", ".join(f"{key}={_quote(str(value))}" for key, value in attrs.items()) + "]"


def _node_style(on_path: bool, current: bool, reached: bool, outcome: bool) -> dict:
    if reached:
        return {"style": "filled,bold", "fillcolor": OUTCOME_FILL, "fontcolor": "white", "color": "#00573F",
                "penwidth": 3}
    if current:
        return {"style": "rounded,filled,bold", "fillcolor": CURRENT_FILL, "color": "#1B1F24", "penwidth": 3,
                "peripheries": 2}
    if on_path:
        return {"style": "rounded,filled,bold", "fillcolor": "#DCEBF7", "color": PATH_COLOUR, "penwidth": 2.5}
    fill = "#F2F5F8" if outcome else "white"
    return {"style": "filled" if outcome else "rounded,filled", "fillcolor": fill, "color": MUTED,
            "fontcolor": "#3A3F47"}


def _edges(pathway: Pathway) -> dict[tuple[str, str], list[str]]:
    """One arrow per (question, next node), its labels merged: three 'yes' branches draw once."""
    edges: dict[tuple[str, str], list[str]] = {}
    for question in pathway.questions.values():
        for branch in question.branches:
            labels = edges.setdefault((question.id, branch.go), [])
            label = pathway.fill(branch.label)
            if label not in labels:
                labels.append(label)
    return edges


def pathway_dot(pathway: Pathway, path: Sequence[str] = (), current: str | None = None) -> str:
    """DOT source; `path` is the node ids visited in order (ending at `current` or an outcome)."""
    return _pathway_dot(pathway, tuple(path), current)


@lru_cache(maxsize=512)  # a pathway has few distinct walks; each chart is drawn once per process
def _pathway_dot(pathway: Pathway, path: tuple[str, ...], current: str | None) -> str:
    visited = set(path)
    taken = set(zip(path, path[1:], strict=False))
    lines = ["digraph pathway {",
             '  graph [rankdir=TB, nodesep=0.08, ranksep=0.2, bgcolor="transparent", fontname="Helvetica"];',
             '  node [shape=box, fontname="Helvetica", fontsize=10, margin="0.06,0.03"];',
             '  edge [fontname="Helvetica", fontsize=10, arrowsize=0.6];']
    for q in pathway.questions.values():
        mark = "▶ " if q.id == current else ""
        style = _node_style(q.id in visited, q.id == current, False, False)
        lines.append(f"  {_quote(q.id)} {_attrs(label=mark + _wrap(pathway.fill(q.label)), **style)};")
    for o in pathway.outcomes.values():
        reached = o.id in visited
        style = _node_style(reached, False, reached, True)
        label = ("✔ " if reached else "") + _wrap(pathway.fill(o.label))
        lines.append(f"  {_quote(o.id)} {_attrs(label=label, **style)};")
    for (source, target), labels in _edges(pathway).items():
        on_path = (source, target) in taken
        style = ({"color": PATH_COLOUR, "fontcolor": PATH_COLOUR, "penwidth": 3.5} if on_path
                 else {"color": MUTED, "fontcolor": "#3A3F47", "penwidth": 1.2})
        label = f"{EDGE_PAD}{' / '.join(labels)}{EDGE_PAD}"
        lines.append(f"  {_quote(source)} -> {_quote(target)} {_attrs(label=label, **style)};")
    lines.append("}")
    return "\n".join(lines)
