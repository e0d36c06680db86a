"""Recording, from a model card's page, a change of what its system runs (a retraining,
a new fine-tune, a retrieval or guardrail change): the registry keeps the record, and
every card of the system is flagged as needing a new version (cards.services.flags)."""

from __future__ import annotations

from django.urls import reverse
from django.views.decorators.http import require_POST

from cards.forms.versions import SystemChangeForm
from cards.views.common import card_crumbs, card_for
from core.forms import form_submit
from core.views.responder import form_refused, form_saved
from registry.services.system_changes import system_change_record


@require_POST
def system_change(request, card_id: int):
    card = card_for(request, card_id, "cards.version.edit")
    system = card.model.system
    form = SystemChangeForm(request.POST)
    call = lambda data: system_change_record(  # noqa: E731
        actor=request.user, system=system, kind=data["kind"], description=data["description"]
    )
    if form_submit(form, call):
        return form_saved(
            request,
            url=reverse("cards:card_detail", args=[card.pk]),
            message=f"Change recorded on {system.system_id}: its model cards need a new version.",
        )
    return form_refused(
        request,
        partial="cards/_system_change_form.html",
        context={"change_form": form, "card": card, "system": system},
        title=f"{system.system_id}: correct the change",
        crumbs=card_crumbs(card),
    )
