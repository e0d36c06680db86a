"""Every read of the risk register that a page or an endpoint needs; each costs a fixed
number of queries however many risks there are.

  risk_list_for(user, params)    the register (governance/lists.py) as a ListQuery: the
                                 page, the API, the exports use it and nothing else
  risk_get_for(user, risk_id=)   one risk with owner, systems and controls; 404 for
                                 missing and forbidden alike
  risk_history_for(user, risk, params)   its audit events, newest first, one page
  risks_of_system_for(user, system)      the open and closed risks linked to a system
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from core.lists import ListQuery, page_of
from core.models import AuditEvent
from core.permissions import can
from governance.lists import RISK_LIST
from governance.models import Risk
from registry.models import AISystem, SystemControl

HISTORY_PAGE = 20


def risks_visible_to(user) -> QuerySet[Risk]:
    """Who sees which risks, decided here only: every member sees the register."""
    if not can(user, "governance.risk.view"):
        return Risk.objects.none()
    return Risk.objects.all()


def risk_list_for(user, params: Mapping | None = None, **context) -> ListQuery:
    return RISK_LIST.query(risks_visible_to(user), params, **context)


def risk_get_for(user, *, risk_id: str) -> Risk:
    """One visible risk with what its page shows; Http404 when missing or not visible."""
    controls = SystemControl.objects.select_related("control", "system").order_by(
        "system__system_id", "control__name"
    )
    risk = (
        risks_visible_to(user)
        .select_related("owner_user", "owner_team")
        .prefetch_related(
            Prefetch("systems", queryset=AISystem.objects.order_by("system_id")),
            Prefetch("existing_controls", queryset=controls),
        )
        .filter(risk_id=risk_id)
        .first()
    )
    if risk is None:
        raise Http404("No such risk.")
    return risk


def risk_history_for(user, *, risk: Risk, params: Mapping):
    """The risk's own audit events, newest first, paged (ListParamError for a bad page).
    Deadline events are the clock's, on the audit trail page."""
    if not can(user, "governance.risk.view", risk):
        raise Http404("No such risk.")
    events = AuditEvent.objects.filter(
        object_type=Risk._meta.label_lower, object_id=str(risk.pk)
    ).order_by("-seq")
    return page_of(events.select_related("actor"), params, default_size=HISTORY_PAGE)


def risks_of_system_for(user, *, system: AISystem) -> list[Risk]:
    """The risks linked to one system, highest residual score first (one query)."""
    return list(
        risks_visible_to(user)
        .filter(systems=system)
        .select_related("owner_user", "owner_team")
        .order_by("status", "-residual_score", "risk_id")
    )
