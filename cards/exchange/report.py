"""What an import read, what it left out, and what the card still lacks."""

from __future__ import annotations

from dataclasses import dataclass, fields

from cards.rules.completeness import card_completeness
from cards.rules.content import SECTIONS, Card


@dataclass(frozen=True)
class ImportReport:
    """`read`: the card fields the file filled ("performance.metrics", "uses.intended_uses");
    `not_read`: the parts of the file the card has no place for, each with the reason;
    `missing`: what the card still needs to be complete for a high-risk gate, in words."""

    format: str
    read: tuple[str, ...]
    not_read: tuple[str, ...]
    missing: tuple[str, ...]


def filled_fields(card: Card) -> tuple[str, ...]:
    """The "section.field" keys of every field that holds something, in card order."""
    keys = []
    for name in SECTIONS:
        section = getattr(card, name)
        for spec in fields(section):
            value = getattr(section, spec.name)
            if value not in ("", None, ()):
                keys.append(f"{name}.{spec.name}")
    return tuple(keys)


def import_report(
    card: Card, *, format: str, not_read: list[str], datasets_with_datasheet: frozenset[str]
) -> ImportReport:
    """The report of one import. `missing` reads the card as for a high-risk system, the
    strictest reading, so the owner sees every gap before the draft is reviewed."""
    completeness = card_completeness(
        card, high_risk=True, datasets_with_datasheet=datasets_with_datasheet
    )
    return ImportReport(
        format=format,
        read=filled_fields(card),
        not_read=tuple(not_read),
        missing=tuple(gap.message for gap in completeness.gaps),
    )
