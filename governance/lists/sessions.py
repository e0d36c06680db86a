"""The board's review sessions as a list of the list kit: filters and columns, declared
once for the sessions page and its CSV/XLSX export.

Query parameters (blank means any, see core.lists):
  kind       quarterly | ad_hoc
  reason     an ad-hoc session's reason: new_use_case | model_update | outside_incident
  status     open | closed
  q          words in the session's title or what prompted it
"""

from __future__ import annotations

from html import escape

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from core.dates import day_text
from core.lists import (
    Column,
    ListFilterSet,
    ListSpec,
    PlainChoiceFilter,
    WordSearchFilter,
    api_column,
)
from governance import choices as c
from governance.lists.cells import iso, url_of
from governance.models import ReviewSession, RiskDecision

KIND_LABELS = dict(c.SessionKind.choices)
REASON_LABELS = dict(c.AdHocReason.choices)
STATUS_LABELS = dict(c.SessionStatus.choices)


class SessionFilter(ListFilterSet):
    q = WordSearchFilter("title", "reason_detail")
    kind = PlainChoiceFilter("Kind", c.SessionKind.choices)
    reason = PlainChoiceFilter("Ad-hoc reason", c.AdHocReason.choices)
    status = PlainChoiceFilter("Status", c.SessionStatus.choices)

    class Meta:
        model = ReviewSession
        fields: list[str] = []


def _counted(rows: QuerySet, link: str) -> Coalesce:
    """How many `rows` point at the session through `link`: a correlated subquery, so the
    page costs one query however many sessions, risks and decisions there are."""
    per_session = rows.filter(**{link: OuterRef("pk")}).order_by().values(link)
    counted = per_session.annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _session_cell(row, _context) -> str:
    return f'<a href="{url_of("governance:session_detail", row["id"])}">{escape(row["title"])}</a>'


def _kind_text(row, _context) -> str:
    kind = KIND_LABELS.get(row["kind"], row["kind"])
    return f"{kind}: {REASON_LABELS.get(row['reason'], row['reason'])}" if row["reason"] else kind


COLUMNS = (
    Column(
        "title",
        "Session",
        fields=("id", "title"),
        value=lambda row, _: row["title"],
        cell=_session_cell,
        sort="title",
        row_header=True,
    ),
    Column(
        "held_on",
        "Held on",
        value=iso("held_on"),
        text=lambda row, _: day_text(row["held_on"]),
        sort="held_on",
    ),
    Column("kind", "Kind", fields=("kind", "reason"), text=_kind_text, sort="kind"),
    Column("risk_count", "Risks", sort="risk_count", css="num"),
    Column("decision_count", "Decisions", sort="decision_count", css="num"),
    Column(
        "status",
        "Status",
        text=lambda row, _: STATUS_LABELS.get(row["status"], row["status"]),
        sort="status",
    ),
    api_column("id", exported=False),
    api_column("reason"),
    api_column("opened_by", fields=("opened_by__email",), value=lambda r, _: r["opened_by__email"]),
    api_column("closed_at", value=iso("closed_at")),
)

SESSION_LIST = ListSpec(
    name="governance.reviewsession",
    filterset=SessionFilter,
    columns=COLUMNS,
    default_ordering="-held_on",
    tie_breaker="-id",
    filename="review-sessions",
    caption="Review sessions",
    annotations={
        "risk_count": _counted(ReviewSession.risks.through.objects.all(), "reviewsession"),
        "decision_count": _counted(RiskDecision.objects.all(), "session"),
    },
)
