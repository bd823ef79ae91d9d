"""The whole pathway as a flowchart (SVG, laid out here), with the path taken drawn heavier.

Built from the pathway data, so a new question appears in the chart without code. Emphasis never
relies on colour alone: the path is bold and thick, the current question has a double border and
an arrow mark, the outcome reached is filled dark with white text.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from xml.sax.saxutils import escape

from vcf_logic.pathway import Pathway

PATH_COLOUR = "#0072B2"  # Okabe-Ito blue: readable for the common colour-vision deficiencies
CURRENT_FILL = "#F0E442"  # Okabe-Ito yellow
OUTCOME_FILL = "#009E73"  # Okabe-Ito green
MUTED = "#8A8F98"


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


# ---- SVG, laid out here: the browser only shows a picture -----------------------------------------------------
# Graphviz in the browser (st.graphviz_chart) laid the chart out again on every answer: a 330-370 ms task on the
# main thread. Here the layout is computed once per pathway and the picture once per walk (cached), in Python.

NODE_WIDTH = 150
FONT_SIZE = 12
LINE_HEIGHT = 15
WRAP = 20  # characters per line inside a box
RANK_GAP = 44  # vertical room between ranks, for the answers on the arrows
COLUMN_GAP = 18
MARGIN = 12
LANE = 7  # an arrow that skips ranks runs down a lane just left of its column, clear of the boxes between


@dataclass(frozen=True)
class Box:
    node: str
    rank: int
    x: float  # centre
    y: float  # top
    lines: tuple[str, ...]

    @property
    def height(self) -> float:
        return len(self.lines) * LINE_HEIGHT + 12


@dataclass(frozen=True)
class Layout:
    boxes: dict[str, Box]
    width: float
    height: float
    rank_tops: tuple[float, ...]


def _children(pathway: Pathway) -> dict[str, list[str]]:
    children: dict[str, list[str]] = {}
    for source, target in _edges(pathway):
        children.setdefault(source, []).append(target)
    return children


@lru_cache(maxsize=8)
def layout(pathway: Pathway) -> Layout:
    """Ranks by longest path from the start; in each rank, boxes under their parents, pushed apart to not overlap."""
    children = _children(pathway)
    order: list[str] = []
    seen: set[str] = set()

    def visit(node: str) -> None:  # depth first, branches in the pathway's order
        if node in seen:
            return
        seen.add(node)
        for child in children.get(node, []):
            visit(child)
        order.append(node)
    visit(pathway.start)
    order.reverse()  # a topological order
    rank = {pathway.start: 0}
    for node in order:
        for child in children.get(node, []):
            rank[child] = max(rank.get(child, 0), rank[node] + 1)
    labels = {q.id: pathway.fill(q.label) for q in pathway.questions.values()}
    labels |= {o.id: pathway.fill(o.label) for o in pathway.outcomes.values()}
    lines = {n: tuple(textwrap.wrap("▶ ✔ " + labels[n], WRAP, break_long_words=False))[:4] for n in order}
    parents: dict[str, list[str]] = {}
    for source, targets in children.items():
        for target in targets:
            parents.setdefault(target, []).append(source)
    ranks = max(rank.values()) + 1
    x: dict[str, float] = {}
    step = NODE_WIDTH + COLUMN_GAP
    for r in range(ranks):
        nodes = [n for n in order if rank[n] == r]
        wanted = {n: (sum(x[p] for p in parents[n]) / len(parents[n]) if parents.get(n) else 0.0) for n in nodes}
        placed: list[str] = []
        for node in sorted(nodes, key=lambda n: (wanted[n], order.index(n))):
            x[node] = max(wanted[node], x[placed[-1]] + step) if placed else wanted[node]
            placed.append(node)
        if placed:  # centre the rank under where its parents wanted it
            shift = (sum(wanted.values()) / len(wanted)) - (x[placed[0]] + x[placed[-1]]) / 2
            shift = max(shift, 0.0) if r else shift
            for node in placed:
                x[node] += shift
    left = min(x.values()) - NODE_WIDTH / 2 - MARGIN - 3 * LANE
    tops, y = [], float(MARGIN)
    boxes: dict[str, Box] = {}
    for r in range(ranks):
        tops.append(y)
        nodes = [n for n in order if rank[n] == r]
        for node in nodes:
            label = tuple(textwrap.wrap(labels[node], WRAP, break_long_words=False)) or (labels[node],)
            boxes[node] = Box(node, r, x[node] - left, y, label)
        y += max(len(lines[n]) for n in nodes) * LINE_HEIGHT + 12 + RANK_GAP
    width = max(b.x for b in boxes.values()) + NODE_WIDTH / 2 + MARGIN
    return Layout(boxes, width, y - RANK_GAP + MARGIN, tuple(tops))


def _svg_text(text: str) -> str:
    return escape(text, {'"': "&quot;"})


def _box_svg(box: Box, style: dict, outcome: bool, mark: str) -> str:
    left, width, height = box.x - NODE_WIDTH / 2, NODE_WIDTH, box.height
    radius = 0 if outcome else 8
    stroke = style.get("color", MUTED)
    stroke_width = style.get("penwidth", 1.2)
    parts = [f'<g class="node" id="node-{_svg_text(box.node)}" data-node="{_svg_text(box.node)}">',
             f"<title>{_svg_text(' '.join(box.lines))}</title>",
             f'<rect x="{left:.1f}" y="{box.y:.1f}" width="{width}" height="{height}" rx="{radius}" '
             f'fill="{style["fillcolor"]}" stroke="{stroke}" stroke-width="{stroke_width}"/>']
    if style.get("peripheries") == 2:  # the question now: a double border, not colour alone
        parts.append(f'<rect x="{left - 4:.1f}" y="{box.y - 4:.1f}" width="{width + 8}" height="{height + 8}" '
                     f'rx="{radius + 3}" fill="none" stroke="{stroke}" stroke-width="1.5"/>')
    colour = style.get("fontcolor", "#1B1F24")
    weight = "bold" if "bold" in style.get("style", "") else "normal"
    for i, line in enumerate(box.lines):
        text = (mark + line) if i == 0 else line
        y = box.y + 6 + LINE_HEIGHT * (i + 0.78)
        parts.append(f'<text x="{box.x:.1f}" y="{y:.1f}" text-anchor="middle" fill="{colour}" '
                     f'font-weight="{weight}">{_svg_text(text)}</text>')
    parts.append("</g>")
    return "".join(parts)


def _label_width(labels: list[str]) -> float:
    return 6.2 * len(" / ".join(labels)) + 8


def _edge_svg(source: Box, target: Box, labels: list[str], on_path: bool, label_x: float, lane: float | None) -> str:
    x1, y1 = source.x, source.y + source.height
    x2, y2 = target.x, target.y - 2
    if lane is None:
        bend = max(20.0, (y2 - y1) / 2)
        route = f"M{x1:.1f},{y1:.1f} C{x1:.1f},{y1 + bend:.1f} {x2:.1f},{y2 - bend:.1f} {x2:.1f},{y2:.1f}"
    else:  # down the lane at the left edge, clear of the boxes between
        top, bottom = y1 + RANK_GAP * 0.7, y2 - RANK_GAP * 0.6
        route = (f"M{x1:.1f},{y1:.1f} C{x1:.1f},{top:.1f} {lane:.1f},{y1:.1f} {lane:.1f},{top:.1f} "
                 f"L{lane:.1f},{bottom:.1f} C{lane:.1f},{y2:.1f} {x2:.1f},{bottom:.1f} {x2:.1f},{y2:.1f}")
    colour, width = (PATH_COLOUR, 3.5) if on_path else (MUTED, 1.2)
    label = " / ".join(labels)
    lx, ly = label_x, y1 + RANK_GAP * 0.45
    label_width = _label_width(labels)
    return (f'<g class="edge" data-from="{_svg_text(source.node)}" data-to="{_svg_text(target.node)}">'
            f'<path d="{route}" '
            f'fill="none" stroke="{colour}" stroke-width="{width}" '
            f'marker-end="url(#{"arrow-path" if on_path else "arrow"})"/>'
            f'<rect x="{lx - label_width / 2:.1f}" y="{ly - 11:.1f}" width="{label_width:.1f}" height="15" rx="3" '
            f'fill="white" fill-opacity="0.9"/>'
            f'<text x="{lx:.1f}" y="{ly:.1f}" text-anchor="middle" fill="{colour if on_path else "#3A3F47"}" '
            f'font-size="{FONT_SIZE - 1}" font-weight="{"bold" if on_path else "normal"}">'
            f"{_svg_text(label)}</text></g>")


def pathway_svg(pathway: Pathway, path: Sequence[str] = (), current: str | None = None,
                ranks_around: int | None = None) -> str:
    """The flowchart as SVG; with `ranks_around`, cropped to that many ranks above and below the question now
    (or the outcome reached), so it fits a projected screen with the current node in view."""
    return _pathway_svg(pathway, tuple(path), current, ranks_around)


@lru_cache(maxsize=512)  # a pathway has few distinct walks; each picture is drawn once per process
def _pathway_svg(pathway: Pathway, path: tuple[str, ...], current: str | None, ranks_around: int | None) -> str:
    chart = layout(pathway)
    visited, taken = set(path), set(zip(path, path[1:], strict=False))
    body = []
    edges = _edges(pathway)
    boxes = chart.boxes
    label_x: dict[tuple[str, str], float] = {}
    for source in dict.fromkeys(s for s, _ in edges):  # a node's answers side by side under it, in target order
        outgoing = sorted((e for e in edges if e[0] == source), key=lambda e: boxes[e[1]].x)
        widths = [_label_width(edges[e]) + 6 for e in outgoing]
        start = boxes[source].x - sum(widths) / 2
        for edge, w in zip(outgoing, widths, strict=True):
            label_x[edge] = start + w / 2
            start += w
    lanes: dict[tuple[str, str], float] = {}
    used: dict[float, int] = {}
    for edge in edges:
        source, target = boxes[edge[0]], boxes[edge[1]]
        if target.rank > source.rank + 1 and abs(target.x - source.x) < NODE_WIDTH:
            column = min(source.x, target.x)
            used[column] = used.get(column, 0) + 1
            lanes[edge] = column - NODE_WIDTH / 2 - LANE * (used[column] - 0.3)
    for on_path in (False, True):  # the path on top
        for edge, labels in edges.items():
            if (edge in taken) == on_path:
                body.append(_edge_svg(boxes[edge[0]], boxes[edge[1]], labels, on_path, label_x[edge], lanes.get(edge)))
    for node, box in chart.boxes.items():
        outcome = node in pathway.outcomes
        reached = outcome and node in visited
        style = _node_style(node in visited, node == current, reached, outcome)
        body.append(_box_svg(box, style, outcome, "▶ " if node == current else "✔ " if reached else ""))
    top, height = 0.0, chart.height
    focus = current or (path[-1] if path else None)
    if ranks_around is not None and focus in chart.boxes:
        rank = chart.boxes[focus].rank
        first = max(0, rank - ranks_around)
        last = rank + ranks_around + 1
        top = chart.rank_tops[first] - MARGIN
        bottom = chart.rank_tops[last] - RANK_GAP + MARGIN if last < len(chart.rank_tops) else chart.height
        height = bottom - top
    where = f"the question now: {' '.join(chart.boxes[focus].lines)}" if focus in chart.boxes else "the start"
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 {top:.1f} {chart.width:.1f} {height:.1f}" '
            f'width="{chart.width:.0f}" height="{height:.0f}" role="img" font-family="Helvetica, Arial, sans-serif" '
            f'font-size="{FONT_SIZE}"><title>Flowchart of the pathway; {_svg_text(where)}</title>'
            '<defs>'
            f'<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" '
            f'orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{MUTED}"/></marker>'
            f'<marker id="arrow-path" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="4" markerHeight="4" '
            f'orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{PATH_COLOUR}"/></marker>'
            f'</defs><rect x="0" y="{top:.1f}" width="{chart.width:.1f}" height="{height:.1f}" fill="white"/>'
            + "".join(body) + "</svg>")
