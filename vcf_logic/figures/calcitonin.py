"""Calcitonin for acute fracture pain: differences by week, and the regulators' safety warning beside them."""

from __future__ import annotations

import pandas as pd

from vcf_logic.evidence_models import STATUS_LABELS
from vcf_logic.figures.common import (
    OKABE_ITO,
    ChartSpec,
    citation_line,
    data_table,
    fmt_given,
    join_notes,
    pick_rows,
)
from vcf_logic.figures.forest import (
    Direction,
    ForestGroup,
    estimate_text,
    explain_direction,
    forest_figure,
    forest_layout,
)
from vcf_logic.figures.view import View

# One convention for both calcitonin plots: calcitonin minus control, so less pain with calcitonin is left of zero.
DIRECTION = Direction(left="calcitonin", right="placebo or control", right_arm="second arm")
VAS_GROUPS = (
    ForestGroup(("knopp_wmd_wk1", "knopp_wmd_wk4"), OKABE_ITO["blue"], "square",
                heading="Knopp 2005: weighted mean difference"),
    ForestGroup(("knopp_sihota_md_wk1",), OKABE_ITO["vermillion"], "diamond",
                heading="Knopp-Sihota 2012: mean difference"),
)
SMD_GROUPS = (
    ForestGroup(("boucher_smd_wk1",), OKABE_ITO["vermillion"], "diamond",
                heading="Boucher 2020"),
    ForestGroup(("knopp_sihota_smd_chronic_6mo",), OKABE_ITO["vermillion"], "diamond",
                heading="Knopp-Sihota 2012"),
)
IMPLAUSIBLE_SMD = "knopp_sihota_smd_wk4_mobility"
SAFETY_ROWS = ("ema_cancer_excess_low", "ema_cancer_excess_high", "boucher_adverse_events_rr")


def _label(row: pd.Series) -> str:
    """Time point, and the pain setting where it is not acute pain at rest."""
    setting = ", chronic" if "chronic" in row["measure"] else ""
    setting += ", with mobility" if "with mobility" in row["measure"] else ""
    return f"{row['timepoint']}{setting}"


def _study_label(references: pd.DataFrame):
    def label(row: pd.Series) -> str:
        return f"{references.loc[row['reference'], 'short'].split(' (')[0]} {_label(row)}"
    return label


def _describe(rows: pd.DataFrame, references: pd.DataFrame) -> str:
    return "; ".join(f"{_study_label(references)(r)} {estimate_text(r)}" for _, r in rows.iterrows())


def vas_chart(figures: pd.DataFrame, references: pd.DataFrame) -> ChartSpec:
    """Pain differences in VAS points by week, calcitonin minus control (the reviews' opposite signs made one)."""
    fig, rows = forest_figure(figures, references, VAS_GROUPS,
                              "Difference in VAS pain, points (calcitonin minus control)", DIRECTION, label=_label)
    wk1, wk4 = rows.loc["knopp_wmd_wk1"], rows.loc["knopp_wmd_wk4"]
    title = (f"Calcitonin eased acute pain at rest by {fmt_given(abs(wk1['value']))} VAS points at week 1 and "
             f"{fmt_given(abs(wk4['value']))} at week 4 (Knopp 2005)")
    forest_layout(fig, title, VAS_GROUPS)
    caption = (citation_line(rows, references) + " Meta-analyses of RCTs. One sign convention: calcitonin minus "
               "control, so values left of zero mean less pain with calcitonin. The two reviews published the same "
               "direction of benefit with opposite signs. " + explain_direction(rows, _study_label(references))
               + " The VAS range is not stated in the abstracts read. No minimal clinically important difference is "
               "drawn: none was read in a source for this scale.")
    alt = "Forest plot of calcitonin pain differences: " + _describe(rows, references) + "."
    return ChartSpec("calcitonin_vas", title, fig, caption, alt, data_table(pick_rows(figures, list(rows.index))))


def smd_chart(figures: pd.DataFrame, references: pd.DataFrame) -> ChartSpec:
    """Standardised mean differences from the later reviews; the implausible week-4 value is named, not drawn."""
    fig, rows = forest_figure(figures, references, SMD_GROUPS, "SMD, SD units (calcitonin minus control)",
                              DIRECTION, label=_label)
    boucher = rows.loc["boucher_smd_wk1"]
    wk4 = figures.loc[IMPLAUSIBLE_SMD]
    title = (f"Later reviews agree on week 1 (SMD {fmt_given(boucher['value'])}, Boucher 2020); for chronic pain "
             "at 6 months the effect is small")
    forest_layout(fig, title, SMD_GROUPS)
    caption = join_notes([
        citation_line(rows, references) + " An SMD expresses the difference in standard deviations; values left of "
        "zero mean less pain with calcitonin, as in the chart above.", explain_direction(rows),
        f"Not drawn: the same review's abstract prints a week-4 SMD of {fmt_given(wk4['value'])} "
        f"({STATUS_LABELS[wk4['status']]}): {wk4['status_reason']}"])
    alt = "Forest plot of standardised mean differences: " + _describe(rows, references) + "."
    return ChartSpec("calcitonin_smd", title, fig, caption, alt, data_table(pick_rows(figures, list(rows.index))))


def safety_facts(figures: pd.DataFrame) -> tuple[str, pd.DataFrame]:
    """One line of the key safety numbers, and the rows it rests on."""
    rows = pick_rows(figures, list(SAFETY_ROWS))
    low, high, adverse = rows.iloc[0], rows.iloc[1], rows.iloc[2]
    text = (f"Cancer in long-term trials: {fmt_given(low['value'])} to {fmt_given(high['value'])} "
            f"{low['unit']} more often than with placebo (EMA 2012). Adverse events in the acute-pain trials: "
            f"RR {estimate_text(adverse)} (Boucher 2020).")
    return text, data_table(rows)


EXPLORER_VIEWS = (
    View("calcitonin", "Calcitonin for acute pain", 40, ("calcitonin", "calcitonin_safety"), (vas_chart, smd_chart),
         claim_figures=SAFETY_ROWS, heading="Calcitonin for acute fracture pain"),
)
