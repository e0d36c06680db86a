"""An incident's notifications: draft one for an audience, edit it while unsent, mark
it sent (then it is frozen), and download a regulator's as a PDF."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.permissions import can
from core.views.common import require_can
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
    done,
    form_refused,
    in_viewer_time_zone,
    incident_for,
    run_service,
)


def _url(notification) -> str:
    return reverse(
        "incidents:notification", args=[notification.incident.incident_id, notification.pk]
    )


@require_POST
def draft_new(request, incident_id: str):
    incident = incident_for(request, incident_id, "incidents.notification.draft")
    form = forms.DraftForm(request.POST)
    created = []
    if form.is_valid():
        data = form.cleaned_data
        if run_service(form, lambda: created.append(notification_draft(
            actor=request.user, incident=incident, audience=data["audience"],
            phase=data["phase"], regime=data["regime"],
        ))):  # fmt: skip
            return done(request, incident, "The draft is ready: edit it, then mark it sent.",
                        url=_url(created[0]))  # fmt: skip
    return form_refused(request, incident, form, "incidents/_draft_form.html")


@require_POST
def notice_facts(request, incident_id: str):
    """Save the facts the notifications carry (records, categories, consequences...)."""
    incident = incident_for(request, incident_id, "incidents.notification.draft")
    form = NoticeFactsForm(request.POST)
    if form.is_valid():
        facts = form.cleaned_data
        if run_service(form, lambda: incident_notice_facts_update(
            actor=request.user, incident=incident, **facts
        )):  # fmt: skip
            return done(request, incident, "The facts for the notifications are saved.")
    return form_refused(request, incident, form, "incidents/_notice_facts_form.html")


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
        ),  # fmt: skip
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
    if form.is_valid():
        data = form.cleaned_data
        if run_service(form, lambda: notification_update(
            actor=request.user, notification=notification, subject=data["subject"],
            body=data["body"], recipient=data["recipient"],
        )):  # fmt: skip
            return done(
                request, notification.incident, "The draft is saved.", url=_url(notification)
            )
    return _page(request, notification, edit_form=form, status=400)


@require_POST
@in_viewer_time_zone
def notification_send(request, incident_id: str, pk: int):
    require_can(request, "incidents.incident.view")
    notification = notification_get_for(request.user, incident_id, pk)
    form = forms.MarkSentForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        if run_service(form, lambda: notification_mark_sent(
            actor=request.user, notification=notification, sent_at=data["sent_at"],
            reference=data["reference"], delay_reasons=data["delay_reasons"],
        )):  # fmt: skip
            message = "Recorded as sent; the text is kept as sent."
            return done(request, notification.incident, message, url=_url(notification))
    if request.htmx:
        return form_refused(request, notification.incident, form, "incidents/_send_form.html",
                            {"notification": notification})  # fmt: skip
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
        pdf, content_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )  # fmt: skip
