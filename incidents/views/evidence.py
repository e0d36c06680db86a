"""Evidence files on an incident's post-incident review and on its sent notifications.

The incident page's review block and a sent notification's page show the files
(templates/incidents/_evidence.html, through the incident_evidence tags), each a link
to core's permission-checked download with its size and SHA-256; those who may change
them get an upload form and a remove button per file. An upload posts with htmx or
without; saved, the page loads again (its timeline has the new line); refused, the
block comes back with the form and its errors (400), or a page of its own without
htmx. The upload views parse the body themselves (core.evidence.uploads), so that an
unsafe file name is refused rather than silently shortened.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.evidence.uploads import evidence_upload_view
from core.forms import form_submit
from core.permissions import can
from core.views.common import require_can
from core.views.responder import form_refused, form_saved
from incidents.choices import IncidentStatus
from incidents.forms.evidence import IncidentEvidenceForm
from incidents.selectors import incident_get_for
from incidents.selectors.evidence import (
    notification_evidence_get,
    notification_evidence_of,
    review_evidence_get,
    review_evidence_of,
)
from incidents.selectors.pages import notification_get_for
from incidents.services.evidence import (
    EVIDENCE_AUDIENCES,
    notification_evidence_attach,
    notification_evidence_detach,
    review_evidence_attach,
    review_evidence_detach,
)

PARTIAL = "incidents/_evidence.html"


def review_evidence_block(request, incident, review, *, form=None) -> dict:
    """What the review's block of files shows (None when there is no review yet)."""
    if review is None:
        return {}
    links = review_evidence_of(review)
    may_change = incident.status != IncidentStatus.CLOSED and can(
        request.user, "incidents.review.record", incident
    )
    return _block(
        block_id="review-evidence",
        record="the post-incident review",
        links=links,
        may_change=may_change,
        form=form,
        add_url=reverse("incidents:review_evidence_add", args=[incident.incident_id]),
        remove_url=lambda link: reverse(
            "incidents:review_evidence_remove", args=[incident.incident_id, link.pk]
        ),
    )


def notification_evidence_block(request, notification, *, form=None) -> dict:
    """What a sent regulator's or leadership notification's block of files shows."""
    if notification.sent_at is None or notification.audience not in EVIDENCE_AUDIENCES:
        return {}
    incident = notification.incident
    may_change = can(request.user, "incidents.notification.send", incident) and can(
        request.user, "incidents.notification.audience", notification
    )
    args = [incident.incident_id, notification.pk]
    return _block(
        block_id="notification-evidence",
        record="the notification",
        links=notification_evidence_of(notification),
        may_change=may_change,
        form=form,
        add_url=reverse("incidents:notification_evidence_add", args=args),
        remove_url=lambda link: reverse(
            "incidents:notification_evidence_remove", args=[*args, link.pk]
        ),
    )


def _block(*, block_id, record, links, may_change, form, add_url, remove_url) -> dict:
    return {
        "block_id": block_id,
        "record": record,
        "files": [link.evidence for link in links],
        "may_change": may_change,
        "form": form or IncidentEvidenceForm(prefix=block_id),
        "add_url": add_url,
        "removals": [(link.evidence.safe_name, remove_url(link)) for link in links]
        if may_change
        else [],
    }


def _review_of(request, incident_id: str):
    require_can(request, "incidents.incident.view")
    incident = incident_get_for(request.user, incident_id)
    return incident, getattr(incident, "review", None)


@evidence_upload_view
@require_POST
def review_evidence_add(request, incident_id: str):
    incident, review = _review_of(request, incident_id)
    require_can(request, "incidents.review.record", incident)
    form = IncidentEvidenceForm(request.POST, request.FILES, prefix="review-evidence")
    url = reverse("incidents:detail", args=[incident_id]) + "#review-title"
    if review is None:
        form.add_error(None, "Record the post-incident review first.")
    elif form_submit(form, lambda data: _attach_to_review(request, review, data)):
        return form_saved(request, url=url, message="The file is attached to the review.")
    block = review_evidence_block(request, incident, review, form=form) or _bare(form, url)
    return _refused(request, incident, block, url)


@require_POST
def review_evidence_remove(request, incident_id: str, link_id: int):
    incident, review = _review_of(request, incident_id)
    require_can(request, "incidents.review.record", incident)
    link = review_evidence_get(review, link_id)
    url = reverse("incidents:detail", args=[incident_id]) + "#review-title"
    return _remove(request, review_evidence_detach, link, url)


def _notification_of(request, incident_id: str, pk: int):
    require_can(request, "incidents.incident.view")
    notification = notification_get_for(request.user, incident_id, pk)
    require_can(request, "incidents.notification.send", notification.incident)
    require_can(request, "incidents.notification.audience", notification)
    return notification


@evidence_upload_view
@require_POST
def notification_evidence_add(request, incident_id: str, pk: int):
    notification = _notification_of(request, incident_id, pk)
    form = IncidentEvidenceForm(request.POST, request.FILES, prefix="notification-evidence")
    url = reverse("incidents:notification", args=[incident_id, pk])
    if form_submit(form, lambda data: _attach_to_notification(request, notification, data)):
        return form_saved(request, url=url, message="The file is attached to the notification.")
    block = notification_evidence_block(request, notification, form=form) or _bare(form, url)
    return _refused(request, notification.incident, block, url)


@require_POST
def notification_evidence_remove(request, incident_id: str, pk: int, link_id: int):
    notification = _notification_of(request, incident_id, pk)
    link = notification_evidence_get(notification, link_id)
    url = reverse("incidents:notification", args=[incident_id, pk])
    return _remove(request, notification_evidence_detach, link, url)


def _attach_to_review(request, review, data):
    return review_evidence_attach(actor=request.user, review=review, upload=data["file"])


def _attach_to_notification(request, notification, data):
    return notification_evidence_attach(
        actor=request.user, notification=notification, upload=data["file"]
    )


def _remove(request, detach, link, url: str):
    """Take the file off; a refusal (a closed incident) is said on the page it reloads."""
    try:
        detach(actor=request.user, link=link)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return form_saved(request, url=url)
    return form_saved(request, url=url, message=f"{link.evidence.safe_name} removed.")


def _bare(form, url: str) -> dict:
    """A refused upload to a record that takes no files: the form and its message."""
    return {"block_id": "evidence", "record": "", "files": [], "form": form, "add_url": url}


def _refused(request, incident, block: dict, back: str):
    return form_refused(
        request,
        partial=PARTIAL,
        context={"evidence": block},
        title="The file was not attached",
        crumbs=[(incident.incident_id, back)],
    )
