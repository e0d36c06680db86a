"""The models panel on the registry's system page (core.panels; registry never imports
cards): each model of the system with its latest and approved card version, the latest's
completeness, whether a new version is needed, and "Add a model" for those allowed."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from cards.lists import CARD_ANNOTATIONS, STATUS_LABELS, completeness_of_row, datasheet_context
from cards.selectors.lists import cards_visible_to
from cards.views.common import VIEW
from core.views.common import require_can
from registry.selectors.systems import system_get_for

ROW_FIELDS = (
    "id",
    "model__key",
    "model__name",
    "latest_number",
    "latest_status",
    "latest_content",
    "approved_number",
    "new_version_needed_at",
    "new_version_needed_reason",
    "model__system__risk_tier",
    "model__system__ai_act_category",
)


def system_model_rows(user, system) -> list[dict]:
    """The system's model cards as the panel shows them: two queries at any number (the
    rows, and the datasets with an approved datasheet their completeness reads)."""
    rows = list(
        cards_visible_to(user)
        .filter(model__system=system)
        .annotate(**CARD_ANNOTATIONS)
        .order_by("model__key")
        .values(*ROW_FIELDS)
    )
    context = datasheet_context() if rows else {}
    for row in rows:
        row["completeness"] = completeness_of_row(row, context)
        row["latest_label"] = STATUS_LABELS.get(row["latest_status"], "")
    return rows


@require_GET
def system_models_panel(request, system_id: str):
    """The models of one system, for the panel on the registry's system page (a page of
    its own without htmx)."""
    require_can(request, VIEW)
    system = system_get_for(request.user, system_id=system_id)
    panel = bool(request.htmx)
    context = {
        "system": system,
        "rows": system_model_rows(request.user, system),
        "panel": panel,
        "base_template": "cards/_panel_base.html" if panel else "base.html",
    }
    return render(request, "cards/system_models_panel.html", context)
