"""What the portfolio (board) pack holds: an executive summary, the board's heat maps
(the same SVG as its pages), tiers and AI Act categories, overdue reviews and
mitigations, open incidents with clock performance, and the minutes of the review
sessions held in the range. A fixed number of queries, whatever the portfolio's size.

The heat maps, tiers, overdue items and open incidents are the state when the pack is
made; clock performance counts the clocks due in the range, and the minutes are those
of the sessions held in the range."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q
from django.utils.safestring import SafeString, mark_safe

from core.models import Deadline
from governance import choices as gc
from governance.models import ReviewSession, Risk, RiskDecision
from governance.rules import charts
from governance.selectors.board import heat_map_counts
from governance.services.packs.clocks import PackClock, pack_clocks
from incidents.choices import IncidentStatus
from incidents.contributions import PREFIX as INCIDENT_CLOCKS
from incidents.models import Incident
from incidents.selectors import incident_clocks_many
from registry.choices import AIActCategory, RiskTier
from registry.models import AISystem
from registry.selectors.reviews import SYSTEM_REVIEW_KIND

HEAT_MAPS = (("residual", "Residual risk (after controls)"), ("inherent", "Inherent risk"))
# The board reads the oldest overdue risks; the register lists every one. Listing all
# (40,000 at an enterprise's 50,000 risks) made a 1,500-page pack of 1.7 GB.
OVERDUE_SHOWN = 100


@dataclass
class HeatMap:
    key: str
    label: str
    svg: SafeString


@dataclass
class Overdue:
    """The oldest overdue risks the pack lists, and how many are overdue in all."""

    shown: list[Risk]
    total: int

    @property
    def note(self) -> str:
        if self.total <= len(self.shown):
            return ""
        return f"The {len(self.shown)} oldest of {self.total:,}; the risk register lists every one."


@dataclass
class ClockPerformance:
    due: int = 0
    met_on_time: int = 0
    met_late: int = 0
    missed: int = 0  # past due, not met
    running: int = 0  # not yet due


@dataclass
class PortfolioContent:
    systems: list[AISystem]
    tiers: list[tuple[str, int]]
    categories: list[tuple[str, int]]
    heat_maps: list[HeatMap]
    overdue_reviews: list[Deadline]
    overdue_risk_reviews: Overdue
    overdue_mitigations: Overdue
    open_incidents: list[tuple[Incident, list[PackClock]]]
    clocks: ClockPerformance
    sessions: list[ReviewSession]
    open_risks: int = 0
    summary: list[tuple[str, str]] = field(default_factory=list)


def heat_map(which: str, label: str) -> HeatMap:
    svg = charts.heat_map_svg(
        heat_map_counts(which),
        label=f"{label}: open risks by likelihood and impact",
        href=lambda _lk, _im: "#heat-maps",  # a pack links inside itself only
    )
    return HeatMap(which, label, mark_safe(svg))  # noqa: S308 - charts escapes its text


def _counted(values, choices) -> list[tuple[str, int]]:
    counts = Counter(values)
    return [(label, counts[value]) for value, label in choices if counts[value]]


def _overdue_reviews(now: datetime) -> list[Deadline]:
    return list(
        Deadline.objects.filter(
            kind=SYSTEM_REVIEW_KIND, met_at__isnull=True, cancelled_at__isnull=True, due_at__lt=now
        ).order_by("due_at", "id")
    )


def _clock_performance(start: datetime, end: datetime, now: datetime) -> ClockPerformance:
    """Incident clocks due in the range: met on time, met late, missed, still running."""
    rows = Deadline.objects.filter(
        subject_type=ContentType.objects.get_for_model(Incident),
        kind__startswith=INCIDENT_CLOCKS,
        cancelled_at__isnull=True,
        due_at__gte=start,
        due_at__lt=end,
    ).values_list("due_at", "met_at")
    result = ClockPerformance()
    for due_at, met_at in rows:
        result.due += 1
        if met_at is not None:
            if met_at <= due_at:
                result.met_on_time += 1
            else:
                result.met_late += 1
        elif due_at < now:
            result.missed += 1
        else:
            result.running += 1
    return result


def _open_risk_counts(today: date) -> dict[str, int]:
    """Open risks, and those of them whose review or mitigation is overdue: one query."""
    return Risk.objects.filter(status=gc.RiskStatus.OPEN).aggregate(
        open=Count("pk"),
        reviews=Count("pk", filter=Q(next_review__lt=today)),
        mitigations=Count("pk", filter=Q(mitigation_due__lt=today)),
    )


def _overdue(due_field: str, today: date, total: int) -> Overdue:
    """The open risks longest overdue on `due_field`, oldest first (at most OVERDUE_SHOWN)."""
    rows = (
        Risk.objects.filter(status=gc.RiskStatus.OPEN, **{f"{due_field}__lt": today})
        .select_related("owner_team", "owner_user")
        .order_by(due_field, "risk_id")
    )
    return Overdue(list(rows[:OVERDUE_SHOWN]), total)


def _sessions(start: date, end: date) -> list[ReviewSession]:
    decisions = RiskDecision.objects.select_related("risk", "decided_by", "mitigation_owner")
    return list(
        ReviewSession.objects.filter(held_on__gte=start, held_on__lte=end)
        .select_related("opened_by", "closed_by")
        .prefetch_related(
            Prefetch("risks", queryset=Risk.objects.order_by("risk_id")),
            "attendees",
            Prefetch("decisions", queryset=decisions.order_by("decided_at", "id")),
        )
        .order_by("held_on", "id")
    )


def _open_incidents(now: datetime):
    rows = list(
        Incident.objects.exclude(status=IncidentStatus.CLOSED)
        .select_related("system", "lead")
        .order_by("discovered_at", "id")
    )
    clocks = incident_clocks_many(rows, now) if rows else {}
    return [(incident, pack_clocks(clocks[incident.pk], now)) for incident in rows]


def _summary(content: PortfolioContent) -> list[tuple[str, str]]:
    tiers = ", ".join(f"{n} {label.lower()}" for label, n in content.tiers) or "none classified"
    perf = content.clocks
    return [
        ("AI systems", f"{len(content.systems)} ({tiers})"),
        ("Open risks", str(content.open_risks)),
        ("System reviews overdue", str(len(content.overdue_reviews))),
        ("Risk reviews overdue", f"{content.overdue_risk_reviews.total:,}"),
        ("Mitigations overdue", f"{content.overdue_mitigations.total:,}"),
        ("Open incidents", str(len(content.open_incidents))),
        (
            "Incident clocks due in the range",
            f"{perf.due}: {perf.met_on_time} met on time, {perf.met_late} met late, "
            f"{perf.missed} missed, {perf.running} running",
        ),
        ("Review sessions in the range", str(len(content.sessions))),
    ]


def portfolio_content(
    *, start: datetime, end: datetime, date_from: date, date_to: date, now: datetime
) -> PortfolioContent:
    """The board pack's content (about fifteen queries, whatever the number of rows)."""
    systems = list(AISystem.objects.select_related("owner_team").order_by("system_id"))
    today = now.date()
    counts = _open_risk_counts(today)
    content = PortfolioContent(
        systems=systems,
        tiers=_counted([s.risk_tier for s in systems], RiskTier.choices),
        categories=_counted([s.ai_act_category for s in systems], AIActCategory.choices),
        heat_maps=[heat_map(which, label) for which, label in HEAT_MAPS],
        overdue_reviews=_overdue_reviews(now),
        overdue_risk_reviews=_overdue("next_review", today, counts["reviews"]),
        overdue_mitigations=_overdue("mitigation_due", today, counts["mitigations"]),
        open_incidents=_open_incidents(now),
        clocks=_clock_performance(start, end, now),
        sessions=_sessions(date_from, date_to),
        open_risks=counts["open"],
    )
    content.summary = _summary(content)
    return content
