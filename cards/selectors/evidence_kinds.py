"""What cards offers as evidence for a framework's requirement (core.evidence_kinds,
registered by cards.contributions): the approved version of each of a system's model
cards (whole, or one section or field filled), and the approved datasheets of the
datasets its models are trained and evaluated on.

Each finder answers for every system asked at once, in a fixed number of queries. A
version approved before the one in force is returned too, `current=False`, "superseded
by version N": an acceptance of it goes back to review.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.urls import reverse

from cards.choices import CardVersionStatus, DatasheetStatus
from cards.models import DatasheetVersion, ModelCardVersion
from cards.rules.content import SECTIONS
from core.dates import day_text
from core.evidence_kinds import Found, FoundEvidence

FIELD_WORDS = {"co2e_kg": "CO2e (kg)", "energy_kwh": "Energy (kWh)"}


def _words(name: str) -> str:
    return FIELD_WORDS.get(name, name.replace("_", " ").capitalize())


def model_card_details() -> dict[str, str]:
    """The whole card (the empty detail), its sections and each of their fields
    ("considerations.limitations")."""
    details: dict[str, str] = {"": "The whole card"}
    for section, shape in SECTIONS.items():
        details[section] = _words(section)
        for name in shape.__dataclass_fields__:
            details[f"{section}.{name}"] = f"{_words(section)}: {_words(name).lower()}"
    return details


def model_card_produce_url(system_id: str) -> str:
    """The model cards of the system (the card list filtered to it)."""
    return f"{reverse('cards:card_list')}?{urlencode({'system': system_id})}"


def filled(value) -> bool:
    """A field says something: not empty text, list or section (a number, 0 included,
    is a value given)."""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, dict):
        return any(filled(item) for item in value.values())
    if isinstance(value, list | tuple):
        return bool(value)
    return True


def holds(content: dict, detail: str) -> bool:
    """Whether a version's content answers `detail`: "" the whole card, "section" a
    section with something filled, "section.field" that field filled."""
    if not detail:
        return True
    section, _, name = detail.partition(".")
    values = (content or {}).get(section) or {}
    return filled(values.get(name) if name else values)


def _frozen_versions(system_pks: list[int]):
    """Every approved and superseded version of the systems' cards, the newest first."""
    return (
        ModelCardVersion.objects.filter(
            card__model__system_id__in=system_pks,
            status__in=(CardVersionStatus.APPROVED, CardVersionStatus.SUPERSEDED),
        )
        .select_related("card__model")
        .order_by("-decided_at", "-number", "-id")
    )


def _superseders(versions) -> dict[int, int]:
    """{version pk: the number of the version approved after it on its card}."""
    by_card: dict[int, list] = {}
    for version in versions:
        by_card.setdefault(version.card_id, []).append(version)
    after: dict[int, int] = {}
    for card_versions in by_card.values():
        card_versions.sort(key=lambda v: v.number)
        for older, newer in zip(card_versions, card_versions[1:], strict=False):
            after[older.pk] = newer.number
    return after


def model_cards_found(system_pks: list[int], details: set[str], _today: date) -> Found:
    """For each detail asked, the approved version of each of the system's cards that
    answers it, and the versions approved before it (one query)."""
    versions = list(_frozen_versions(system_pks))
    after = _superseders(versions)
    found: Found = {}
    for version in versions:
        item = _card_item(version, after.get(version.pk))
        for detail in details:
            if holds(version.content, detail):
                found.setdefault((version.card.model.system_id, detail), []).append(item)
    return found


def _card_item(version: ModelCardVersion, superseded_by: int | None) -> FoundEvidence:
    why = ""
    if version.status != CardVersionStatus.APPROVED:
        why = f"superseded by version {superseded_by}" if superseded_by else "superseded"
    return FoundEvidence(
        record_type="cards.modelcardversion",
        record_id=str(version.pk),
        label=f"Model card of {version.card.model.name} v{version.number}, "
        f"approved {day_text(version.decided_at)}",
        fingerprint=version.content_hash,
        url=reverse("cards:version_detail", args=[version.card_id, version.number]),
        current=not why,
        why_not_current=why,
    )


# --- datasheet ------------------------------------------------------------------------------


def datasheets_found(system_pks: list[int], _details: set[str], _today: date) -> Found:
    """The approved datasheets (and those they superseded) of the datasets the approved
    cards of each system name, training and evaluation alike (two queries)."""
    uses: dict[int, set[str]] = {}
    approved = ModelCardVersion.objects.filter(
        card__model__system_id__in=system_pks, status=CardVersionStatus.APPROVED
    ).values_list("card__model__system_id", "content")
    for system_pk, content in approved:
        technical = (content or {}).get("technical") or {}
        keys = [*technical.get("training_datasets", ()), *technical.get("evaluation_datasets", ())]
        uses.setdefault(system_pk, set()).update(keys)
    keys = set().union(*uses.values()) if uses else set()
    if not keys:
        return {}
    sheets = _datasheets_of(keys)
    found: Found = {}
    for system_pk in sorted(uses):
        items = [item for key, item in sheets if key in uses[system_pk]]
        if items:
            found[(system_pk, "")] = items
    return found


def _datasheets_of(keys: set[str]) -> list[tuple[str, FoundEvidence]]:
    """(dataset key, evidence) of every approved and superseded datasheet, newest first."""
    versions = list(
        DatasheetVersion.objects.filter(
            dataset__key__in=keys,
            status__in=(DatasheetStatus.APPROVED, DatasheetStatus.SUPERSEDED),
        )
        .select_related("dataset")
        .order_by("-approved_at", "-number", "-id")
    )
    newer: dict[int, int] = {}
    for version in sorted(versions, key=lambda v: v.number):
        if version.status == DatasheetStatus.SUPERSEDED:
            later = [
                v.number
                for v in versions
                if v.dataset_id == version.dataset_id and v.number > version.number
            ]
            newer[version.pk] = min(later) if later else 0
    return [(v.dataset.key, _datasheet_item(v, newer.get(v.pk))) for v in versions]


def _datasheet_item(version: DatasheetVersion, superseded_by: int | None) -> FoundEvidence:
    why = ""
    if version.status != DatasheetStatus.APPROVED:
        why = f"superseded by version {superseded_by}" if superseded_by else "superseded"
    return FoundEvidence(
        record_type="cards.datasheetversion",
        record_id=str(version.pk),
        label=f"Datasheet of {version.dataset.name} v{version.number}, "
        f"approved {day_text(version.approved_at)}",
        # The number too: a new version approved with the same words is a new decision.
        fingerprint=f"v{version.number}:{version.content_hash}",
        url=reverse("cards:datasheet_detail", args=[version.dataset.key, version.number]),
        current=not why,
        why_not_current=why,
    )
