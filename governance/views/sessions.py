"""Review sessions: the list, opening one, its page (agenda, decisions, minutes), and
recording decisions, attendees and the closing."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.forms import add_service_errors
from core.lists import ListParamError, page_of
from core.permissions import can
from core.views.common import require_can
from governance.forms.sessions import AttendeesForm, DecisionForm, SessionOpenForm
from governance.selectors.sessions import session_get_for, session_list_for
from governance.services import decisions as decision_services
from governance.services import sessions as session_services


@require_GET
def session_list(request):
    require_can(request, "governance.session.view")
    sessions = session_list_for(request.user)
    try:
        page, errors, status = page_of(sessions, request.GET, default_size=25), {}, 200
    except ListParamError as exc:  # a 400 naming the parameter, with the first page
        page, errors, status = page_of(sessions, {}, default_size=25), exc.errors, 400
    context = {"page": page, "errors": errors}
    return render(request, "governance/sessions_list.html", context, status=status)


@require_http_methods(["GET", "POST"])
def session_open(request):
    require_can(request, "governance.session.manage")
    form = SessionOpenForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            session = session_services.session_open(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Review session opened with {session.risks.count()} risks.")
            return redirect("governance:session_detail", pk=session.pk)
    status = 400 if form.errors else 200
    return render(request, "governance/session_form.html", {"form": form}, status=status)


def _session_page(request, session, *, decision_form=None, status=200):
    may_decide = can(request.user, "governance.decision.record") and not session.is_closed
    if may_decide and decision_form is None:
        decision_form = DecisionForm(risks=session.risks.all())
    context = {
        "session": session,
        "decisions": list(session.decisions.all()),
        "agenda": list(session.risks.all()),
        "attendees": list(session.attendees.all()),
        "may_decide": may_decide,
        "may_manage": can(request.user, "governance.session.manage") and not session.is_closed,
        "decision_form": decision_form,
        "attendees_form": AttendeesForm(initial={"attendees": session.attendees.all()}),
    }
    return render(request, "governance/session_detail.html", context, status=status)


@require_GET
def session_detail(request, pk: int):
    """The session's page: its agenda, and its minutes (attendees, decisions)."""
    return _session_page(request, session_get_for(request.user, pk))


@require_POST
def decision_record(request, pk: int):
    session = session_get_for(request.user, pk)
    require_can(request, "governance.decision.record", session)
    form = DecisionForm(request.POST, risks=session.risks.all())
    if form.is_valid():
        try:
            decision = decision_services.decision_record(
                actor=request.user, session=session, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                f"Decision recorded on {decision.risk.risk_id}: next review "
                f"{decision.next_review:%Y-%m-%d}.",
            )
            return redirect("governance:session_detail", pk=session.pk)
    return _session_page(request, session_get_for(request.user, pk), decision_form=form, status=400)


@require_POST
def session_attendees(request, pk: int):
    session = session_get_for(request.user, pk)
    require_can(request, "governance.session.manage", session)
    form = AttendeesForm(request.POST)
    if form.is_valid():
        try:
            session_services.session_attendees_set(
                actor=request.user, session=session, attendees=form.cleaned_data["attendees"]
            )
            messages.success(request, "Attendees recorded.")
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return redirect("governance:session_detail", pk=session.pk)


@require_POST
def session_close(request, pk: int):
    session = session_get_for(request.user, pk)
    require_can(request, "governance.session.manage", session)
    try:
        session_services.session_close(actor=request.user, session=session)
        messages.success(request, "The session is closed: its minutes are final.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("governance:session_detail", pk=session.pk)
