"""The screen layout every explorer chart is shown in (vcf_logic.figures.screen): one layout for a phone, a laptop
and a projector, made from the builder's figure without changing it."""

from __future__ import annotations

import json

import pytest

from vcf_logic import explorer as ev
from vcf_logic.evidence import load_evidence
from vcf_logic.figures.common import FONT_SIZE
from vcf_logic.figures.screen import HEADING, PRESENTER_SCALE, ROW_LABEL, screen_dict

EVIDENCE = load_evidence()
SPECS = {s.key: s for s in ev.all_chart_specs(EVIDENCE.figures, EVIDENCE.references)}


def plot_height(layout: dict) -> float:
    return layout["height"] - layout["margin"]["t"] - layout["margin"]["b"]


@pytest.mark.parametrize("key", SPECS)
def test_the_page_draws_the_title_and_the_builders_figure_is_unchanged(key):
    spec = SPECS[key]
    before = json.loads(spec.figure.to_json())
    shown = spec.shown_figure.to_dict()["layout"]
    assert shown["title"]["text"] == "", "the page draws the title above the chart, where it wraps"
    assert json.loads(spec.figure.to_json()) == before
    assert spec.figure.layout.title.text
    assert spec.shown_figure.layout.height == shown["height"], "the chart element is as tall as the figure"


@pytest.mark.parametrize("key", SPECS)
def test_legends_sit_below_the_plot_area_and_long_text_is_wrapped(key):
    shown = SPECS[key].shown_figure.to_dict()
    legend = shown["layout"].get("legend", {})
    named = [t for t in shown["data"] if t.get("showlegend", True) and t.get("name")]
    if shown["layout"].get("showlegend") is False:
        named = []
    if shown["layout"].get("showlegend") is not False and len(shown["data"]) > 1 and named:
        assert (legend["orientation"], legend["yref"], legend["yanchor"]) == ("h", "paper", "top")
        assert legend["y"] < 0, "below the plot area"
    for trace in named:
        assert all(len(line) <= 40 for line in trace["name"].split("<br>")), trace["name"]
    for name, axis in shown["layout"].items():
        if name.startswith(("xaxis", "yaxis")) and axis.get("title", {}).get("text"):
            assert axis["automargin"] is True
            assert all(len(line) <= 40 for line in axis["title"]["text"].split("<br>")), axis["title"]["text"]


@pytest.mark.parametrize("key", [k for k, s in SPECS.items() if "xaxis2" in s.figure.layout.to_plotly_json()])
def test_side_by_side_panels_are_stacked_each_as_tall_as_before(key):
    spec = SPECS[key]
    layout = spec.shown_figure.to_dict()["layout"]
    before = spec.figure.layout
    assert layout["xaxis"]["domain"] == layout["xaxis2"]["domain"] == [0, 1]
    upper, lower = layout["yaxis"]["domain"], layout["yaxis2"]["domain"]
    assert lower[1] < upper[0], "the second panel is below the first, with a gap for its title"
    panel = (upper[1] - upper[0]) * plot_height(layout)
    assert panel == pytest.approx(before.height - before.margin.t - before.margin.b)
    titles = [a for a in layout["annotations"] if a.get("yref") == "paper" and a.get("xref") == "paper"
              and a.get("yanchor") == "bottom" and a.get("x") == 0.5]
    assert sorted(a["y"] for a in titles) == [lower[1], 1.0], "each panel's title sits on its panel"


def test_icon_arrays_keep_square_cells():
    layout = SPECS["alendronate_icons_prior"].shown_figure.to_dict()["layout"]
    assert layout["yaxis"]["scaleanchor"] == "x" and layout["yaxis2"]["scaleanchor"] == "x2"


def test_the_baseline_risk_chart_keeps_its_plot_area_with_the_legend_below():
    spec = SPECS["alendronate_baseline_risk"]
    before = spec.figure.layout
    assert plot_height(spec.shown_figure.to_dict()["layout"]) >= before.height - before.margin.t - before.margin.b


