"""Adding a model to a system in the browser: from the system's page (the system chosen)
or from the model card list (the system picked among those the viewer may change). The
new model's card page follows, with its "Start version 1"."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from cards.forms.registers import ModelCreateForm
from cards.services.ai_models import model_create
from cards.views.common import VIEW
from core.choices import Role
from core.forms import form_submit
from core.permissions import can, is_admin, teams_where
from core.views.common import require_can
from core.views.responder import form_refused, form_saved
from registry.models import AISystem
from registry.selectors.systems import systems_visible_to

CREATE = "cards.model.create"


def systems_open_to(user) -> QuerySet[AISystem]:
    """The systems `user` may add a model to (cards.permissions: an administrator, or a
    product owner of the owning team), by system ID: one query."""
    systems = systems_visible_to(user).order_by("system_id")
    if is_admin(user):
        return systems
    return systems.filter(owner_team_id__in=teams_where(user, Role.PRODUCT_OWNER))


def _asked_system(request, systems: QuerySet[AISystem]) -> AISystem | None:
    """The system named by ?system= or the posted form, when the viewer may add to it;
    403 when they see it but may not (one they cannot see is the form's unknown choice)."""
    system_id = (request.POST.get("system") or request.GET.get("system") or "").strip()
    if not system_id:
        return None
    system = systems.filter(system_id=system_id).first()
    if system is None:
        seen = systems_visible_to(request.user).filter(system_id=system_id).first()
        if seen is not None and not can(request.user, CREATE, seen):
            raise PermissionDenied(f"Not allowed: {CREATE}")
    return system


@require_http_methods(["GET", "POST"])
def model_new(request):
    """/cards/new/?system=SYS-001: add a model (key, name, description) to a system."""
    require_can(request, VIEW)
    systems = systems_open_to(request.user)
    system = _asked_system(request, systems)
    if system is None and not systems.exists():
        raise PermissionDenied(f"Not allowed: {CREATE}")
    posted = request.method == "POST"
    form = ModelCreateForm(
        request.POST if posted else None,
        systems=systems,
        initial={"system": system.system_id if system else ""},
    )
    call = lambda data: model_create(actor=request.user, **data)  # noqa: E731
    if posted and (saved := form_submit(form, call)):
        model = saved.result
        url = reverse("cards:card_detail", args=[model.card.pk])
        message = f"{model.name} added to {model.system.system_id}: start version 1 of its card."
        return form_saved(request, url=url, message=message)
    context = {"form": form, "system": system}
    if posted:
        page = "cards/model_new.html"
        return form_refused(request, partial=page, context=context, page=page)
    return render(request, "cards/model_new.html", context)
