"""Vertebroplasty vs conservative care vs sham, and the kyphoplasty trials, as forest plots and bars."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from vcf_logic.figures.common import (
    COMPARATOR,
    COMPARATOR_PATTERN,
    INTERVENTION,
    OKABE_ITO,
    ChartSpec,
    base_layout,
    citation_line,
    data_table,
    fmt,
    fmt_given,
    join_notes,
    pick_rows,
    row_risk,
    wrap_title,
)
from vcf_logic.figures.forest import (
    Direction,
    ForestGroup,
    add_favours_at_line,
    estimate_text,
    explain_direction,
    forest_figure,
    forest_layout,
)
from vcf_logic.figures.view import View

OPEN_LABEL = (OKABE_ITO["orange"], "diamond")
BLINDED = (OKABE_ITO["blue"], "square")

PAIN_GROUPS = (
    ForestGroup(("vp_meta_pain_1wk", "vp_meta_pain_1mo"), *OPEN_LABEL,
                heading="Meta-analysis of mostly open-label RCTs vs conservative care (PMID 28939236)"),
    ForestGroup(("buchbinder_pain_diff_3mo",), *BLINDED),
    ForestGroup(("invest_pain_diff_1mo",), *BLINDED),
    ForestGroup(("vertos4_vas_diff_1d", "vertos4_vas_diff_1wk", "vertos4_vas_diff_1mo", "vertos4_vas_diff_3mo",
                 "vertos4_vas_diff_6mo", "vertos4_vas_diff_12mo"), *BLINDED),
)
VAPOUR = ("vapour_responders_vp", "vapour_responders_placebo", "vapour_responders_diff")
PAIN_DIRECTION = Direction(left="the comparison (sham or conservative care)", right="vertebroplasty",
                           right_arm="first arm")
# The arms' own changes from baseline are not comparisons, so the forest plot draws only the differences.
FREE_ARMS = ("free_pcs_change_kp_1mo", "free_pcs_change_nsm_1mo")
FREE_GROUPS = (
    ForestGroup(("free_pcs_diff_1mo",), *BLINDED,
                heading="FREE 2009: difference, kyphoplasty minus non-surgical care"),
    ForestGroup(("free24_pcs_diff_1mo", "free24_pcs_diff_24mo_avg"), *BLINDED,
                heading="FREE 24-month report (Van Meirhaeghe 2013): difference"),
)
FREE_DIRECTION = Direction(left="non-surgical care", right="kyphoplasty", right_arm="first arm")
KAVIAR = (("kaviar_subsequent_fracture_kp_12mo", "kaviar_subsequent_fracture_vp_12mo"),
          ("kaviar_subsequent_fracture_kp_24mo", "kaviar_subsequent_fracture_vp_24mo"))
KYPHOSIS_PAIRS = (("papanastassiou_kyphosis_bkp", "papanastassiou_kyphosis_vp"),
                  ("free24_kyphosis_correction_kp", "free24_kyphosis_correction_nsm"))
KYPHOSIS_MD = "xing_kyphosis_md"
PAIN_CHANGE = ("papanastassiou_pain_change_bkp", "papanastassiou_pain_change_vp", "papanastassiou_pain_change_nsm")

WHY_BLINDING_MATTERS = (
    "Why blinded and open trials disagree: pain is a subjective outcome. When patients and assessors know who had "
    "the procedure, expectation, attention and the natural recovery of most fractures in the first weeks all "
    "count as 'effect'. A sham procedure (local anaesthetic at the bone, no cement) gives the comparison group "
    "the same experience, so only the cement's own effect remains. Open-label trials are therefore likely to "
    "overestimate the benefit, as the Cochrane review concluded; VAPOUR, which enrolled very acute fractures with "
    "severe pain, is the one sham-controlled trial that found a benefit."
)


def _labeller(references: pd.DataFrame):
    def label(row: pd.Series) -> str:
        short = references.loc[row["reference"], "short"] if row["reference"] in references.index else row["reference"]
        arm = "" if " vs " in row["group"] else f" {row['group']},"
        return f"{short},{arm} {row['timepoint']}"
    return label


def _includes_zero(rows: pd.DataFrame) -> bool:
    return bool(((rows["ci_low"] <= 0) & (rows["ci_high"] >= 0)).all())


def pain_forest_chart(figures: pd.DataFrame, references: pd.DataFrame) -> ChartSpec:
    """Open-label vs sham-controlled pain differences on one 0-10 axis."""
    fig, rows = forest_figure(figures, references, PAIN_GROUPS,
                              "Difference in pain, points on a 0-10 scale", PAIN_DIRECTION, [-10, 10])
    open_rows = rows.loc[list(PAIN_GROUPS[0].ids)]
    sham_rows = rows.loc[[i for g in PAIN_GROUPS[1:] for i in g.ids]]
    sham_verdict = ("every sham-controlled interval includes zero" if _includes_zero(sham_rows)
                    else "sham-controlled intervals mostly include zero")
    title = (f"Open-label trials favoured vertebroplasty by {fmt_given(open_rows['value'].min())}-"
             f"{fmt_given(open_rows['value'].max())} points at 1 week and 1 month; {sham_verdict}")
    forest_layout(fig, title, PAIN_GROUPS)
    caption = join_notes([
        citation_line(rows, references) + " Orange diamonds: open-label (unblinded) comparisons; blue "
               "squares: sham-controlled (blinded). The axis spans the whole possible difference on a 0-10 pain "
               "scale. One sign convention: positive values mean more pain relief with vertebroplasty (the "
               "meta-analysis and Buchbinder 2009). INVEST and VERTOS IV report the difference without a direction "
               "in the abstracts read: their rows are hollow and drawn as reported (their intervals include zero "
               "either way, so the reading does not change).",
               explain_direction(rows[rows["sign"] < 0]),
               "No minimal clinically important difference is drawn: none was read in a source for this scale."])
    alt = ("Forest plot of pain differences. Open-label meta-analysis: " +
           "; ".join(f"{r.timepoint} {estimate_text(r)}" for _, r in open_rows.iterrows()) +
           ". Sham-controlled: " + "; ".join(f"{_labeller(references)(r)} {estimate_text(r)}"
                                             for _, r in sham_rows.iterrows()) + ".")
    return ChartSpec("vp_pain_forest", title, fig, caption, alt, data_table(pick_rows(figures, list(rows.index))),
                     (WHY_BLINDING_MATTERS,))


def vapour_chart(figures: pd.DataFrame, references: pd.DataFrame) -> ChartSpec:
    """VAPOUR responders per arm (0-100%) with the published difference and its CI."""
    rows = pick_rows(figures, list(VAPOUR))
    vp, placebo, diff = rows.iloc[0], rows.iloc[1], rows.iloc[2]
    fig = go.Figure(go.Bar(
        x=["Vertebroplasty", "Placebo procedure"], y=[vp["value"], placebo["value"]],
        marker_color=[INTERVENTION, COMPARATOR], marker_pattern_shape=["", COMPARATOR_PATTERN],
        text=[f"{fmt_given(v)}%" for v in (vp["value"], placebo["value"])], textposition="outside",
        hovertemplate="%{x}: %{y}%<extra></extra>",
    ))
    fig.update_yaxes(range=[0, 100], title_text="Patients with pain below 4 of 10 (%)")
    fig.update_xaxes(title_text=f"Difference {estimate_text(diff).replace('(', '(95% CI ')} percentage points, "
                                f"{diff['timepoint']}")
    vp_pct, placebo_pct = fmt_given(vp["value"]), fmt_given(placebo["value"])
    title = (f"VAPOUR, the one positive sham-controlled trial: {vp_pct}% vs {placebo_pct}% "
             f"had pain below 4 of 10 at {diff['timepoint']}")
    base_layout(fig, wrap_title(title, 75), height=430)
    caption = (citation_line(rows, references) + " Very acute fractures (under 6 weeks) with severe pain. Figures "
               "from a conference abstract; the percentages are as reported.")
    alt = (f"Bar chart: {vp_pct}% with vertebroplasty and {placebo_pct}% with a placebo "
           f"procedure had pain below 4 at {diff['timepoint']}; difference {estimate_text(diff)} points.")
    return ChartSpec("vapour_responders", title, fig, caption, alt, data_table(rows))


def kyphoplasty_function_chart(figures: pd.DataFrame, references: pd.DataFrame) -> ChartSpec:
    """FREE: SF-36 physical component score change per arm and the between-arm differences."""
    fig, rows = forest_figure(figures, references, FREE_GROUPS, "Difference in SF-36 physical component score "
                              "(PCS), points", FREE_DIRECTION, floor=10)
    arms = pick_rows(figures, list(FREE_ARMS))
    first, average = rows.loc["free_pcs_diff_1mo"], rows.loc["free24_pcs_diff_24mo_avg"]
    title = (f"Kyphoplasty vs non-surgical care (open-label FREE trial): physical function improved "
             f"{fmt_given(first['value'])} PCS points more at 1 month, {fmt_given(average['value'])} averaged over "
             "24 months")
    forest_layout(fig, title, FREE_GROUPS)
    caption = (citation_line(pd.concat([rows, arms]), references) + " Not sham-controlled, so the caution about "
               "open trials applies. One sign convention: kyphoplasty minus non-surgical care, so positive values "
               "favour kyphoplasty. Change from baseline in each arm (not drawn: not a comparison): " + "; ".join(
                   f"{r['group']} {r['timepoint']} {estimate_text(r)}" for _, r in arms.iterrows())
               + ". No minimal clinically important difference is drawn: none was read in a source.")
    alt = "Forest plot of SF-36 PCS differences: " + "; ".join(f"{r['group']} {r['timepoint']} {estimate_text(r)}"
                                                               for _, r in rows.iterrows()) + "."
    return ChartSpec("kyphoplasty_function", title, fig, caption, alt,
                     data_table(pick_rows(figures, [*rows.index, *FREE_ARMS])))


def kaviar_chart(figures: pd.DataFrame, references: pd.DataFrame) -> ChartSpec:
    """KAVIAR: subsequent radiographic vertebral fractures after kyphoplasty vs vertebroplasty, from counts."""
    rows = pick_rows(figures, [i for pair in KAVIAR for i in pair])
    fig = go.Figure()
    for arm, colour, pattern, name in ((0, INTERVENTION, "", "Kyphoplasty"),
                                       (1, COMPARATOR, COMPARATOR_PATTERN, "Vertebroplasty")):
        arm_rows = pick_rows(figures, [pair[arm] for pair in KAVIAR])
        risks = [row_risk(r) for _, r in arm_rows.iterrows()]
        fig.add_trace(go.Bar(
            name=name, x=list(arm_rows["timepoint"]), y=risks, marker_color=colour, marker_pattern_shape=pattern,
            text=[f"{fmt(r, 0)}%<br>({int(e)}/{int(t)})" for r, e, t in
                  zip(risks, arm_rows["events"], arm_rows["total"], strict=True)],
            textposition="outside",
            hovertemplate=name + ", %{x}: %{y:.1f}%<extra></extra>"))
    fig.update_yaxes(range=[0, 100], title_text="Patients with a new vertebral fracture (%)")
    fig.update_xaxes(title_text="Time after the procedure")
    last = pick_rows(figures, list(KAVIAR[-1]))
    kp, vp = (row_risk(r) for _, r in last.iterrows())
    title = (f"KAVIAR (open-label, stopped early): at {last.iloc[0]['timepoint']}, {fmt(kp, 0)}% after kyphoplasty vs "
             f"{fmt(vp, 0)}% after vertebroplasty had a new vertebral fracture, not a significant difference")
    base_layout(fig, wrap_title(title), height=450)
    fig.update_layout(barmode="group")
    caption = (citation_line(rows, references) + " Pain and function improved similarly in both arms. Percentages "
               "are computed from the counts (patients with follow-up films at each time).")
    alt = "Grouped bars of new vertebral fractures: " + "; ".join(
        f"{r['group']} {r['timepoint']} {int(r['events'])}/{int(r['total'])} ({fmt(row_risk(r), 0)}%)"
        for _, r in rows.iterrows()) + "."
    return ChartSpec("kaviar_fractures", title, fig, caption, alt, data_table(rows))


def kyphosis_chart(figures: pd.DataFrame, references: pd.DataFrame) -> ChartSpec:
    """Kyphosis correction in degrees per arm, beside the Xing 2013 pooled mean difference."""
    pair_rows = pick_rows(figures, [i for pair in KYPHOSIS_PAIRS for i in pair])
    md = pick_rows(figures, [KYPHOSIS_MD]).iloc[0]
    fig = make_subplots(rows=1, cols=2, column_widths=[0.58, 0.42], horizontal_spacing=0.16,
                        subplot_titles=("Kyphosis corrected, degrees", "KP minus VP (Xing 2013)"))
    firsts = pick_rows(figures, [pair[0] for pair in KYPHOSIS_PAIRS])
    x_labels = [f"{references.loc[r['reference'], 'short'].split(' (')[0]}<br>{r['timepoint']}"
                for _, r in firsts.iterrows()]
    for arm, colour, pattern in ((0, INTERVENTION, ""), (1, COMPARATOR, COMPARATOR_PATTERN)):
        arm_rows = pick_rows(figures, [pair[arm] for pair in KYPHOSIS_PAIRS])
        fig.add_trace(go.Bar(
            x=x_labels, y=list(arm_rows["value"]), name=" / ".join(dict.fromkeys(arm_rows["group"])),
            marker_color=colour, marker_pattern_shape=pattern, text=[f"{fmt_given(v)}°" for v in arm_rows["value"]],
            textposition="outside",
            hovertemplate="%{fullData.name}: %{y}°<extra></extra>"), row=1, col=1)
    top = float(pair_rows["value"].max())
    fig.update_yaxes(range=[0, max(10.0, top * 1.3)], title_text="Degrees corrected", row=1, col=1)
    fig.update_xaxes(tickangle=0, row=1, col=1)
    fig.add_trace(go.Scatter(
        x=[md["value"]], y=[md["timepoint"]], mode="markers+text", text=[estimate_text(md)],
        textposition="top center", showlegend=False,
        marker={"symbol": "diamond", "size": 15, "color": OKABE_ITO["black"]},
        error_x={"type": "data", "symmetric": False, "array": [md["ci_high"] - md["value"]],
                 "arrayminus": [md["value"] - md["ci_low"]], "thickness": 2.5, "width": 8},
        hovertemplate="%{x}°<extra></extra>"), row=1, col=2)
    fig.add_vline(x=0, line_dash="dash", line_color="#555555", row=1, col=2)
    fig.update_xaxes(range=[-10, 10], title_text="Degrees, KP minus VP", row=1, col=2)
    # The published sign says which side favours which arm (Xing 2013: less kyphosis, negative, favours KP).
    kp_left = Direction("KP", "VP", "second arm").sign(md) > 0
    add_favours_at_line(fig, *(("KP", "VP") if kp_left else ("VP", "KP")), xref="x2", yref="y2")
    kp, vp = pick_rows(figures, list(KYPHOSIS_PAIRS[0]))["value"]
    pain = pick_rows(figures, list(PAIN_CHANGE))
    title = (f"Kyphoplasty corrects more kyphosis than vertebroplasty ({fmt_given(kp)}° vs {fmt_given(vp)}° "
             "pooled), yet pain "
             f"fell alike ({fmt_given(pain.iloc[0]['value'])} vs {fmt_given(pain.iloc[1]['value'])} points of 10)")
    base_layout(fig, wrap_title(title), height=470, panel_titles=True)
    fig.update_layout(barmode="group", legend={"orientation": "v", "x": 0.01, "y": 0.97, "yanchor": "top",
                                               "xanchor": "left"})
    rows = pd.concat([pair_rows, pick_rows(figures, [KYPHOSIS_MD]), pain])
    caption = (citation_line(rows, references) + " The kyphosis corrections are pooled or group averages without "
               "intervals in the sources; the FREE pair compares kyphoplasty with non-surgical care, not with "
               "vertebroplasty. Pain change (0-10) in the same meta-analysis: " + "; ".join(
                   f"{r['group']} {fmt_given(r['value'])}" for _, r in pain.iterrows())
               + "; kyphoplasty vs vertebroplasty not significant.")
    alt = ("Bars of kyphosis correction: " + "; ".join(f"{references.loc[r['reference'], 'short']} {r['group']} "
                                                      f"{fmt_given(r['value'])} degrees"
                                                      for _, r in pair_rows.iterrows())
           + f". Xing 2013 mean difference {estimate_text(md)} degrees.")
    return ChartSpec("kyphosis_correction", title, fig, caption, alt, data_table(rows))



EXPLORER_VIEWS = (
    View("vp_vs_conservative", "Vertebroplasty vs conservative vs sham; kyphoplasty", 30,
         ("vp_vs_conservative", "vp_vs_sham", "kyphoplasty"),
         (pain_forest_chart, vapour_chart, kyphoplasty_function_chart, kaviar_chart, kyphosis_chart),
         heading="Vertebroplasty vs conservative care vs sham"),
)
