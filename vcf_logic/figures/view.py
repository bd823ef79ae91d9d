"""What a figures module declares to appear in the evidence explorer: one `View` per entry of its menu.

A figures module lists its views in `EXPLORER_VIEWS`; `vcf_logic.explorer` collects them from every module
of this package and orders the menu by `menu_position`. Adding a view is therefore one declaration in one figures
file; the page draws it with the generic renderer (heading, warning, charts, the claims behind them) unless
the UI layer registers a renderer of its own under the view's id (`vcf_ui.explorer_view.renders`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from vcf_logic.figures.common import ChartSpec

Builder = Callable[[pd.DataFrame, pd.DataFrame], ChartSpec]  # (figures, references) -> chart


@dataclass(frozen=True)
class WidgetChart:
    """A chart the view draws from a widget's value (a radio, a slider): one chart on the page.

    `samples` build it at example values, so `python -m vcf_logic check` and the tests can draw every variant.
    """

    name: str
    samples: tuple[Builder, ...]


@dataclass(frozen=True)
class View:
    """One view of the explorer. `id` is a public contract: links open `/Evidence_explorer?view=<id>`."""

    id: str
    label: str  # the menu's text
    menu_position: int  # the menu is sorted by it
    topics: tuple[str, ...] = ()  # evidence topics a link opens this view for (figure topics it charts)
    charts: tuple[Builder, ...] = ()  # drawn in this order
    widget_charts: tuple[WidgetChart, ...] = ()
    claim_figures: tuple[str, ...] = ()  # rows behind the view's claims that no chart draws (e.g. safety rows)
    heading: str = ""
    warning: Callable[[pd.DataFrame], str] | None = None  # shown above the charts, built from the figure rows

    def builders(self) -> tuple[Builder, ...]:
        """Every chart the view can draw: the fixed ones and each widget chart at its sample values."""
        return self.charts + tuple(build for chart in self.widget_charts for build in chart.samples)
