"""The classification review queue, declared once for its page and its CSV/XLSX export:
every system waiting for a reviewer, because a product owner's proposal waits on it or
because it is flagged for re-classification (DOMAIN.md 2.1). The oldest proposal comes
first, then the flagged systems by ID.

Query parameters (blank means any, see core.lists):
  waiting   proposal | flagged: a proposal waits, or flagged with no proposal waiting
  team      an owner team's slug
  tier      the system's tier now: critical | high | medium | low | unclassified
  q         words found in the system ID or name
"""

from __future__ import annotations

from html import escape

import django_filters
from django.db.models import OuterRef, Q, QuerySet, Subquery

from core.lists import (
    Column,
    ListFilterSet,
    ListSpec,
    WordSearchFilter,
    api_time,
    local_time_text,
)
from core.widgets import PlainSelect
from registry.lists.system_filters import (
    proposals_waiting,
    team_filter,
    tier_filter,
)
from registry.lists.systems import TIER_SEVERITY, system_link, system_url, tier_badge
from registry.models import AISystem

PROPOSAL, FLAGGED = "proposal", "flagged"
WAITING_LABELS = {PROPOSAL: "Proposal to review", FLAGGED: "Re-classification"}


def _proposal(field: str) -> Subquery:
    """One value of the system's waiting proposal (there is at most one), else null."""
    return Subquery(proposals_waiting().filter(system=OuterRef("pk")).values(field)[:1])


class ReviewQueueFilter(ListFilterSet):
    waiting = django_filters.ChoiceFilter(
        label="Waiting for",
        choices=list(WAITING_LABELS.items()),
        method="filter_waiting",
        widget=PlainSelect,
    )
    team = team_filter()
    tier = tier_filter("Risk tier now")
    q = WordSearchFilter("system_id", "name")

    class Meta:
        model = AISystem
        fields: list[str] = []

    def filter_waiting(self, qs: QuerySet, _name: str, value: str) -> QuerySet:
        waiting = Q(pk__in=proposals_waiting().values("system_id"))
        return qs.filter(waiting) if value == PROPOSAL else qs.exclude(waiting)


def _waiting(row, _context) -> str:
    return PROPOSAL if row["proposal_id"] else FLAGGED


def _proposer(row, _context) -> str:
    return row["proposal_by_name"] or row["proposal_by_email"] or ""


def _proposed_at_cell(row, context) -> str:
    if not row["proposal_at"]:
        return "—"
    moment = row["proposal_at"].isoformat()
    return (
        f'<time datetime="{moment}">{escape(local_time_text(row["proposal_at"], context))}</time>'
    )


def _reasons(row, _context) -> str:
    text = "; ".join(row["reclassification_reasons"] or [])
    return text[:1].upper() + text[1:]


def _action_cell(row, _context) -> str:
    """Review the proposal, or re-classify: both on the system's classify page."""
    system_id = escape(row["system_id"])
    url = f"{system_url(row['system_id'])}classify/"  # registry:system_classify
    if row["proposal_id"]:
        style, label = "btn btn-small btn-primary", "Review"
    else:
        style, label = "btn btn-small", "Re-classify"
    hidden = f'<span class="visually-hidden"> {system_id}</span>'
    return f'<a class="{style}" href="{url}">{label}{hidden}</a>'


COLUMNS = (
    Column(
        "system",
        "System",
        fields=("system_id", "name"),
        value=lambda row, _: row["system_id"],
        cell=lambda row, context: f"{system_link(row, context)} {escape(row['name'])}",
        sort="system_id",
        row_header=True,
    ),
    Column("name", "Name", page=False),
    Column(
        "team",
        "Team",
        fields=("owner_team__name",),
        value=lambda row, _: row["owner_team__name"],
        sort="owner_team__name",
    ),
    Column(
        "waiting",
        "Waiting for",
        fields=("proposal_id",),
        value=_waiting,
        cell=lambda row, context: WAITING_LABELS[_waiting(row, context)],
    ),
    Column(
        "proposed_by",
        "Proposed by",
        fields=("proposal_by_name", "proposal_by_email"),
        value=lambda row, _: row["proposal_by_email"],
        text=_proposer,
        cell=lambda row, context: escape(_proposer(row, context)) or "—",
    ),
    Column(
        "proposed_at",
        "Proposed",
        fields=("proposal_at",),
        value=lambda row, _: api_time(row["proposal_at"]),
        text=lambda row, context: local_time_text(row["proposal_at"], context),
        cell=_proposed_at_cell,
        sort=_proposal("classified_at"),  # waiting longest first; flagged systems after
    ),
    Column(
        "proposed_score",
        "Score",
        fields=("proposal_score",),
        value=lambda row, _: row["proposal_score"],
        cell=lambda row, _: "—" if row["proposal_score"] is None else str(row["proposal_score"]),
        css="num",
    ),
    Column(
        "proposed_tier",
        "Tier proposed",
        fields=("proposal_tier",),
        value=lambda row, _: row["proposal_tier"] or None,
        cell=lambda row, _: tier_badge(row["proposal_tier"]) if row["proposal_tier"] else "—",
    ),
    Column(
        "risk_tier",
        "Tier now",
        value=lambda row, _: row["risk_tier"] or None,
        cell=lambda row, _: tier_badge(row["risk_tier"]),
        sort=TIER_SEVERITY,
    ),
    Column(
        "reasons",
        "Why flagged",
        fields=("reclassification_reasons",),
        value=lambda row, _: list(row["reclassification_reasons"] or []),
        text=_reasons,
    ),
    Column(
        "action",
        "Action",
        fields=("system_id", "proposal_id"),
        cell=_action_cell,
        api=False,
        exported=False,
    ),
)

REVIEW_QUEUE_LIST = ListSpec(
    name="registry.reviewqueue",
    filterset=ReviewQueueFilter,
    columns=COLUMNS,
    default_ordering="proposed_at",
    tie_breaker="system_id",
    filename="review-queue",
    caption="Systems waiting for a classification review",
    annotations={
        "proposal_id": _proposal("id"),
        "proposal_at": _proposal("classified_at"),
        "proposal_score": _proposal("score"),
        "proposal_tier": _proposal("tier"),
        "proposal_by_name": _proposal("classified_by__full_name"),
        "proposal_by_email": _proposal("classified_by__email"),
    },
)
