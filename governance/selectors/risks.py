"""Every read of the risk register that a page or an endpoint needs; each costs a fixed
number of queries however many risks there are.

  risk_list_for(user, params)    the register (governance/lists/risks.py) as a ListQuery: the
                                 page, the API, the exports use it and nothing else
  risk_get_for(user, risk_id=)   one risk with owner, systems and controls; 404 for
                                 missing and forbidden alike
  risk_latest_decision(risk)     the board's decision that stands, with who and where
  risk_history_for(user, risk, params)   its audit events, newest first, one page
  risk_history_names(events)     the people, teams, controls and decisions they name
  risks_of_system_for(user, system)      the open and closed risks linked to a system
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from core.lists import ListQuery, page_of
from core.models import AuditEvent, Team, User
from core.permissions import can
from core.selectors import all_or_none, visible_or_404
from governance.lists.risks import RISK_LIST
from governance.models import Risk, RiskDecision
from governance.selectors.risk_history import HistoryNames, referenced_keys
from registry.models import AISystem, SystemControl

HISTORY_PAGE = 20


def risks_visible_to(user) -> QuerySet[Risk]:
    """Who sees which risks, decided here only: every member sees the register."""
    return all_or_none(user, "governance.risk.view", Risk)


def risk_list_for(user, params: Mapping | None = None, **context) -> ListQuery:
    return RISK_LIST.query(risks_visible_to(user), params, **context)


def risk_get_for(user, *, risk_id: str) -> Risk:
    """One visible risk with what its page shows; Http404 when missing or not visible."""
    controls = SystemControl.objects.select_related("control", "system").order_by(
        "system__system_id", "control__name"
    )
    rows = (
        risks_visible_to(user)
        .select_related("owner_user", "owner_team")
        .prefetch_related(
            Prefetch("systems", queryset=AISystem.objects.order_by("system_id")),
            Prefetch("existing_controls", queryset=controls),
        )
    )
    return visible_or_404(rows, "No such risk.", risk_id=risk_id)


def risk_latest_decision(risk: Risk) -> RiskDecision | None:
    """The board's latest decision on `risk` (a correction is always the later one), with
    who decided, the session and a mitigation's owner: one query."""
    return (
        RiskDecision.objects.filter(risk=risk)
        .select_related("decided_by", "session", "mitigation_owner", "corrects")
        .order_by("-decided_at", "-id")
        .first()
    )


def risk_history_for(user, *, risk: Risk, params: Mapping):
    """The risk's own audit events, newest first, paged (ListParamError for a bad page).
    Deadline events are the clock's, on the audit trail page."""
    if not can(user, "governance.risk.view", risk):
        raise Http404("No such risk.")
    events = AuditEvent.objects.filter(
        object_type=Risk._meta.label_lower, object_id=str(risk.pk)
    ).order_by("-seq")
    return page_of(events.select_related("actor"), params, default_size=HISTORY_PAGE)


def _people(keys: set[str]) -> dict[str, str]:
    pks = [int(k) for k in keys if k.isdigit()]
    emails = [k for k in keys if not k.isdigit()]
    found = User.objects.filter(Q(email__in=emails) | Q(pk__in=pks)).only("email", "full_name")
    names = {}
    for person in found:
        names[person.email] = names[str(person.pk)] = person.display_name
    return names


def _controls(keys: set[str]) -> dict[str, str]:
    found = SystemControl.objects.filter(pk__in=[int(k) for k in keys if k.isdigit()])
    return {
        str(pk): f"{system_id}: {name}"
        for pk, system_id, name in found.values_list("pk", "system__system_id", "control__name")
    }


def _decisions(keys: set[str]) -> dict[str, str]:
    found = RiskDecision.objects.filter(pk__in=[int(k) for k in keys if k.isdigit()])
    return {str(d.pk): f"{d.get_kind_display()} (“{d.rationale}”)" for d in found}


def risk_history_names(events) -> HistoryNames:
    """The names a page of a risk's audit events refers to: at most four queries, one per
    kind of thing named, however many events and changes."""
    keys = referenced_keys(event.changes for event in events)
    teams = Team.objects.filter(slug__in=keys["teams"]).values_list("slug", "name")
    return HistoryNames(
        people=_people(keys["people"]) if keys["people"] else {},
        teams=dict(teams) if keys["teams"] else {},
        controls=_controls(keys["controls"]) if keys["controls"] else {},
        decisions=_decisions(keys["decisions"]) if keys["decisions"] else {},
    )


def risks_of_system_for(user, *, system: AISystem) -> list[Risk]:
    """The risks linked to one system, highest residual score first (one query)."""
    return list(
        risks_visible_to(user)
        .filter(systems=system)
        .select_related("owner_user", "owner_team")
        .order_by("status", "-residual_score", "risk_id")
    )
