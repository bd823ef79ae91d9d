"""Second-fracture prevention: each trial against its own comparator, per 100 or per 1000, never pooled."""

import pytest

from vcf_logic import effect_sizes as es
from vcf_logic.evidence import load_evidence
from vcf_logic.figures import bone_protection as bp
from vcf_logic.figures.common import row_risk

EVIDENCE = load_evidence()
FIGURES, REFERENCES = EVIDENCE.figures, EVIDENCE.references


@pytest.mark.parametrize("denominator", [100, 1000])
def test_bars_are_the_data_rows_risks_in_the_chosen_denominator(denominator):
    spec = bp.comparison_chart(FIGURES, REFERENCES, denominator)
    control, treated = spec.figure.data
    trials = bp.shown_trials(FIGURES)
    assert list(control.customdata) == [t.control for t in trials]
    for trial, without, with_ in zip(trials, control.x, treated.x, strict=True):
        assert without == pytest.approx(row_risk(FIGURES.loc[trial.control]) * denominator / 100)
        assert with_ == pytest.approx(row_risk(FIGURES.loc[trial.treated]) * denominator / 100)
    assert f"per {denominator}" in spec.title and f"per {denominator}" in spec.caption


def test_every_named_trial_is_drawn_and_vero_uses_the_published_percentages():
    assert [t.key for t in bp.shown_trials(FIGURES)] == ["fit", "freedom", "horizon", "vero", "arch"]
    table = bp.effect_table(FIGURES, 100).set_index("trial")
    assert table.loc["VERO", "without_per_100"] == 12.0 and table.loc["VERO", "with_per_100"] == 5.4
    assert table.loc["FREEDOM", "without_per_100"] == pytest.approx(round(100 * 264 / 3691, 1))


def test_nnt_is_over_each_trials_own_duration_and_never_pooled():
    table = bp.effect_table(FIGURES, 1000)
    for trial, row in zip(bp.shown_trials(FIGURES), table.itertuples(), strict=True):
        eff = es.summarise_two_arms(row_risk(FIGURES.loc[trial.control]), row_risk(FIGURES.loc[trial.treated]))
        assert row.nnt_over_trial == eff.number_needed_to_treat
        assert row.follow_up == FIGURES.loc[trial.control, "timepoint"]
    spec = bp.comparison_chart(FIGURES, REFERENCES)
    assert "not pooled" in spec.notes[0] and "another active drug" in spec.notes[0]
    assert "pooled" not in spec.title


def test_a_not_verified_row_is_never_drawn_and_a_harm_without_a_verified_size_says_so():
    edited = FIGURES.copy()
    edited.loc["freedom_denosumab_new_vf", "status"] = "not verified"
    assert "freedom" not in [t.key for t in bp.shown_trials(edited)]
    assert "freedom_denosumab_new_vf" not in bp.comparison_chart(edited, REFERENCES).figure_ids
    harms = bp.harms_table(FIGURES).set_index("harm")
    romosozumab = harms.loc["Serious cardiovascular events with romosozumab", "size"]
    assert "not verified" in romosozumab and "50" not in romosozumab
    assert "7.1 per 100 participant-years" in harms.loc["Vertebral fractures after stopping denosumab", "size"]


def test_every_second_fracture_row_says_what_when_whom_and_how_many():
    rows = FIGURES[FIGURES["topic"] == bp.TOPIC]
    assert len(rows) >= 15
    assert rows[["outcome_definition", "timepoint", "n", "analysis_unit", "design", "status"]].notna().all().all()


def test_augmentation_forest_plots_say_which_side_favours_what():
    from vcf_logic.figures import augmentation
    from vcf_logic.figures.forest import favours_labels

    pain = augmentation.pain_forest_chart(FIGURES, REFERENCES)
    left, right = favours_labels(pain.figure)
    assert "favours the comparison" in left and left.startswith("←")
    assert right == "favours vertebroplasty →"
    free = augmentation.kyphoplasty_function_chart(FIGURES, REFERENCES)
    assert favours_labels(free.figure) == ["← favours non-surgical care", "favours kyphoplasty →"]
    assert "One sign convention" in free.caption


def test_harms_without_a_sourced_size_stay_listed_as_size_not_verified():
    """Osteonecrosis of the jaw and atypical femoral fracture: no source in the evidence notes sizes them."""
    harms = bp.harms_table(FIGURES).set_index("harm")
    for harm in ("Osteonecrosis of the jaw", "Atypical femoral fracture"):
        assert harms.loc[harm, "size"].startswith("size not verified")
        assert not any(ch.isdigit() for ch in harms.loc[harm, "size"])
    assert harms.loc["Serious cardiovascular events with romosozumab", "size"].startswith("size not verified")
