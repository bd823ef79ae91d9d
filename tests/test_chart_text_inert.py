"""Text from the data file is inert in every chart: Plotly renders no link, bold or style from it (issue 15).

Plotly draws a few HTML tags in chart text (`<a href>`, `<b>`, `<i>`, `<span style>`, `<sup>`, `<br>`). Every
free-text field of a copy of data/evidence.yaml gets a link, a bold and a styled span appended; every chart the
explorer can draw is then built from it, and no string in any figure as the page shows it may carry one of
those tags; the same for the class session's answer chart, whose labels are the quiz's options.
"""

from __future__ import annotations

import json
import re

import plotly.io as pio
import pytest
import yaml

from tests.hostile_data import CHART_PAYLOAD, injected_copy
from vcf_logic.evidence import EVIDENCE_FILE, validate_evidence
from vcf_logic.evidence_models import EvidenceFile
from vcf_logic.explorer import all_chart_specs
from vcf_logic.figures.common import chart_text

# A tag of the payload, as Plotly would render it (its own <br>, <b> etc. in the builders' text do not match).
LIVE_TAG = re.compile(r"<a href=\"http://evil|<b>bolded|<span style")


def _shown_strings(spec):
    return list(_strings(spec.shown_figure.to_dict()))


def _strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


@pytest.fixture(scope="module")
def hostile_charts(tmp_path_factory):
    path = injected_copy(EVIDENCE_FILE, EvidenceFile, tmp_path_factory.mktemp("charts"), CHART_PAYLOAD)
    evidence = validate_evidence(yaml.safe_load(path.read_text(encoding="utf-8")))
    return all_chart_specs(evidence.figures, evidence.references)


def test_no_chart_renders_markup_from_the_data_file(hostile_charts):
    live = {spec.key: text for spec in hostile_charts for text in _shown_strings(spec) if LIVE_TAG.search(text)}
    assert not live, live


def test_the_payload_reaches_the_charts_as_text(hostile_charts):
    """The test would see a regression: the hostile text is in the charts, shown as the characters typed."""
    built = [text for spec in hostile_charts for text in _strings(json.loads(pio.to_json(spec.figure, validate=False)))]
    assert any(LIVE_TAG.search(text) for text in built), "the builders' figures carry the payload"
    shown = [text for spec in hostile_charts for text in _shown_strings(spec)]
    assert any("&lt;a href" in text for text in shown)
    assert any("<br>" in text for text in shown), "the builders' own line breaks are kept"


def test_chart_text_keeps_the_characters_and_drops_the_markup():
    assert chart_text('<a href="x">a</a> & <b>') == '&lt;a href="x"&gt;a&lt;/a&gt; &amp; &lt;b&gt;'
    assert chart_text("risk < 5% in 1–3 years") == "risk &lt; 5% in 1–3 years"


def test_the_class_answer_chart_shows_option_labels_as_text():
    from vcf_logic.class_figures import distribution_figure
    from vcf_logic.class_session import ClassQuestion, QuestionResult

    option = 'Yes <a href="http://evil.example/">linked</a> <b>bolded</b>'
    question = ClassQuestion(key="q", kind="walker", vignette_id="v", heading="h", story="s", prompt="p", hint="",
                             options=(option, "No"), short_options=(option, "No"), correct=0)
    result = QuestionResult(question, (3, 1), (4.0, None), 4, 0.75, 4.0, 4.0, None)
    labels = distribution_figure(result).layout.xaxis.ticktext
    assert not any(LIVE_TAG.search(label) for label in labels), labels
    assert "&lt;a href" in "".join(labels)
