"""Hostile copies of the data files: a payload appended to every free-text field a clinician may edit."""

from __future__ import annotations

import types
import typing
from pathlib import Path

import yaml
from pydantic import BaseModel

SCRIPT = "<script>window.__pwned=1</script>"
IMAGE = '<img src=x onerror="window.__pwned=1">'
PAYLOAD = f" {SCRIPT}{IMAGE}"
# Tags Plotly itself renders in chart text: a link, bold, a styled span.
CHART_PAYLOAD = ' <a href="http://evil.example/">linked</a><b>bolded</b><span style="font-size:90px">styled</span>'
# Fields that hold codes rather than prose: references to ids (a payload would only make the file invalid),
# a figure's unit, which the charts compute with ("%" or a count), and names of fields, views and outcomes.
# Fields with an id pattern or a length limit (flowchart labels) are left alone too.
CODE_FIELDS = {"figures.reference", "figures.unit", "guideline_stances.guideline", "claims.statement",
               "start", "outcomes.criteria.items.asks", "outcomes.actions.evidence_topic",
               "outcomes.cautions.evidence_topic", "outcomes.cautions.caution", "cases.expected_outcome"}


def _is_free_text(info) -> bool:
    args = typing.get_args(info.annotation)
    text = info.annotation is str or (isinstance(info.annotation, types.UnionType)
                                      and str in args and set(args) <= {str, type(None)})
    limited = any(getattr(m, "pattern", None) or getattr(m, "max_length", None) for m in info.metadata)
    return text and not limited


def _model_inside(annotation) -> type[BaseModel] | None:
    """The model a field holds: itself, or inside list[...], dict[str, ...] or ... | None."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_inside(arg)
        if found:
            return found
    return None


def inject_everywhere(model: type[BaseModel], data: dict, where: str = "", payload: str = PAYLOAD) -> int:
    """Append the payload to every free-text field of parsed data for `model`; returns how many."""
    count = 0
    for name, info in model.model_fields.items():
        path, value = f"{where}{name}", data.get(name)
        if path in CODE_FIELDS or value is None:
            continue
        if _is_free_text(info) and isinstance(value, str):
            data[name] = value + payload
            count += 1
            continue
        inner = _model_inside(info.annotation)
        if inner is None:
            continue
        children = value.values() if isinstance(value, dict) and typing.get_origin(info.annotation) is dict \
            else value if isinstance(value, list) else [value]
        count += sum(inject_everywhere(inner, child, f"{path}.", payload)
                     for child in children if isinstance(child, dict))
    return count


def injected_copy(source: Path, model: type[BaseModel], folder: Path, payload: str = PAYLOAD) -> Path:
    """A copy of a data file in `folder` with `payload` appended to each of its free-text fields."""
    raw = yaml.safe_load(source.read_text(encoding="utf-8"))
    assert inject_everywhere(model, raw, payload=payload) > 10, source
    path = folder / source.name
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
