"""Recording a change of what a system runs (DOMAIN.md 7, issue 18): a retraining, a
new fine-tune, a retrieval or a guardrail change. The record is permanent; the apps
that keep documents about the system's models hear of it through core's system change
listeners (cards flags the system's model cards as needing a new version)."""

from __future__ import annotations

from django.db import transaction

from core.permissions import require
from core.system_changes import system_change_recorded
from core.writes import row_create, row_lock
from registry.choices import SystemChangeKind
from registry.models import AISystem, SystemChange
from registry.services.common import clean_except


@transaction.atomic
def system_change_record(*, actor, system: AISystem, kind: str, description: str) -> SystemChange:
    """Record a change of `kind` (SystemChangeKind) on `system`, in words; those who
    change the system (its team's product owners, administrators) may."""
    system = row_lock(AISystem.objects.get(pk=system.pk))
    require(actor, "registry.system.change", system)
    change = row_create(
        actor=actor,
        model=SystemChange,
        values={
            "system": system,
            "kind": kind,
            "description": (description or "").strip(),
            "recorded_by": actor,
        },
        action="system.change_recorded",
        audit_on=system,
        audit_changes={"kind": kind, "description": (description or "").strip()},
        validate=clean_except("system", "recorded_by"),
    )
    system_change_recorded(
        actor=actor,
        system=system,
        kind=change.kind,
        kind_label=str(SystemChangeKind(change.kind).label),
        description=change.description,
    )
    return change
