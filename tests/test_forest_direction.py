"""Forest plots read at a glance: one sign convention per plot, "favours" labels on both sides of the line.

Builder-level: every forest plot the explorer can draw is built from the real data file; the direction of
each row comes from the data (`positive_favours`), never from the plot's own bookkeeping alone.
"""

from __future__ import annotations

import pandas as pd
import pytest

from vcf_logic import explorer as ev
from vcf_logic.evidence import default_evidence
from vcf_logic.figures import alendronate, augmentation, calcitonin
from vcf_logic.figures.common import ChartDataError
from vcf_logic.figures.forest import FAVOURS_NAME, Direction, ForestGroup, forest_figure

EVIDENCE = default_evidence()
FIGURES, REFERENCES = EVIDENCE.figures, EVIDENCE.references
FOREST_SPECS = [spec for spec in ev.all_chart_specs(FIGURES, REFERENCES)
                if spec.figure.layout.meta and "forest" in spec.figure.layout.meta]


def favours(fig) -> list:
    return [a for a in fig.layout.annotations if a.name == FAVOURS_NAME]


def arm(row: pd.Series, which: str) -> str:
    first, second = row["group"].split(" (")[0].split(" vs ")
    return first if which == "first arm" else second


def test_every_forest_plot_is_found():
    keys = {spec.key for spec in FOREST_SPECS}
    assert {"calcitonin_vas", "calcitonin_smd", "vp_pain_forest", "kyphoplasty_function"} <= keys


@pytest.mark.parametrize("spec", FOREST_SPECS, ids=lambda s: s.key)
def test_rows_share_one_direction(spec):
    forest = spec.figure.layout.meta["forest"]
    right_arm = forest["right_arm"]
    xs = [x for t in spec.figure.data if t.type == "scatter" for x in t.x]
    assert len(xs) == len(forest["rows"])
    for drawn, x in zip(forest["rows"], xs, strict=True):
        row = FIGURES.loc[drawn["id"]]
        favours_if_positive = row["positive_favours"]
        assert favours_if_positive in ("first arm", "second arm", "not stated"), drawn["id"]
        if favours_if_positive == "not stated":  # drawn as reported, and marked
            assert x == pytest.approx(row["value"]) and not drawn["direction_stated"]
            continue
        # A value right of zero, as drawn, favours the plot's right-hand arm, for every row.
        favours_if_drawn_positive = favours_if_positive if x * row["value"] > 0 or x == 0 else \
            ("second arm" if favours_if_positive == "first arm" else "first arm")
        assert favours_if_drawn_positive == right_arm, drawn["id"]
        assert abs(x) == pytest.approx(abs(row["value"]))


@pytest.mark.parametrize("spec", FOREST_SPECS, ids=lambda s: s.key)
def test_both_favours_labels_on_their_sides(spec):
    left, right = favours(spec.figure)
    assert left.text.startswith("← favours ") and left.x == 0 and left.xanchor == "left"
    assert right.text.endswith(" →") and right.x == 1 and right.xanchor == "right"
    low, high = spec.figure.layout.xaxis.range
    assert low < 0 < high  # the no-effect line lies between the two labels


def test_calcitonin_plots_share_one_convention_and_name_the_arms():
    """The two reviews published opposite signs; drawn, every row says less pain with calcitonin is left."""
    for spec in (calcitonin.vas_chart(FIGURES, REFERENCES), calcitonin.smd_chart(FIGURES, REFERENCES)):
        left, right = favours(spec.figure)
        assert left.text == "← favours calcitonin"
        assert right.text == "favours placebo or control →"
        xs = [x for t in spec.figure.data for x in t.x]
        assert all(x < 0 for x in xs)  # every review found less pain with calcitonin: all on its side
    vas = calcitonin.vas_chart(FIGURES, REFERENCES)
    flipped = [r["id"] for r in vas.figure.layout.meta["forest"]["rows"] if r["sign"] < 0]
    assert flipped == ["knopp_wmd_wk1", "knopp_wmd_wk4"]
    assert "sign flipped" in vas.figure.layout.annotations[0].text  # the Knopp 2005 heading says so
    assert "as published: Knopp 2005 week 1 3.08 (2.64 to 3.52)" in vas.caption
    assert list(vas.table.set_index("id").loc[flipped, "value"]) == [3.08, 4.03]  # the table keeps the published


def test_vertebroplasty_rows_without_a_stated_direction_are_hollow_and_marked():
    spec = augmentation.pain_forest_chart(FIGURES, REFERENCES)
    symbols = [s for t in spec.figure.data for s in t.marker.symbol]
    unstated = [r["id"] for r in spec.figure.layout.meta["forest"]["rows"] if not r["direction_stated"]]
    assert "invest_pain_diff_1mo" in unstated and "vertos4_vas_diff_1mo" in unstated
    assert sum(s.endswith("-open") for s in symbols) == len(unstated)
    headings = [a.text for a in spec.figure.layout.annotations if a.font.weight == "bold"]
    assert any("VERTOS IV" in h and "direction not stated" in h for h in headings)


def test_subplot_forests_label_both_sides_of_their_line():
    """The kyphosis mean difference (linear, line at 0) and FIT's relative risks (log, line at RR 1)."""
    kyphosis = augmentation.kyphosis_chart(FIGURES, REFERENCES)
    left, right = favours(kyphosis.figure)
    xing = FIGURES.loc["xing_kyphosis_md"]
    assert xing["positive_favours"] == "second arm" and xing["value"] < 0  # less kyphosis with KP: favours KP
    assert (left.text, right.text) == ("← favours KP", "favours VP →")
    assert (left.x, left.xanchor, right.x, right.xanchor) == (0, "right", 0, "left")
    risk = alendronate.risk_chart(FIGURES, REFERENCES)
    left, right = favours(risk.figure)
    assert FIGURES.loc["fit_prior_vf_rr", "positive_favours"] == "second arm"
    assert (left.text, right.text) == ("← favours alendronate", "favours placebo →")
    assert left.x == right.x == 0 and left.xref == "x2"  # log10(1): at the RR = 1 line


def test_a_forest_row_without_a_direction_is_a_located_problem():
    figures = FIGURES.copy()
    figures.loc["buchbinder_pain_diff_3mo", "positive_favours"] = None
    with pytest.raises(ChartDataError) as caught:
        forest_figure(figures, REFERENCES, (ForestGroup(("buchbinder_pain_diff_3mo",), "#000", "square"),), "x",
                      Direction("sham", "vertebroplasty", "first arm"))
    assert caught.value.figure_id == "buchbinder_pain_diff_3mo" and caught.value.field == "positive_favours"
