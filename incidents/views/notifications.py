"""An incident's notifications: draft one for an audience, edit it while unsent, mark
it sent (then it is frozen), and download a regulator's as a PDF."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.forms import form_submit
from core.permissions import can
from core.views.common import require_can
from core.views.responder import form_saved
from incidents.forms import incident as forms
from incidents.forms.notice_facts import NoticeFactsForm
from incidents.selectors.pages import notification_get_for
from incidents.services.notice_facts import incident_notice_facts_update
from incidents.services.notifications import (
    notification_draft,
    notification_mark_sent,
    notification_pdf,
    notification_update,
)
from incidents.views.common import (
    in_viewer_time_zone,
    incident_for,
    incident_form_answer,
    incident_form_refused,
)


def _url(notification) -> str:
    return reverse(
        "incidents:notification", args=[notification.incident.incident_id, notification.pk]
    )


@require_POST
def draft_new(request, incident_id: str):
    incident = incident_for(request, incident_id, "incidents.notification.draft")
    form = forms.DraftForm(request.POST)
    # The draft the service made: its page comes next.
    if saved := form_submit(
        form, lambda data: notification_draft(actor=request.user, incident=incident, **data)
    ):
        message = "The draft is ready: edit it, then mark it sent."
        return form_saved(request, url=_url(saved.result), message=message)
    return incident_form_refused(request, incident, form, "incidents/_draft_form.html")


@require_POST
def notice_facts(request, incident_id: str):
    """Save the facts the notifications carry (records, categories, consequences...)."""
    incident = incident_for(request, incident_id, "incidents.notification.draft")
    return incident_form_answer(
        request,
        incident,
        NoticeFactsForm(request.POST),
        "incidents/_notice_facts_form.html",
        lambda facts: incident_notice_facts_update(actor=request.user, incident=incident, **facts),
        "The facts for the notifications are saved.",
    )


def _page(request, notification, edit_form=None, send_form=None, status=200):
    may_send = can(request.user, "incidents.notification.send", notification.incident) and can(
        request.user, "incidents.notification.audience", notification
    )
    context = {
        "incident": notification.incident,
        "notification": notification,
        "may_send": may_send and notification.sent_at is None,
        "edit_form": edit_form
        or forms.NotificationEditForm(
            initial={
                "recipient": notification.recipient,
                "subject": notification.subject,
                "body": notification.body,
            }
        ),
        "send_form": send_form or forms.MarkSentForm(initial={"sent_at": timezone.localtime()}),
    }
    return render(request, "incidents/notification.html", context, status=status)


@require_http_methods(["GET", "POST"])
@in_viewer_time_zone
def notification_page(request, incident_id: str, pk: int):
    """GET: the notification; POST: save the edited draft."""
    require_can(request, "incidents.incident.view")
    notification = notification_get_for(request.user, incident_id, pk)
    if request.method == "GET":
        return _page(request, notification)
    form = forms.NotificationEditForm(request.POST)
    if form_submit(
        form,
        lambda data: notification_update(actor=request.user, notification=notification, **data),
    ):
        return form_saved(request, url=_url(notification), message="The draft is saved.")
    return _page(request, notification, edit_form=form, status=400)


@require_POST
@in_viewer_time_zone
def notification_send(request, incident_id: str, pk: int):
    require_can(request, "incidents.incident.view")
    notification = notification_get_for(request.user, incident_id, pk)
    form = forms.MarkSentForm(request.POST)
    if form_submit(
        form,
        lambda data: notification_mark_sent(actor=request.user, notification=notification, **data),
    ):
        message = "Recorded as sent; the text is kept as sent."
        return form_saved(request, url=_url(notification), message=message)
    if request.htmx:
        partial, context = "incidents/_send_form.html", {"notification": notification}
        return incident_form_refused(request, notification.incident, form, partial, context)
    return _page(request, notification, send_form=form, status=400)


@require_GET
def notification_pdf_download(request, incident_id: str, pk: int):
    require_can(request, "incidents.incident.view")
    notification = notification_get_for(request.user, incident_id, pk)
    if notification.audience != "regulator":
        raise Http404("Only a regulator's notification is a PDF.")
    pdf = notification_pdf(actor=request.user, notification=notification)
    name = f"{notification.incident.incident_id}-{notification.phase}-{notification.pk}.pdf"
    return HttpResponse(
        pdf,
        content_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
