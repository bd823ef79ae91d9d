"""Summary-of-findings tables (one per topic), built from the data file's `findings` and the rows they cite.

Each row says what was measured, when, in whom and how many; the relative effect as published; the absolute
effect per 100 or per 1000 (computed here from the two risks); the certainty only as a published source rated
it (else "not rated", with the design); and one plain-language sentence. Pure: DataFrames in, DataFrames out.
"""

from __future__ import annotations

import pandas as pd

from vcf_logic import effect_sizes as es
from vcf_logic.figures.absolute import DEFAULT_DENOMINATOR, people_places, per, per_text
from vcf_logic.figures.common import fmt, row_risk
from vcf_logic.figures.forest import estimate_text

# The tables in the order the explorer shows them, with their headings (a table without findings says so).
SOF_TABLES: dict[str, str] = {
    "alendronate": "Alendronate and new vertebral fractures",
    "second_fracture_prevention": "Other drugs that prevent the next fracture",
    "vp_vs_sham": "Vertebroplasty vs a sham procedure",
    "vp_vs_conservative": "Vertebroplasty vs conservative care (open trials)",
    "kyphoplasty": "Kyphoplasty",
    "calcitonin": "Calcitonin for acute pain",
    "bracing": "Bracing",
    "core_decompression": "Core decompression",
}
UNIT_WORDS = {"patients": "per patient", "fractures": "per fracture", "vertebral levels": "per treated level",
              "not applicable": ""}


def _label(references: pd.DataFrame, ref_id: str | None) -> str:
    if not ref_id:
        return ""
    return str(references.loc[ref_id, "short"]) if ref_id in references.index else ref_id


def _definition(row: pd.Series) -> str:
    unit = UNIT_WORDS.get(row["analysis_unit"], "")
    return f"{row['outcome_definition']}; {row['timepoint']}" + (f"; counted {unit}" if unit else "")


def _participants(rows: list[pd.Series], references: pd.DataFrame) -> str:
    """'2027 (1 study: Black 1996 (FIT), placebo-controlled RCT)': n of the comparison, and where it comes from."""
    studies = dict.fromkeys(r["reference"] for r in rows)
    comparison = [r for r in rows if " vs " in str(r["group"])]
    n = int(max(r["n"] for r in comparison)) if comparison else int(sum(r["n"] for r in rows))
    designs = " / ".join(dict.fromkeys(r["design"] for r in rows))
    noun = "study" if len(studies) == 1 else "studies"
    return f"{n} ({len(studies)} {noun}: {'; '.join(_label(references, s) for s in studies)}, {designs})"


def finding_record(finding: pd.Series, figures: pd.DataFrame, references: pd.DataFrame,
                   denominator: int = DEFAULT_DENOMINATOR) -> dict[str, object]:
    """One summary-of-findings row, ready to show."""
    ids = [finding[k] for k in ("control", "treated", "relative", "difference") if isinstance(finding[k], str)]
    rows = [figures.loc[i] for i in ids]
    first = rows[0]
    without = with_ = effect = ""
    if isinstance(finding["control"], str):
        control, treated = figures.loc[finding["control"]], figures.loc[finding["treated"]]
        eff = es.summarise_two_arms(row_risk(control), row_risk(treated))
        without, with_ = per_text(eff.control_risk, denominator), per_text(eff.treated_risk, denominator)
        change = per(eff.absolute_risk_reduction, denominator)
        shown = fmt(abs(change), people_places(denominator))
        effect = (f"{shown} fewer per {denominator}" if change > 0 else f"{shown} more per {denominator}"
                  if change < 0 else f"no difference per {denominator}")
        nnt = eff.number_needed_to_treat
        if nnt:
            effect += f" (NNT {nnt} over {control['timepoint']})"
    relative = ""
    if isinstance(finding["relative"], str):
        row = figures.loc[finding["relative"]]
        relative = f"{row['unit']} {estimate_text(row)}"
    if isinstance(finding["difference"], str):
        row = figures.loc[finding["difference"]]
        effect = f"difference {estimate_text(row)} {row['unit']} ({row['group']})"
    certainty = finding["certainty"]
    if certainty != "not rated":
        certainty = f"{certainty} (rated by {_label(references, finding['certainty_source'])})"
    return {
        "comparison": finding["comparison"],
        "outcome": finding["outcome"],
        "definition": _definition(first),
        "participants": _participants(rows, references),
        "relative_effect": relative or "none published in a source seen",
        f"without_per_{denominator}": without,
        f"with_per_{denominator}": with_,
        "absolute_effect": effect,
        "certainty": certainty,
        "reason_for_doubt": finding["certainty_reason"],
        "plain_language": finding["plain_language"],
        "figure_ids": ", ".join(ids),
    }


def sof_table(findings: pd.DataFrame, figures: pd.DataFrame, references: pd.DataFrame, table: str,
              denominator: int = DEFAULT_DENOMINATOR) -> pd.DataFrame:
    """The summary-of-findings table of one topic (no rows when the data file has no findings for it)."""
    chosen = findings[findings["table"] == table] if not findings.empty else findings
    records = [finding_record(f, figures, references, denominator) for _, f in chosen.iterrows()]
    return pd.DataFrame(records)


def tables(findings: pd.DataFrame) -> list[str]:
    """Tables to show: the declared ones in order, then any other table the data file names."""
    named = list(dict.fromkeys(findings["table"])) if not findings.empty else []
    return list(SOF_TABLES) + [t for t in named if t not in SOF_TABLES]


def heading(table: str) -> str:
    return SOF_TABLES.get(table, table.replace("_", " ").capitalize())
