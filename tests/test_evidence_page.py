"""The Evidence explorer page through AppTest: each view renders, deep links, the slider, the CSV downloads."""

from __future__ import annotations

import base64
import io
import json

import numpy as np
import pandas as pd
import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from tests.apptest_helpers import charts_on_page, claims_shown, open_page
from vcf_logic import explorer as ev
from vcf_logic.evidence import load_evidence
from vcf_ui.page_registry import EXPLORER

FIGURES = load_evidence().figures


def open_view(view: str | None = None, **params: str) -> AppTest:
    return open_page(EXPLORER, **({"view": view} if view is not None else {}), **params)


def decode(values) -> list[float]:
    """A Plotly JSON array: a plain list, or Plotly 7's {"dtype", "bdata"} base64 encoding."""
    if isinstance(values, dict) and "bdata" in values:
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]).tolist()
    return list(values)


def chart_spec(at: AppTest, key: str) -> dict:
    return json.loads(at.get_by_key(key).proto.spec)


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label.startswith(label))


@pytest.mark.parametrize("view", ev.VIEW_IDS)
def test_each_view_renders(view):
    at = open_view(view)
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert at.segmented_control(key="evidence_view").value == view
    assert len(at.get("plotly_chart")) == charts_on_page(view)
    assert at.query_params["view"] == view


def test_unknown_view_shows_a_notice_and_the_default():
    at = open_view("<b>nope</b>")
    assert not at.exception
    assert any("does not have" in i.value for i in at.info)
    assert "<b>" not in " ".join(i.value for i in at.info), "the raw parameter is never echoed"
    assert at.segmented_control(key="evidence_view").value == ev.DEFAULT_VIEW


def test_no_view_parameter_opens_the_default_view():
    at = open_view()
    assert at.segmented_control(key="evidence_view").value == ev.DEFAULT_VIEW
    assert not at.info


def test_switching_view_updates_the_url():
    at = open_view("alendronate")
    at.segmented_control(key="evidence_view").set_value("calcitonin").run()
    assert not at.exception
    assert at.query_params["view"] == "calcitonin"
    assert len(at.get("plotly_chart")) == charts_on_page("calcitonin")


def test_plotted_values_are_the_data_file_values():
    at = open_view("vertebroplasty_diamond")
    spec = chart_spec(at, "diamond_scores")
    pain = decode(spec["data"][0]["y"])
    assert pain == [FIGURES.loc["diamond_pain_baseline", "value"], FIGURES.loc["diamond_pain_24h", "value"]]


def test_slider_changes_the_nnt_shown():
    at = open_view("alendronate")
    assert metric(at, "Number needed to treat") == "15"
    at.slider(key="baseline_risk").set_value(40.0).run()
    assert metric(at, "Number needed to treat") == "6"  # 40 x 0.47 = 18.8 prevented per 100 -> 100/18.8 = 5.3 -> 6
    assert any(m.value.startswith(r"**At a baseline risk of 40\.0%") for m in at.markdown), "the chart's title follows"
    at.slider(key="baseline_risk").set_value(0.0).run()
    assert metric(at, "Number needed to treat") == "not defined"
    at.slider(key="baseline_risk").set_value(100.0).run()
    assert metric(at, "Number needed to treat") == "3"
    assert metric(at, "Fractures prevented per 100") == "47.0"


def test_icon_array_follows_the_population_choice():
    at = open_view("alendronate")
    assert at.get_by_key("alendronate_icons_prior") is not None
    at.radio(key="icon_population").set_value("no_prior").run()
    assert not at.exception
    spec = chart_spec(at, "alendronate_icons_no_prior")
    assert sum(len(decode(t["x"])) for t in spec["data"]) == 200


@pytest.fixture
def downloads(monkeypatch) -> dict[str, bytes]:
    """Bytes behind each download button, by the file id in its URL."""
    stored: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def recording(self, path_or_data, mimetype, kind, filename=None):
        file_id = original(self, path_or_data, mimetype, kind, filename)
        stored[file_id] = path_or_data if isinstance(path_or_data, bytes) else path_or_data.encode()
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", recording)
    return stored


def download_csv(at: AppTest, downloads: dict[str, bytes], key: str) -> pd.DataFrame:
    button = at.get_by_key(key)
    file_id = button.proto.url.rsplit("/", 1)[1].split(".")[0]
    return pd.read_csv(io.BytesIO(downloads[file_id]))


def test_data_panel_draws_its_table_when_opened(downloads):
    """A closed Data panel sends no table; opened, it holds the chart's rows and their CSV."""
    at = open_view("vp_vs_conservative")
    assert not at.dataframe and not downloads
    at.session_state["vp_pain_forest_data"] = True  # what the reader's click on the panel sets
    at.run()
    assert not at.exception
    table = download_csv(at, downloads, "vp_pain_forest_csv")
    assert list(table["id"][:2]) == ["vp_meta_pain_1wk", "vp_meta_pain_1mo"]
    expected = FIGURES.set_index("id").loc[table["id"], "value"].to_numpy()
    assert table["value"].to_numpy() == pytest.approx(expected)
    shown = at.dataframe[0].value
    assert list(shown["id"]) == list(table["id"])


def test_all_figures_filters_and_downloads(downloads):
    at = open_view("all_figures")
    assert len(at.dataframe[0].value) == len(FIGURES)
    at.multiselect(key="figure_topics").set_value(["calcitonin"]).run()
    at.text_input(key="figure_search").set_value("week 4").run()
    shown = at.dataframe[0].value
    assert len(shown) and set(shown["topic"]) == {"calcitonin"}
    table = download_csv(at, downloads, "all_figures_csv")
    assert list(table["id"]) == list(shown["id"])


def test_all_figures_topic_from_link():
    at = open_view("all_figures", topic="mescc_surgery")
    assert set(at.dataframe[0].value["topic"]) == {"mescc_surgery"}


def test_claim_check_shows_every_claim_and_the_stances():
    at = open_view("claims")
    text = " ".join(m.value for m in at.markdown)
    assert "4.8%" in text.replace("\\", "")
    evidence = load_evidence()
    claims = evidence.claims
    # every claim, in order, each with its verdict (all of them one Markdown element)
    assert claims_shown(at) == list(ev.claims_table(claims, evidence.statements, evidence.references)["status"])
    assert "Guideline stances side by side" in [h.value for h in at.header]
    at.multiselect(key="claim_status").set_value(["⚠️ differs"]).run()
    assert claims_shown(at) == ["⚠️ differs"] * int((claims["status"] == "differs").sum())


def test_calcitonin_shows_the_safety_warning_beside_the_chart():
    at = open_view("calcitonin")
    assert any("Safety warning" in w.value for w in at.warning)
    text = " ".join(m.value for m in at.markdown).replace("\\", "")
    assert "European Medicines Agency" in text


def test_a_long_paste_into_the_search_is_cut_to_its_limit():
    """400 kB pasted into the All-figures search cost 15.7 s of server CPU (issue 15, failure 9)."""
    from vcf_logic.explorer import MAX_SEARCH_CHARS
    at = open_page(EXPLORER, view="all_figures")
    at.text_input(key="figure_search").set_value("VERTOS " * 60_000).run()
    assert not at.exception
    assert len(at.text_input(key="figure_search").value) <= MAX_SEARCH_CHARS
    assert any("figures" in c.value and " of " in c.value for c in at.caption)
