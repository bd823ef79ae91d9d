"""Every page of the app, declared once: its file, menu label, icon and URL path.

The sidebar, the page titles, links between pages, the tests and the benchmarks read this table.
Plain Python (no Streamlit import), so benchmarks and tests can read it without a running app.
To add a page: put its file in `pages/` and one `Page` line here; the test suite checks both agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

APP_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Page:
    path: str  # relative to the app root, as st.page_link and AppTest.switch_page take it
    label: str
    icon: str

    @property
    def url_path(self) -> str:
        """The URL path Streamlit serves the page under: "" (home), "Decision_walker" (pages/1_Decision_walker.py)."""
        if "/" not in self.path:
            return ""
        return Path(self.path).stem.split("_", 1)[1]

    def url(self, params: Mapping[str, str] | None = None) -> str:
        """A root-relative link to the page, with a query string when `params` are given."""
        query = f"?{urlencode(dict(params))}" if params else ""
        return f"/{self.url_path}{query}"


HOME = Page("app.py", "Home", "🏠")
WALKER = Page("pages/1_Decision_walker.py", "Decision walker", "🧭")
EXPLORER = Page("pages/2_Evidence_explorer.py", "Evidence explorer", "📊")
LAB = Page("pages/3_Scenario_lab.py", "Scenario lab", "🧪")
QUIZ = Page("pages/4_Self_check_quiz.py", "Self-check quiz", "✅")
REFERENCES = Page("pages/5_References.py", "References", "📚")
JOIN_CLASS = Page("pages/6_Join_class.py", "Join a class", "🙋")
TEACH_CLASS = Page("pages/7_Teach_class.py", "Teach a class", "🧑‍🏫")

PAGES: tuple[Page, ...] = (HOME, WALKER, EXPLORER, LAB, QUIZ, REFERENCES, JOIN_CLASS, TEACH_CLASS)  # menu order

