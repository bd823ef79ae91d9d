"""Pydantic models of the curated evidence file (data/evidence.yaml).

The models check each entry on its own (types, ranges, required reasons);
`evidence.evidence_problems` checks what spans entries (unique ids, citations).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

ID_PATTERN = r"^[A-Za-z][A-Za-z0-9_]*$"
Identifier = Field(pattern=ID_PATTERN, max_length=60)

VerificationStatus = Literal["verified", "differs", "not verified", "contested"]
# A claim of the summary can also be contradicted by a guideline, or cite a source that does not say it.
ClaimStatus = Literal["verified", "differs", "not verified", "contested", "contradicted", "not in cited source"]
# Claims with these statuses need a caution wherever their statement is shown (`check` enforces it).
CAUTION_NEEDED: tuple[str, ...] = ("contradicted", "not in cited source", "contested", "differs")
STATUS_SEVERITY: tuple[str, ...] = (*CAUTION_NEEDED, "not verified", "verified")
# How each status reads on screen and in the CLI (the claim check adds its icons to these).
STATUS_LABELS: dict[str, str] = {"verified": "verified", "differs": "differs", "not verified": "not verified",
                                 "contested": "contested", "contradicted": "contradicted",
                                 "not in cited source": "the cited source does not say this"}
# Who a count or risk is about: one patient counts once, or each fracture / treated vertebral level counts.
AnalysisUnit = Literal["patients", "fractures", "vertebral levels", "not applicable"]
# For a difference or ratio drawn on a forest plot: which arm of `group` ("first arm vs second arm") a positive
# value (a ratio: a value above 1) favours, as the source defines the sign; "not stated" when the source read does
# not say. Forest plots use it to draw every row in one sign convention (`check` requires it on their rows).
PositiveFavours = Literal["first arm", "second arm", "not stated"]
# Certainty of evidence, only as a published source rated it (GRADE words); otherwise "not rated".
Certainty = Literal["high", "moderate", "low", "very low", "high to moderate", "not rated"]
# Topics whose every row must say what it measured, when, in whom and how many (`check` enforces it);
# rows cited by a summary-of-findings row must too, whatever their topic.
FULLY_DESCRIBED_TOPICS: tuple[str, ...] = ("second_fracture_prevention",)
DESCRIPTION_FIELDS: tuple[str, ...] = ("outcome_definition", "timepoint", "n", "analysis_unit")

StudyDesign = Literal[
    "guideline",
    "meta-analysis",
    "sham-controlled RCT",
    "placebo-controlled RCT",
    "active-controlled RCT",
    "open-label RCT",
    "post hoc analysis of an RCT",
    "non-randomised",
    "secondary source",
    "regulatory notice",
]


class Entry(BaseModel):
    # NaN or infinity in a data file is a typo, and no chart can draw it. Strict: `value: "8.0"`, `year: "1996"`
    # or `summary_number: true` is a slip to report, not to coerce (dates alone are read from their text).
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, allow_inf_nan=False, strict=True)


class Meta(Entry):
    title: str
    summary_title: str
    summary_updated: dt.date = Field(strict=False)
    content_reviewed: dt.date = Field(strict=False)
    reviewed_by: str


class Reference(Entry):
    id: str = Identifier
    summary_number: int | None = Field(default=None, ge=1, le=8)
    short: str = Field(min_length=3)
    authors: str = Field(min_length=2)
    title: str = Field(min_length=3)
    source: str = Field(min_length=2, description="journal or publisher")
    year: int | None = Field(default=None, ge=1950, le=2100, description="required unless unidentified")
    volume_pages: str | None = None
    pmid: str | None = Field(default=None, pattern=r"^[0-9]{6,9}$")
    doi: str | None = Field(default=None, pattern=r"^10\.[0-9]{4,9}/\S+$")
    identification: Literal["identified", "probable", "unidentified"] = "identified"
    note: str = ""

    @model_validator(mode="after")
    def _dated(self) -> Reference:
        if self.year is None and self.identification != "unidentified":
            raise ValueError("year: required for an identified or probable reference (only an unidentified "
                             "source may leave it out, rather than give a placeholder)")
        return self


class Statement(Entry):
    id: str = Identifier
    section: str
    text: str = Field(min_length=3)
    references: list[str] = Field(min_length=1)
    not_a_claim: str | None = Field(default=None, min_length=3,
                                    description="why no claim row appraises it (otherwise a claim must)")


class Figure(Entry):
    id: str = Identifier
    topic: str = Identifier
    measure: str
    group: str
    value: float
    ci_low: float | None = None
    ci_high: float | None = None
    unit: str
    timepoint: str | None = None
    outcome_definition: str | None = Field(default=None, min_length=3,
                                           description="exactly what was counted or measured, and how")
    analysis_unit: AnalysisUnit | None = None
    positive_favours: PositiveFavours | None = None
    n: int | None = Field(default=None, ge=0)
    events: int | None = Field(default=None, ge=0)
    total: int | None = Field(default=None, ge=0)
    design: StudyDesign
    reference: str
    status: VerificationStatus
    summary_value: str | None = None
    status_reason: str | None = None

    def missing_description(self) -> list[str]:
        """The fields of `DESCRIPTION_FIELDS` this row leaves empty."""
        return [f for f in DESCRIPTION_FIELDS if getattr(self, f) is None]

    @model_validator(mode="after")
    def _consistent(self) -> Figure:
        if self.unit == "%" and not 0 <= self.value <= 100:
            raise ValueError("value: a percentage must lie between 0 and 100")
        if (self.ci_low is None) != (self.ci_high is None):
            raise ValueError("ci_low/ci_high: give both ends of the interval or neither")
        if self.ci_low is not None and not self.ci_low <= self.value <= self.ci_high:
            raise ValueError("ci_low/ci_high: the value must lie inside its interval")
        if (self.events is None) != (self.total is None):
            raise ValueError("events/total: give both counts or neither")
        if self.events is not None and self.events > self.total:
            raise ValueError("events: cannot exceed total")
        if self.topic in FULLY_DESCRIBED_TOPICS and (missing := self.missing_description()):
            raise ValueError(f"{missing[0]}: required for every row of topic '{self.topic}', as are "
                             f"{', '.join(DESCRIPTION_FIELDS)} (missing: {', '.join(missing)})")
        if (self.summary_value or self.status != "verified") and not self.status_reason:
            raise ValueError("status_reason: required when the status is not 'verified' "
                             "or the summary states a different value")
        return self


class Finding(Entry):
    """One row of a summary-of-findings table: an outcome of one comparison, resting on figure rows.

    The absolute effect is computed from the rows (`control` and `treated` risks); the relative effect is the
    published one (`relative`). Certainty is shown only as a published source rated it (`certainty_source`).
    """

    id: str = Identifier
    table: str = Identifier  # the summary-of-findings table (topic) it belongs to
    comparison: str = Field(min_length=3)
    outcome: str = Field(min_length=3)
    # Figure ids: the risk without the treatment (comparator arm), the risk with it, the published relative
    # effect with its CI, a published difference on a scale (for continuous outcomes).
    control: str | None = Field(default=None, pattern=ID_PATTERN, max_length=60)
    treated: str | None = Field(default=None, pattern=ID_PATTERN, max_length=60)
    relative: str | None = Field(default=None, pattern=ID_PATTERN, max_length=60)
    difference: str | None = Field(default=None, pattern=ID_PATTERN, max_length=60)
    certainty: Certainty = "not rated"
    certainty_source: str | None = Field(default=None, pattern=ID_PATTERN, max_length=60,
                                         description="reference id of the source that rated it")
    certainty_reason: str = Field(min_length=3, description="the main reason for doubt, or why not rated")
    plain_language: str = Field(min_length=3)

    @property
    def figure_ids(self) -> list[str]:
        return [f for f in (self.control, self.treated, self.relative, self.difference) if f]

    @model_validator(mode="after")
    def _complete(self) -> Finding:
        if (self.control is None) != (self.treated is None):
            raise ValueError("control/treated: give both risks or neither")
        if not self.figure_ids:
            raise ValueError("control/treated/relative/difference: a finding rests on at least one figure row")
        if (self.certainty == "not rated") != (self.certainty_source is None):
            raise ValueError("certainty_source: name the source that rated the certainty, and only then")
        return self


class GuidelineStance(Entry):
    id: str = Identifier
    guideline: str
    scenario: str
    intervention: str
    rating: str
    status: VerificationStatus
    note: str = ""


class SafetyNotice(Entry):
    id: str = Identifier
    subject: str
    date: str
    text: str
    references: list[str] = Field(min_length=1)


class Claim(Entry):
    """One quantitative claim of the clinical summary, set beside its primary source."""

    id: str = Identifier
    statement: str
    summary_says: str
    source_says: str
    status: ClaimStatus
    reason: str = Field(min_length=3)
    figures: list[str] = []
    references: list[str] = Field(min_length=1)


class Caution(Entry):
    """A warning shown wherever a statement it applies to is shown: walker, lab, quiz, summary, CLI."""

    id: str = Identifier
    title: str = Field(min_length=3, max_length=90)
    text: str = Field(min_length=3)
    references: list[str] = Field(min_length=1)
    statements: list[str] = Field(default=[], description="summary statements it travels with")


class EvidenceFile(Entry):
    meta: Meta
    references: list[Reference] = Field(min_length=1)
    statements: list[Statement] = Field(min_length=1)
    figures: list[Figure] = Field(min_length=1)
    guideline_stances: list[GuidelineStance] = []
    safety_notices: list[SafetyNotice] = []
    claims: list[Claim] = []
    cautions: list[Caution] = []
    findings: list[Finding] = []
