"""The reviewers' side of classification: their queue, a decision on a proposal, and
the CISO reopening a classification."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from core.lists import list_export
from core.lists.views import render_list
from core.views.common import require_can, viewer_time_zone
from core.views.responder import form_saved
from registry import services
from registry.forms.classification import ReopenForm, ReviewDecisionForm
from registry.selectors.classification import (
    classification_get_for,
    review_queue_counts_for,
    review_queue_list_for,
)
from registry.views.classify import outcome_message
from registry.views.common import refused_as_message, system_for, system_url


def _queue(request):
    require_can(request, "registry.classification.review_queue")
    zone = viewer_time_zone(request.user)
    return review_queue_list_for(request.user, request.GET, time_zone=zone)


@require_GET
def review_queue(request):
    """The systems waiting for a reviewer, on the list kit: filters, sorting, pages."""
    context = {"counts": review_queue_counts_for(request.user)}
    return render_list(request, _queue(request), "registry/review_queue.html", context)


@require_GET
def review_queue_export(request, file_format: str):
    query = _queue(request)
    require_can(request, "core.list.export")
    return list_export(query, actor=request.user, file_format=file_format)


@require_POST
def classification_decide(request, system_id: str, pk: int):
    """Confirm or reject a waiting proposal; a refusal comes back as a message, in words."""
    system = system_for(request, system_id, "registry.classification.decide")
    proposal = classification_get_for(request.user, system=system, pk=pk)
    form = ReviewDecisionForm(request.POST)
    classify_url = reverse("registry:system_classify", args=[system.system_id])
    if not form.is_valid():
        message = "Choose whether to confirm or reject the proposal."
        return refused_as_message(request, url=classify_url, message=message)
    note = form.cleaned_data["note"]
    try:
        if form.cleaned_data["decision"] == "confirm":
            outcome = services.classification_confirm(
                actor=request.user, proposal=proposal, note=note
            )
            message = outcome_message(outcome)
        else:
            services.classification_reject(actor=request.user, proposal=proposal, note=note)
            message = "The proposal is rejected; the proposer is told why."
    except (ValidationError, PermissionDenied) as exc:
        return refused_as_message(request, url=classify_url, message=" ".join(_messages_of(exc)))
    return form_saved(request, url=system_url(system), message=message)


@require_POST
def classification_reopen(request, system_id: str):
    system = system_for(request, system_id, "registry.classification.reopen")
    form = ReopenForm(request.POST)
    if not form.is_valid():
        message = "Say why the classification is reopened (up to 60 characters)."
        return refused_as_message(request, url=system_url(system), message=message)
    services.system_classification_reopen(
        actor=request.user, system=system, reason=form.cleaned_data["reason"]
    )
    message = "The classification is reopened: the system is flagged."
    return form_saved(request, url=system_url(system), message=message)


def _messages_of(exc) -> list[str]:
    if isinstance(exc, ValidationError):
        return exc.messages
    return [str(exc)]
