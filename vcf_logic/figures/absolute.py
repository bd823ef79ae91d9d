"""Absolute effects in the denominator a learner chooses: people per 100 or per 1000 treated.

One declaration of the choices (`DENOMINATORS`), so every table, chart and caption that follows the
explorer's per-100/per-1000 toggle reads the same numbers the same way.
"""

from __future__ import annotations

DENOMINATORS: tuple[int, ...] = (100, 1000)
DEFAULT_DENOMINATOR = 100


def per(risk_pct: float, denominator: int) -> float:
    """People out of `denominator` with the event, for a risk in percent."""
    if denominator not in DENOMINATORS:
        raise ValueError(f"denominator must be one of {DENOMINATORS}")
    return risk_pct * denominator / 100.0


def people_places(denominator: int) -> int:
    """Decimals shown for people per `denominator`: whole people per 100 keep one decimal, per 1000 none."""
    return 1 if denominator == 100 else 0


def per_text(risk_pct: float, denominator: int) -> str:
    """'12.0 per 100' or '120 per 1000', with `people_places` decimals."""
    return f"{per(risk_pct, denominator):.{people_places(denominator)}f} per {denominator}"


def denominator_key(base: str, denominator: int) -> str:
    """A chart's key in a denominator: `base` for the default one (the key links and tests know), else
    `<base>_per_<denominator>`."""
    return base if denominator == DEFAULT_DENOMINATOR else f"{base}_per_{denominator}"
