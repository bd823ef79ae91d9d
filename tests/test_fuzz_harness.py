"""A seeded slice of `python -m benchmarks.fuzz` (issue 15): every surface, no traceback, hang or live markup.

The full run (`make fuzz`, 1,000 cases a surface) prints its figures; this slice runs the same generators with a
fixed seed on every `make test`.
"""

from __future__ import annotations

import random

import pytest

from benchmarks import fuzz


def assert_clean(tally: fuzz.Tally) -> None:
    assert tally.tracebacks == 0 and tally.hangs == 0 and tally.rendered == 0, tally.examples
    assert tally.refused > 0, "the generator must reach the refusals"


@pytest.mark.parametrize("surface", ["uploads", "recommend", "check"])
def test_in_process_surfaces(surface):
    tally = fuzz.SURFACES[surface](random.Random(f"ci-{surface}"), 120)
    assert tally.cases == 120
    assert_clean(tally)


def test_query_strings_on_every_page(app_server):
    tally = fuzz.fuzz_query_strings(random.Random("ci-query"), 60, base_url=app_server)
    assert tally.cases == 60
    assert_clean(tally)


def test_the_detector_sees_live_markup():
    """The harness would notice a regression: raw addresses and tags count, escaped ones do not."""
    assert fuzz.live_markup(["see https://x.io"], "https://x.io") is not None
    assert fuzz.live_markup(["a <img src=x>"], "<img src=x>") is not None
    from vcf_logic.wording import escape_markdown
    assert fuzz.live_markup([escape_markdown("https://x.io <img src=x> [a](http://e.x)")],
                            "https://x.io <img src=x> [a](http://e.x)") is None
