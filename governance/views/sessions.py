"""Review sessions: the list, opening one, its page (agenda, decisions, minutes), and
recording decisions, attendees and the closing."""

from __future__ import annotations

import functools

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.forms import form_submit
from core.lists import list_export
from core.lists.views import render_list
from core.permissions import can
from core.views.common import require_can, viewer_time_zone
from core.views.responder import form_refused, form_saved
from governance.forms.sessions import (
    AttendeesForm,
    DecisionForm,
    SessionCloseForm,
    SessionOpenForm,
)
from governance.selectors.sessions import session_get_for, session_list_for
from governance.services import decisions as decision_services
from governance.services import sessions as session_services
from governance.views.common import button_answer

SESSION_FORM = "governance/_session_form.html"
SESSION_FORM_PAGE = "governance/session_form.html"
SESSION_PAGE = "governance/session_detail.html"
DECISION_FORM = "governance/_decision_form.html"
CLOSE_FORM = "governance/_session_close_form.html"


@require_GET
def session_list(request):
    require_can(request, "governance.session.view")
    query = session_list_for(request.user, request.GET, time_zone=viewer_time_zone(request.user))
    return render_list(request, query, "governance/sessions_list.html")


@require_GET
def session_export(request, file_format: str):
    require_can(request, "governance.session.export")
    query = session_list_for(request.user, request.GET, time_zone=viewer_time_zone(request.user))
    return list_export(query, actor=request.user, file_format=file_format)


@require_http_methods(["GET", "POST"])
def session_open(request):
    require_can(request, "governance.session.manage")
    form = SessionOpenForm(request.POST or None, initial={"held_on": timezone.localdate()})
    context = {"form": form}
    if request.method != "POST":
        return render(request, SESSION_FORM_PAGE, context)
    open_session = functools.partial(session_services.session_open, actor=request.user)
    if saved := form_submit(form, lambda data: open_session(**data)):
        session = saved.result
        url = reverse("governance:session_detail", args=[session.pk])
        message = f"Review session opened with {session.risks.count()} risks."
        return form_saved(request, url=url, message=message)
    return form_refused(request, partial=SESSION_FORM, context=context, page=SESSION_FORM_PAGE)


def _session_context(request, session, *, decision_form=None, close_form=None) -> dict:
    may_decide = can(request.user, "governance.decision.record") and not session.is_closed
    if may_decide and decision_form is None:
        decision_form = DecisionForm(risks=session.risks.all())
    decisions = list(session.decisions.all())
    agenda = list(session.risks.all())
    decided = {decision.risk_id for decision in decisions}
    return {
        "session": session,
        "decisions": decisions,
        "agenda": agenda,
        # What closing would leave without a decision of this session.
        "undecided": [risk for risk in agenda if risk.pk not in decided],
        "attendees": list(session.attendees.all()),
        "may_decide": may_decide,
        "may_manage": can(request.user, "governance.session.manage") and not session.is_closed,
        "decision_form": decision_form,
        "close_form": close_form or SessionCloseForm(),
        "attendees_form": AttendeesForm(initial={"attendees": session.attendees.all()}),
    }


@require_GET
def session_detail(request, pk: int):
    """The session's page: its agenda, and its minutes (attendees, decisions)."""
    session = session_get_for(request.user, pk)
    return render(request, SESSION_PAGE, _session_context(request, session))


@require_POST
def decision_record(request, pk: int):
    session = session_get_for(request.user, pk)
    require_can(request, "governance.decision.record", session)
    form = DecisionForm(request.POST, risks=session.risks.all())
    record = functools.partial(
        decision_services.decision_record, actor=request.user, session=session
    )
    url = reverse("governance:session_detail", args=[session.pk])
    if saved := form_submit(form, lambda data: record(**data)):
        decision = saved.result
        message = (
            f"Decision recorded on {decision.risk.risk_id}: next review "
            f"{decision.next_review:%Y-%m-%d}."
        )
        return form_saved(request, url=url, message=message)
    # The page again as it stands (the refused write left nothing), with the form's errors.
    again = _session_context(request, session_get_for(request.user, pk), decision_form=form)
    return form_refused(request, partial=DECISION_FORM, context=again, page=SESSION_PAGE)


@require_POST
def session_attendees(request, pk: int):
    session = session_get_for(request.user, pk)
    require_can(request, "governance.session.manage", session)
    url = reverse("governance:session_detail", args=[session.pk])
    form = AttendeesForm(request.POST)
    if not form.is_valid():
        return redirect(url)
    attendees = form.cleaned_data["attendees"]
    return button_answer(
        request,
        lambda: session_services.session_attendees_set(
            actor=request.user, session=session, attendees=attendees
        ),
        url=url,
        message="Attendees recorded.",
    )


@require_POST
def session_close(request, pk: int):
    """Close the session once the closer confirmed it (SessionCloseForm): refused, the
    page comes back with the form's error below the minutes."""
    session = session_get_for(request.user, pk)
    require_can(request, "governance.session.manage", session)
    form = SessionCloseForm(request.POST)
    close = functools.partial(session_services.session_close, actor=request.user, session=session)
    if form_submit(form, lambda _data: close()):
        url = reverse("governance:session_detail", args=[session.pk])
        return form_saved(request, url=url, message="The session is closed: its minutes are final.")
    again = _session_context(request, session_get_for(request.user, pk), close_form=form)
    return form_refused(request, partial=CLOSE_FORM, context=again, page=SESSION_PAGE)
