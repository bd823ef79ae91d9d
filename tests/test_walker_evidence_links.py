"""The walker's "evidence behind these numbers" links: each opens the explorer on its own topic.

The query is read from the link the walker draws (st.page_link recorded), then the explorer is opened with it,
as a click would; so a link that names a figure topic instead of a view id fails here.
"""

from __future__ import annotations

import pytest
import streamlit as st
from streamlit.runtime.state.common import user_key_from_element_id

from tests.apptest_helpers import claims_shown, open_page
from vcf_logic.evidence import load_evidence
from vcf_logic.pathway import default_pathway
from vcf_logic.wording import escape_markdown
from vcf_ui import walker_view
from vcf_ui.page_registry import EXPLORER

PATHWAY = default_pathway()
EVIDENCE = load_evidence()
FIGURE_TOPICS = set(EVIDENCE.figures["topic"])


def walker_link_query(monkeypatch, topic: str) -> dict[str, str]:
    """The query parameters of the explorer link the outcome card draws for one evidence topic."""
    links = []
    monkeypatch.setattr(st, "page_link", lambda page, **kwargs: links.append((page, kwargs)))
    walker_view.show_evidence_links(PATHWAY, (topic,))
    [(page, kwargs)] = links
    assert page == EXPLORER.path
    assert kwargs["label"] == escape_markdown(PATHWAY.content.evidence_topics[topic])  # shown as written
    return dict(kwargs["query_params"])


def shown_topics(at) -> set[str]:
    """Figure topics of every data table the explorer shows (chart data panels, opened, and All figures)."""
    for chart in at.get("plotly_chart"):  # a reader opens each chart's Data panel (drawn only when open)
        at.session_state[f"{user_key_from_element_id(chart.proto.id)}_data"] = True
    at.run()
    assert not at.exception, at.exception
    return {t for frame in at.dataframe if "topic" in frame.value.columns for t in frame.value["topic"]}


@pytest.mark.parametrize("topic", list(PATHWAY.content.evidence_topics))
def test_each_evidence_link_opens_its_topic(monkeypatch, topic):
    at = open_page(EXPLORER, **walker_link_query(monkeypatch, topic))
    assert not [i.value for i in at.info if "does not have" in i.value], "the link named an unknown view"
    assert not at.error, [e.value for e in at.error]
    if topic in FIGURE_TOPICS:
        assert topic in shown_topics(at), f"no row of topic {topic} is shown"
        if at.query_params["view"] == "all_figures":
            assert shown_topics(at) == {topic}, "the All figures table is filtered to the linked topic"
    else:  # the claim check: every claim of the summary is listed
        assert at.query_params["view"] == topic
        assert len(claims_shown(at)) == len(EVIDENCE.claims)
