"""Crosswalks (DOMAIN.md 3): evidence accepted for one framework's requirement counts
toward a mapped requirement of another where the relationship allows, and the page
says where it came from. One hop only: a status earned through a crosswalk is not
passed on again, so a cycle of mappings cannot make anything met by itself."""

from __future__ import annotations

from dataclasses import dataclass

from .status import GAP, MET, NOT_APPLICABLE, PARTIAL

# "source is <relationship> of target": what meeting one side gives the other.
# Met source -> target; met target -> source.
_CREDIT = {
    "equal": (MET, MET),
    "superset": (MET, PARTIAL),  # the source covers all of the target
    "subset": (PARTIAL, MET),  # the target covers all of the source
    "intersect": (PARTIAL, PARTIAL),
}


@dataclass(frozen=True)
class Link:
    """A mapping seen from the requirement being assessed: the other requirement, its
    own status for the system, the relationship, and whether the other is the source."""

    other_label: str  # "ISO/IEC 42001 A.6.2.6"
    other_status: str
    relationship: str
    other_is_source: bool


@dataclass(frozen=True)
class Credited:
    status: str
    via: str = ""  # "Met through ISO/IEC 42001 A.6.2.6 (overlap)"


def credit(link: Link) -> str:
    """What a met requirement on the other side gives this one (GAP: nothing)."""
    if link.other_status != MET:
        return GAP
    from_source, from_target = _CREDIT[link.relationship]
    return from_source if link.other_is_source else from_target


_RANK = {GAP: 0, PARTIAL: 1, MET: 2}
_WORDS = {"equal": "equal", "superset": "covers it", "subset": "covered by it"}


def with_crosswalks(own: str, links: list[Link]) -> Credited:
    """The status after crosswalks: never lower than its own; met or not applicable on
    its own stays so; a review-needed one is lifted only to met."""
    if own in (MET, NOT_APPLICABLE):
        return Credited(own)
    best, via = own, ""
    for link in links:
        given = credit(link)
        if given == GAP:
            continue
        if _RANK[given] > _RANK.get(best, 0) and (own != "review_needed" or given == MET):
            word = _WORDS.get(link.relationship, "overlap")
            best, via = given, f"{given.capitalize()} through {link.other_label} ({word})"
    return Credited(best, via)
