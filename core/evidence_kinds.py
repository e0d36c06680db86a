"""Evidence kinds: how the app that owns a record offers it as evidence for a framework's
requirement (DOMAIN.md section 3: "evidence is a real artifact ... never a checkbox").

A requirement of a framework asks for evidence items, each of a kind ("model_card",
"control", "gate_passed", "document") and, for some kinds, a detail (the control's key,
the card section, the gate's slug, the document type). The app that owns the records
registers the kind in its AppConfig.ready(); compliance reads every registered kind and
imports no other app's internals (DESIGN.md section 1).

`find` answers for many systems at once, in a fixed number of queries whatever their
number: for each (system pk, detail) asked, the records that stand as that evidence
today, newest first. A record that no longer counts (expired, superseded, voided) is
still returned with `current=False` and the reason, so the page can say why a
requirement went back to review instead of silently calling it a gap.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class FoundEvidence:
    """One record standing as evidence, as compliance keeps and shows it."""

    record_type: str  # the audit object type, "cards.modelcardversion"
    record_id: str
    label: str  # for people: "Model card v3, approved 2 Nov 2026"
    # Changes whenever the evidence changes (a file's SHA-256, a version's content hash,
    # a decision's id): an acceptance binds to it, so a new one sends it back to review.
    fingerprint: str
    url: str = ""  # where a reader opens the record
    expires_on: date | None = None  # the last day it counts, when it has one
    current: bool = True
    why_not_current: str = ""  # "expired on 3 Dec 2026", "superseded by v4"


# {(system pk, detail): [FoundEvidence, newest first]}
Found = dict[tuple[int, str], list[FoundEvidence]]


@dataclass(frozen=True)
class EvidenceKind:
    key: str  # at most 40 characters, unique: "model_card"
    label: str  # "Approved model card version"
    owner: str  # the app that contributes it: "cards"
    # find(system_pks, details, today) -> Found; a fixed number of queries.
    find: Callable[[list[int], set[str], date], Found]
    # Where the evidence is produced for a system (its system_id), for a gap's link.
    produce_url: Callable[[str], str]
    # The details this kind knows ({"bias-testing": "Bias testing"}); None when the
    # kind takes no detail. A framework file naming an unknown detail is refused.
    details: Callable[[], dict[str, str]] | None = None
    help_text: str = ""


_kinds: dict[str, EvidenceKind] = {}


def register_evidence_kind(kind: EvidenceKind) -> None:
    """Add (or, under the same key, replace) a kind."""
    if len(kind.key) > 40:
        raise ValueError(f"evidence kind '{kind.key}' is longer than 40 characters")
    _kinds[kind.key] = kind


def evidence_kinds() -> list[EvidenceKind]:
    """Every registered kind, by key."""
    return [_kinds[key] for key in sorted(_kinds)]


def evidence_kind(key: str) -> EvidenceKind | None:
    return _kinds.get(key)


def evidence_found(asked: Iterable[tuple[str, str]], system_pks: list[int], today: date):
    """For every (kind, detail) asked, what each kind finds for these systems: one call
    per kind, whatever the number of systems. {kind key: Found}; a kind that is not
    registered finds nothing (its items read as missing, with the kind named)."""
    details: dict[str, set[str]] = {}
    for kind_key, detail in asked:
        details.setdefault(kind_key, set()).add(detail)
    found = {}
    for kind_key in sorted(details):
        kind = _kinds.get(kind_key)
        found[kind_key] = kind.find(system_pks, details[kind_key], today) if kind else {}
    return found
