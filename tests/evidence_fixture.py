"""A small valid evidence mapping that tests break one field at a time."""

import copy


def minimal_evidence() -> dict:
    return copy.deepcopy({
        "meta": {
            "title": "Test evidence",
            "summary_title": "Treatment of VCF",
            "summary_updated": "2026-01-02",
            "content_reviewed": "2026-11-25",
            "reviewed_by": "tests",
        },
        "references": [
            {"id": "Black1996", "summary_number": 4, "short": "Black 1996 (FIT)",
             "authors": "Black DM, Cummings SR, Karpf DB, et al.",
             "title": "Randomised trial of effect of alendronate", "source": "Lancet", "year": 1996,
             "volume_pages": "348(9041):1535-1541", "pmid": "8950879", "doi": "10.1016/S0140-6736(96)07088-2"},
            {"id": "ACR2018", "summary_number": 1, "short": "ACR 2018", "authors": "Shah LM, et al.",
             "title": "ACR Appropriateness Criteria", "source": "American College of Radiology", "year": 2018},
        ],
        "statements": [
            {"id": "headline", "section": "Headline", "text": "Conservative care first.",
             "references": ["ACR2018"], "not_a_claim": "a test statement"},
        ],
        "figures": [
            {"id": "fit_placebo", "topic": "alendronate", "measure": "new vertebral fracture",
             "group": "placebo", "value": 15.0, "unit": "%", "timepoint": "36 months", "n": 1005,
             "design": "placebo-controlled RCT", "reference": "Black1996", "status": "verified"},
            {"id": "fit_rr", "topic": "alendronate", "measure": "relative risk", "group": "alendronate",
             "value": 0.53, "ci_low": 0.41, "ci_high": 0.68, "unit": "RR", "n": 2027,
             "design": "placebo-controlled RCT", "reference": "Black1996", "status": "differs",
             "summary_value": "7.9%", "status_reason": "the trial reports 8.0%"},
        ],
    })