@pytest.mark.parametrize("key", SPECS)
def test_the_presenter_variant_scales_text_markers_margins_and_height(key):
    spec = SPECS[key]
    shown, presented = spec.shown_figure.to_dict(), spec.presenter_figure.to_dict()
    assert presented["layout"]["font"]["size"] == pytest.approx(FONT_SIZE * PRESENTER_SCALE, abs=0.1)
    assert presented["layout"]["height"] == pytest.approx(shown["layout"]["height"] * PRESENTER_SCALE, abs=0.1)
    for side in "lrtb":
        assert presented["layout"]["margin"][side] == pytest.approx(
            shown["layout"]["margin"][side] * PRESENTER_SCALE, abs=0.1)
    for before, after in zip(shown["data"], presented["data"], strict=True):
        if isinstance(before.get("marker", {}).get("size"), int | float):
            assert after["marker"]["size"] == pytest.approx(before["marker"]["size"] * PRESENTER_SCALE, abs=0.1)
    for before, after in zip(shown["layout"].get("annotations", []), presented["layout"].get("annotations", []),
                             strict=True):
        if "size" in before.get("font", {}):
            assert after["font"]["size"] == pytest.approx(before["font"]["size"] * PRESENTER_SCALE, abs=0.1)


def test_screen_dict_leaves_a_figure_without_panels_or_legend_alone_but_for_the_title():
    spec = SPECS["calcitonin_smd"]
    layout = screen_dict(spec.figure)["layout"]
    assert "yaxis2" not in layout and layout["showlegend"] is False
    assert layout["margin"]["b"] == spec.figure.layout.margin.b


def test_horizontal_bars_carry_their_row_labels_above_the_bars():
    spec = SPECS["second_fracture_per_100"]
    shown = spec.shown_figure.to_dict()
    yaxis = shown["layout"]["yaxis"]
    assert yaxis["showticklabels"] is False, "no label column beside the plot area"
    labels = [a["text"] for a in shown["layout"]["annotations"] if a.get("name") == ROW_LABEL]
    assert labels == list(dict.fromkeys(spec.figure.data[0].y)), "each row labelled inside the plot, in order"
    assert yaxis["range"][0] > yaxis["range"][1], "first row on top, as the builder ordered them"
    first, second = shown["data"]
    assert first["offset"] > 0 and first["offset"] + first["width"] <= second["offset"], "bars below the label"
    assert shown["layout"]["margin"]["l"] <= 30


@pytest.mark.parametrize("key", ["vp_pain_forest", "kyphoplasty_function", "calcitonin_vas", "calcitonin_smd"])
def test_forest_rows_carry_their_label_and_estimate_above_the_whisker(key):
    spec = SPECS[key]
    builder = spec.figure.layout
    estimates = [a.text for a in builder.annotations if a.xref == "paper" and a.yref == "y" and a.x > 1]
    shown = spec.shown_figure.to_dict()["layout"]
    assert not [a for a in shown["annotations"] if a.get("yref") == "y" and a.get("x", 0) > 1], "no right column"
    assert shown["margin"]["r"] <= 30 and shown["margin"]["l"] <= 30
    labels = [a for a in shown["annotations"] if a.get("name") == ROW_LABEL]
    assert [a["text"].split(": ", 1)[1] for a in labels] == estimates, "each estimate on its row's label"
    assert [a["y"] for a in labels] == list(builder.yaxis.tickvals) and shown["yaxis"]["showticklabels"] is False
    for before, after in zip(spec.figure.data, spec.shown_figure.to_dict()["data"], strict=True):
        assert all(a > b for a, b in zip(after["y"], before.y, strict=True)), "whiskers below their labels"


@pytest.mark.parametrize("key", ["vp_pain_forest", "kyphoplasty_function", "calcitonin_vas", "calcitonin_smd"])
def test_forest_group_headings_are_wrapped_to_fit_a_phone(key):
    """A group's heading (bold by its font) goes over lines of at most HEADING characters."""
    shown = SPECS[key].shown_figure.to_dict()["layout"]
    headings = [a["text"] for a in shown["annotations"]
                if a.get("yref") == "y" and a.get("x") == 0 and a.get("font", {}).get("weight") == "bold"]
    assert headings, "each forest plot has group headings"
    assert all(len(line) <= HEADING for text in headings for line in text.split("<br>")), headings
