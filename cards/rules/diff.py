"""What changed between two versions of a card, field by field, for the page's diff
between any two versions (issue 18).

Metrics are matched by (name, group), not by position, so reordering them is no change
and a changed value shows as that metric's value changing. Values are in their JSON
form (dates as YYYY-MM-DD, lists for tuples, a metric as an object), as the content is
stored. Paths: "uses.intended_uses", "performance.metrics[accuracy / age 60+].value",
"performance.metrics[accuracy]" for a metric added (before None) or removed (after None).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from cards.rules.content import SECTIONS, Card, Metric, card_to_dict


@dataclass(frozen=True)
class Change:
    path: str
    before: Any
    after: Any


def card_diff(old: Card, new: Card) -> list[Change]:
    """Every field that differs, in the card's order; the metrics where they stand."""
    before, after = card_to_dict(old), card_to_dict(new)
    changes: list[Change] = []
    for section, section_type in SECTIONS.items():
        for spec in fields(section_type):
            path = f"{section}.{spec.name}"
            if path == "performance.metrics":
                changes += metric_changes(old.performance.metrics, new.performance.metrics)
            elif before[section][spec.name] != after[section][spec.name]:
                changes.append(Change(path, before[section][spec.name], after[section][spec.name]))
    return changes


def metric_changes(old: tuple[Metric, ...], new: tuple[Metric, ...]) -> list[Change]:
    """Removed and changed metrics in the old order, then the added ones in the new."""
    before, after = _by_key(old), _by_key(new)
    changes: list[Change] = []
    for key, metric in before.items():
        path = f"performance.metrics[{key}]"
        if key not in after:
            changes.append(Change(path, _plain(metric), None))
            continue
        was, now = _plain(metric), _plain(after[key])
        changes += [
            Change(f"{path}.{name}", was[name], now[name]) for name in was if was[name] != now[name]
        ]
    changes += [
        Change(f"performance.metrics[{key}]", None, _plain(metric))
        for key, metric in after.items()
        if key not in before
    ]
    return changes


def _by_key(metrics: tuple[Metric, ...]) -> dict[str, Metric]:
    """ "accuracy / age 60+" (or "accuracy" overall); a repeated pair gets " #2", " #3"."""
    keyed: dict[str, Metric] = {}
    for metric in metrics:
        base = f"{metric.name} / {metric.group}" if metric.group else metric.name
        key, seen = base, 1
        while key in keyed:
            seen += 1
            key = f"{base} #{seen}"
        keyed[key] = metric
    return keyed


def _plain(metric: Metric) -> dict[str, Any]:
    return {spec.name: getattr(metric, spec.name) for spec in fields(Metric)}
