"""Forms for the registry's evidence (a control's files, the checklist's items) and what
the checklist section of the system page shows, built once for the page's template tag
and for the views that answer an upload."""

from __future__ import annotations

from datetime import date

from core.forms import EvidenceUploadForm
from core.permissions import can
from registry.forms.systems import long_text
from registry.models import AISystem, SystemControl
from registry.selectors.checklist import checklist_applies_to, checklist_for


def control_evidence_form(control: SystemControl, data=None, files=None) -> EvidenceUploadForm:
    """The upload form of one control row, prefixed so that rows do not collide."""
    return EvidenceUploadForm(data, files, prefix=f"evidence-{control.pk}")


class ChecklistEvidenceForm(EvidenceUploadForm):
    note = long_text("Note", rows=2, help_text="Optional: what the file shows for this item.")


def checklist_evidence_form(item: str, data=None, files=None) -> ChecklistEvidenceForm:
    return ChecklistEvidenceForm(data, files, prefix=f"checklist-{item}")


def checklist_section(user, system: AISystem, today: date, bound=None) -> dict:
    """The checklist section's context: whether it applies, each item with its current
    files and done flag, and an upload form per item for people who may change the
    system (`bound`: an (item, form) that came back with errors)."""
    if not checklist_applies_to(system):
        return {"system": system, "applies": False}
    editable = can(user, "registry.system.change", system)
    rows = []
    for row in checklist_for(system, today):
        form = None
        if editable:
            form = bound[1] if bound and bound[0] == row.key else checklist_evidence_form(row.key)
        rows.append((row, form))
    return {
        "system": system,
        "applies": True,
        "rows": rows,
        "done": sum(1 for row, _form in rows if row.done),
        "today": today,
        "editable": editable,
    }
