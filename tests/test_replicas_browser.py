"""In a real Chromium, through HAProxy in front of two replicas (vcf_ui/replicas.py, as `make replicas` runs them).

An upload is an HTTP request separate from the session's websocket; without stickiness `leastconn` sends it to
the replica that does not hold the session (its websocket keeps a connection open on the other), which refuses
it. So a case that loads, and a deep link that opens on the same walker step, show the proxy's cookie holds.
"""

from __future__ import annotations

import json
import os
import shutil

import pytest
from playwright.sync_api import expect

from tests.browser_helpers import ConsoleLog, wait_for_app
from vcf_ui.page_registry import LAB, WALKER
from vcf_ui.replicas import COOKIE, running_replicas

pytestmark = pytest.mark.browser

CASE = {"title": "Class case: frail, edema, still sore", "age_years": 86, "pain_score": 6,
        "weeks_of_conservative_care": 5, "mri_edema": True, "surgery_contraindicated": True}
OUTCOME = "Consider vertebral augmentation"


@pytest.fixture(scope="module")
def proxy_url():
    if shutil.which("haproxy") is None:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail("REQUIRE_BROWSER=1 but no haproxy on PATH (apt-get install haproxy; .ci/run does)")
        pytest.skip("no haproxy on PATH; apt-get install haproxy to run the replica test")
    with running_replicas(2) as replicas:
        yield replicas.url


def test_upload_and_deep_link_through_the_proxy_stay_on_one_replica(proxy_url, page, tmp_path):
    log = ConsoleLog(page)
    requests = []
    page.on("request", lambda request: requests.append(request) if request.url.startswith(proxy_url) else None)
    page.goto(f"{proxy_url}/{LAB.url_path}")
    wait_for_app(page, "Findings")
    [cookie] = [c for c in page.context.cookies() if c["name"] == COOKIE]
    assert cookie["value"] in {"app1", "app2"}

    for number in (1, 2, 3):  # each upload is a request of its own: unpinned, about half would miss the session
        case_file = tmp_path / f"class_case_{number}.json"
        case_file.write_text(json.dumps({**CASE, "age_years": 85 + number}), encoding="utf-8")
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(case_file))
        wait_for_app(page, f"Loaded class_case_{number}.json")
    expect(page.get_by_text(OUTCOME).first).to_be_visible()
    pinned = f"{COOKIE}={cookie['value']}"
    unpinned = [r.url for r in requests[1:] if pinned not in r.all_headers().get("cookie", "")]
    assert not unpinned, f"requests without the proxy's cookie: {unpinned[:3]}"

    page.get_by_role("link", name="Open in walker").click()
    page.wait_for_url(f"**/{WALKER.url_path}?**")
    wait_for_app(page)
    expect(page.locator(".st-key-walker_outcome")).to_contain_text(OUTCOME)
    deep_link = page.url

    shared = page.context.new_page()  # the link pasted into a new tab: a fresh session, the same browser
    shared.goto(deep_link)
    wait_for_app(shared)
    expect(shared.locator(".st-key-walker_outcome")).to_contain_text(OUTCOME)
    assert [c["value"] for c in page.context.cookies() if c["name"] == COOKIE] == [cookie["value"]]
    assert not log.errors, log.errors
