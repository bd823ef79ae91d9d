"""The summary-of-findings view: tables only (built in `vcf_logic.summary_of_findings`), no chart of its own."""

from __future__ import annotations

from vcf_logic.figures.view import View

EXPLORER_VIEWS = (
    View("summary_of_findings", "Summary of findings", 12,
         heading="Summary of findings: what each option changes, for whom, and how sure we are"),
)
