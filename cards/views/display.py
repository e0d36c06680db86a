"""A version's content as the pages show it: each section's fields in words, and the
metrics as rows that say whether each meets its threshold (words, not colour alone).
Pure: it reads a `Card` and nothing else."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from cards.forms.versions import SECTION_TITLES, field_label
from cards.rules.content import AT_MOST, Card, Metric

NOT_STATED = "Not stated"


@dataclass(frozen=True)
class MetricRow:
    """One metric of the table."""

    name: str
    group: str  # "Overall" for a metric of the whole population
    value: str
    interval: str
    threshold: str
    verdict: str  # in words: "Meets its threshold", "Below its threshold", "No threshold"
    met: bool | None


@dataclass(frozen=True)
class SectionView:
    """One section: its title, (label, text) of each field, and its metrics if any."""

    key: str
    title: str
    items: tuple[tuple[str, str], ...]
    metrics: tuple[MetricRow, ...] = ()
    empty: bool = False


def number_text(value: float | None, unit: str = "") -> str:
    if value is None:
        return ""
    text = f"{value:g}"
    return f"{text} {unit}".strip() if unit and unit != "%" else f"{text}{unit}"


def metric_row(metric: Metric) -> MetricRow:
    interval = ""
    if metric.ci_low is not None:
        low, high = (
            number_text(metric.ci_low, metric.unit),
            number_text(metric.ci_high, metric.unit),
        )
        interval = f"{low} to {high}"
    threshold, verdict = "", "No threshold"
    met = metric.meets_threshold
    if met is not None:
        words = "at most" if metric.direction == AT_MOST else "at least"
        threshold = f"{words} {number_text(metric.threshold, metric.unit)}"
        verdict = "Meets its threshold" if met else "Does not meet its threshold"
    return MetricRow(
        name=metric.name,
        group=metric.group or "Overall",
        value=number_text(metric.value, metric.unit),
        interval=interval,
        threshold=threshold,
        verdict=verdict,
        met=met,
    )


def value_text(value) -> str:
    """A stored value in words; blank ones are "Not stated"."""
    if value in (None, "", ()):
        return NOT_STATED
    if isinstance(value, tuple):
        return ", ".join(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def section_views(card: Card) -> list[SectionView]:
    """Every section of the card, in the card's order."""
    views = []
    for spec in fields(card):
        section = getattr(card, spec.name)
        items, metrics = [], ()
        for item in fields(section):
            value = getattr(section, item.name)
            if item.name == "metrics":
                metrics = tuple(metric_row(m) for m in value)
                continue
            items.append((field_label(item.name), value_text(value)))
        empty = not metrics and all(text == NOT_STATED for _, text in items)
        views.append(
            SectionView(spec.name, SECTION_TITLES[spec.name], tuple(items), metrics, empty)
        )
    return views


@dataclass(frozen=True)
class DiffRow:
    """One change between two versions, in words."""

    where: str  # "Uses › Intended uses", "Performance › accuracy / age 60+ › Value"
    before: str
    after: str


def diff_rows(changes) -> list[DiffRow]:
    """cards.rules.diff's changes as the diff page shows them."""
    return [
        DiffRow(_where(change.path), _json_text(change.before), _json_text(change.after))
        for change in changes
    ]


def _where(path: str) -> str:
    section, _, rest = path.partition(".")
    parts = [SECTION_TITLES.get(section, section)]
    if rest.startswith("metrics["):
        metric, _, field = rest.removeprefix("metrics[").partition("]")
        parts.append(f"Metric {metric}")
        if field:
            parts.append(field_label(field.lstrip(".")))
    elif rest:
        parts.append(field_label(rest))
    return " › ".join(parts)


def _json_text(value) -> str:
    """A stored (JSON) value in words; a metric as its name, group, value and threshold."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, dict):
        return "; ".join(
            f"{field_label(key)}: {_json_text(item)}"
            for key, item in value.items()
            if item not in (None, "")
        )
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)
