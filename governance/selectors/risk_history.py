"""A risk's history in words: each audit event's changes as sentences people read
("Residual likelihood changed from 3 to 2", "Owner (person) changed from Ana Board to
Pat Owner"), never the stored JSON.

`change_sentences` is pure: the names it needs (people, teams, controls, decisions) come
in a `HistoryNames` that selectors.risks.risk_history_names reads once for a whole page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.text import capfirst

from governance.models import Risk

# Longer free text is cut in a history line; the risk's page shows the whole of it.
TEXT_LIMIT = 160
DATE_FIELDS = {"mitigation_due", "last_reviewed", "next_review"}
LIST_FIELDS = {"systems", "existing_controls"}
LABELS = {
    **{f.name: capfirst(str(f.verbose_name)) for f in Risk._meta.get_fields() if f.concrete},
    "risk_id": "Risk ID",
    "title": "Title",
    "systems": "Linked systems",
    "existing_controls": "Existing controls",
    "note": "Note",
    "decision": "Board decision",
}
CHOICES = {
    f.name: {str(k): str(v) for k, v in f.choices} for f in Risk._meta.concrete_fields if f.choices
}
NUMBERS = {
    "inherent_likelihood",
    "inherent_impact",
    "inherent_score",
    "residual_likelihood",
    "residual_impact",
    "residual_score",
}


@dataclass(frozen=True)
class HistoryNames:
    """What the stored values point at, by the key the trail stores: people by e-mail
    (older events: by id), teams by slug, controls and decisions by id."""

    people: Mapping[str, str] = field(default_factory=dict)
    teams: Mapping[str, str] = field(default_factory=dict)
    controls: Mapping[str, str] = field(default_factory=dict)
    decisions: Mapping[str, str] = field(default_factory=dict)


def _day(value: Any) -> str:
    try:
        day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)
    return day.isoformat()  # the portal's one date format, as the register's columns


def _text(value: Any) -> str:
    text = " ".join(str(value).split())
    if len(text) > TEXT_LIMIT:
        text = text[: TEXT_LIMIT - 1] + "…"
    return f"“{text}”"


def shown_value(name: str, value: Any, names: HistoryNames) -> str | None:
    """One stored value in words; None for no value."""
    if value is None or value == "" or value == []:
        return None
    if name == "owner_user":
        return names.people.get(str(value), str(value))
    if name == "owner_team":
        return names.teams.get(str(value), str(value))
    if name in CHOICES:
        return CHOICES[name].get(str(value), str(value))
    if name in DATE_FIELDS:
        return _day(value)
    if name in NUMBERS or isinstance(value, bool | int | float):
        return str(value)
    return _text(value)


def _list_sentence(name: str, old, new, names: HistoryNames) -> str:
    def shown(item) -> str:
        if name == "existing_controls":
            return names.controls.get(str(item), f"control {item}")
        return str(item)

    before, after = [str(i) for i in old or []], [str(i) for i in new or []]
    added = [shown(i) for i in after if i not in before]
    removed = [shown(i) for i in before if i not in after]
    parts = ([f"added {', '.join(added)}"] if added else []) + (
        [f"removed {', '.join(removed)}"] if removed else []
    )
    return f"{LABELS[name]}: {'; '.join(parts) or 'unchanged'}"


def _label(name: str) -> str:
    return LABELS.get(name) or capfirst(name.replace("_", " "))


def _diff_sentence(name: str, old, new, names: HistoryNames) -> str | None:
    if name in LIST_FIELDS:
        return _list_sentence(name, old, new, names)
    before, after = shown_value(name, old, names), shown_value(name, new, names)
    if before is None and after is None:
        return None
    if before is None:
        return f"{_label(name)} set to {after}"
    if after is None:
        return f"{_label(name)} cleared (was {before})"
    return f"{_label(name)} changed from {before} to {after}"


def _note_sentence(name: str, value, names: HistoryNames) -> str | None:
    if name == "decision":
        return f"Board decision: {names.decisions.get(str(value), 'recorded')}"
    shown = shown_value(name, value, names)
    return f"{_label(name)}: {shown}" if shown is not None else None


def change_sentences(changes: Any, names: HistoryNames) -> list[str]:
    """The sentences of one event's `changes` ({field: [old, new]} for a change, a
    plain value for a note such as a closing note or the decision behind a review)."""
    if not isinstance(changes, dict):
        return []
    sentences = []
    for name, value in changes.items():
        if isinstance(value, list) and len(value) == 2 and name != "decision":
            sentence = _diff_sentence(name, value[0], value[1], names)
        else:
            sentence = _note_sentence(name, value, names)
        if sentence:
            sentences.append(sentence)
    return sentences


def referenced_keys(changes_list) -> dict[str, set[str]]:
    """What a page of events names: {"people", "teams", "controls", "decisions"} -> keys,
    for reading the names in one query each."""
    keys: dict[str, set[str]] = {k: set() for k in ("people", "teams", "controls", "decisions")}
    where = {"owner_user": "people", "owner_team": "teams", "existing_controls": "controls"}
    for changes in changes_list:
        if not isinstance(changes, dict):
            continue
        for name, value in changes.items():
            if name == "decision" and value is not None:
                keys["decisions"].add(str(value))
            elif name in where and isinstance(value, list):
                for item in value:
                    if isinstance(item, list):
                        keys[where[name]].update(str(i) for i in item)
                    elif item is not None:
                        keys[where[name]].add(str(item))
    return keys
