"""Every read of the board's page: "what needs us now", the heat maps, the trend and the
regulatory clocks. Each costs a fixed number of queries (the review sessions are in
governance.selectors.sessions)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef, Q, Window
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent, Deadline
from core.permissions import can
from governance import choices as c
from governance.lists.risks import RISK_LIST
from governance.models import Risk
from governance.rules import risks as rules
from governance.rules.trend import TRACKED, FieldChange, RiskFacts, open_high_by_month
from incidents.selectors import Clock, regulatory_clock_rows, regulatory_deadlines
from registry.choices import ClassificationStatus, RiskTier
from registry.lists.systems import SYSTEM_LIST
from registry.models import Classification
from registry.rules import WAITING_DAYS as GATE_WAITING_DAYS
from registry.selectors.gates import gate_requests_waiting, systems_not_gated
from registry.selectors.reviews import SYSTEM_REVIEW_KIND

BLOCK_LIMIT = 5  # rows shown per block; the block links to the full list
TREND_MONTHS = 12


def url_with(name: str, params: dict | None = None) -> str:
    """The page `name`, with `params` as its query string."""
    url = reverse(name)
    return f"{url}?{urlencode(params, doseq=True)}" if params else url


def risk_list_url(**params) -> str:
    """The register filtered by `params`."""
    return url_with("governance:risk_list", params)


# The risks a heat map counts, as the register's filter: open risks only. A cell's count
# and the list its link opens both come from this and heat_map_cell_params, so the list
# shows exactly the risks the cell counted.
HEAT_MAP_SCOPE = {"status": c.RiskStatus.OPEN.value}
HEAT_MAP_RATINGS = ("inherent", "residual")


def heat_map_cell_params(which: str, likelihood: int, impact: int) -> dict[str, str]:
    """The register's filter for one cell of the `which` ("inherent"/"residual") map."""
    if which not in HEAT_MAP_RATINGS:
        raise ValueError(f"A heat map is of the inherent or the residual rating, not {which!r}.")
    return {
        **HEAT_MAP_SCOPE,
        f"{which}_likelihood": str(likelihood),
        f"{which}_impact": str(impact),
    }


def heat_map_cell_url(which: str, likelihood: int, impact: int) -> str:
    """The register filtered to one cell of the `which` ("inherent"/"residual") heat map."""
    return risk_list_url(**heat_map_cell_params(which, likelihood, impact))


@dataclass(frozen=True)
class Item:
    text: str
    url: str
    note: str = ""


@dataclass(frozen=True)
class Block:
    key: str
    title: str
    help: str
    count: int
    items: list[Item]
    url: str


# The register's filters behind the board's two risk blocks: each block's count, its rows
# and the list its "See all" link opens come from the same filter, so the list shows
# exactly the risks the block counted.
RISKS_DUE_SCOPE = {"review_due": "true"}
HIGH_UNACCEPTED_SCOPE = {"awaiting_sign_off": "true"}


def list_scoped(spec, params: dict[str, str]):
    """What the list `spec` shows for `params` (its filters only, no ordering), of every
    row: the board reads each list's own filters, so a block's link opens the rows it
    counted."""
    scoped = spec.filterset(data=params, queryset=spec.filterset._meta.model.objects.all())
    if not scoped.is_valid():
        raise ValueError(f"Not a filter of the {spec.caption.lower()}: {scoped.errors}")
    return scoped.qs


def register_scoped(params: dict[str, str]):
    """The risks the register lists for `params`."""
    return list_scoped(RISK_LIST, params)


def _risk_block(key, title, help_text, scope, ordering, note) -> Block:
    queryset = register_scoped(scope)
    rows = list(queryset.order_by("next_review", "risk_id")[:BLOCK_LIMIT])
    items = [
        Item(f"{r.risk_id} {r.title}", reverse("governance:risk_detail", args=[r.risk_id]), note(r))
        for r in rows
    ]
    count = queryset.count()
    return Block(key, title, help_text, count, items, risk_list_url(**scope, ordering=ordering))


def _risks_due() -> Block:
    return _risk_block(
        "risks_due",
        "Risks due for review",
        "Open risks whose next scheduled review is today or past.",
        RISKS_DUE_SCOPE,
        "next_review",
        lambda r: f"review due {r.next_review:%Y-%m-%d}",
    )


def _high_unaccepted() -> Block:
    return _risk_block(
        "high_unaccepted",
        "High and critical risks without sign-off",
        "Open risks with a high or critical residual level that the board has not accepted.",
        HIGH_UNACCEPTED_SCOPE,
        "-residual",  # the register sorted highest residual first
        lambda r: f"residual {r.residual_level}",
    )


def _systems_overdue(now: datetime) -> Block:
    overdue = Deadline.objects.filter(
        kind=SYSTEM_REVIEW_KIND, met_at__isnull=True, cancelled_at__isnull=True, due_at__lt=now
    )
    rows = list(overdue.order_by("due_at", "id")[:BLOCK_LIMIT])
    count = overdue.count()
    items = [Item(d.label, d.link, f"due {d.due_at:%Y-%m-%d}") for d in rows]
    url = url_with(
        "core:portfolio_deadlines",
        {"kind": SYSTEM_REVIEW_KIND, "state": "overdue"},
    )
    return Block(
        "systems_overdue",
        "Systems overdue for review",
        "System reviews past their due date (the review cadence by tier).",
        count,
        items,
        url,
    )


# The system list's filters behind the board's two system blocks (see RISKS_DUE_SCOPE).
UNAPPROVED_CRITICAL_SCOPE = {"tier": RiskTier.CRITICAL.value, "board_approval": "false"}
CLASSIFICATIONS_WAITING_SCOPE = {"classification_waiting": "true"}


def systems_scoped(params: dict[str, str]):
    """The systems the system list shows for `params`."""
    return list_scoped(SYSTEM_LIST, params)


def _unapproved_critical() -> Block:
    systems = systems_scoped(UNAPPROVED_CRITICAL_SCOPE)
    rows = list(systems.order_by("system_id")[:BLOCK_LIMIT])
    count = systems.count()
    items = [
        Item(f"{s.system_id} {s.name}", reverse("registry:system_detail", args=[s.system_id]))
        for s in rows
    ]
    return Block(
        "unapproved_critical",
        "Critical systems without board approval",
        "Critical systems whose “Board or executive approval” control is not implemented.",
        count,
        items,
        url_with("registry:system_list", UNAPPROVED_CRITICAL_SCOPE),
    )


def _classifications_waiting(user) -> Block:
    # The registry's review queue (registry.selectors.classification.review_queue_list_for)
    # is gated to the classifiers; the board reads the same conditions (the system list's
    # filter) without acting on them.
    pending = Classification.objects.filter(status=ClassificationStatus.PROPOSED)
    waiting = systems_scoped(CLASSIFICATIONS_WAITING_SCOPE).annotate(
        proposed=Exists(pending.filter(system=OuterRef("pk")))
    )
    rows = list(waiting.order_by("system_id")[:BLOCK_LIMIT])
    count = waiting.count()
    items = [
        Item(
            f"{s.system_id} {s.name}",
            reverse("registry:system_detail", args=[s.system_id]),
            "proposal waiting" if s.proposed else "flagged for re-classification",
        )
        for s in rows
    ]
    if can(user, "registry.classification.review_queue"):
        url = reverse("registry:review_queue")
    else:
        url = url_with("registry:system_list", CLASSIFICATIONS_WAITING_SCOPE)
    return Block(
        "classifications_waiting",
        "Proposals and re-classifications waiting",
        "Classification proposals waiting for a reviewer, and systems flagged for "
        "re-classification.",
        count,
        items,
        url,
    )


def _gates_waiting(now: datetime) -> Block:
    """Gate requests submitted longer ago than the rules' waiting threshold and still
    open (one query)."""
    waiting = gate_requests_waiting(timedelta(days=GATE_WAITING_DAYS), now)
    items = [
        Item(
            f"{r.system.system_id} {r.system.name}: {r.gate.name}",
            reverse("registry:gate_request_detail", args=[r.system.system_id, r.pk]),
            f"waiting {(now - r.submitted_at).days} days",
        )
        for r in waiting[:BLOCK_LIMIT]
    ]
    return Block(
        "gates_waiting",
        f"Gate requests waiting over {GATE_WAITING_DAYS} days",
        "Open lifecycle gate requests still missing artifacts, tests or approvals.",
        len(waiting),
        items,
        url_with("gates:request_list", {"waiting": "true"}),
    )


def _systems_not_gated() -> Block:
    """Systems registered at their real stage without their gates (DOMAIN.md 4), with the
    total counted in the same query (a window over the rows)."""
    rows = list(systems_not_gated().annotate(total=Window(Count("pk")))[:BLOCK_LIMIT])
    items = [
        Item(
            f"{s.system_id} {s.name}",
            reverse("registry:system_detail", args=[s.system_id]),
            f"registered at {s.get_lifecycle_stage_display().lower()} on {s.created_at:%Y-%m-%d}",
        )
        for s in rows
    ]
    return Block(
        "systems_not_gated",
        "Systems not gated",
        "Systems registered at their real stage without passing its gates; a retroactive "
        "review (the gate of their stage) is due within 30 days of registration.",
        rows[0].total if rows else 0,
        items,
        url_with("registry:system_list", {"not_gated": "true"}),
    )


def board_blocks_for(user) -> list[Block]:
    """What needs the board now: seven blocks, a fixed number of queries however much data."""
    if not can(user, "governance.board.view"):
        raise Http404("No such page.")
    now = timezone.now()
    return [
        _risks_due(),
        _high_unaccepted(),
        _systems_overdue(now),
        _unapproved_critical(),
        _classifications_waiting(user),
        _gates_waiting(now),
        _systems_not_gated(),
    ]


def heat_maps_counts(ratings: Sequence[str]) -> dict[str, dict[tuple[int, int], int]]:
    """Open risks per (likelihood, impact) cell of each of `ratings`' maps ("residual",
    "inherent"), all of them in one query: grouped by every rating's two columns at once
    (at most 25 rows a rating that way, 225 for both as residual never exceeds inherent),
    each map summing over the other's cells. Counted through the register's own filter
    with the cells' scope (see HEAT_MAP_SCOPE), from the partial index risk_open_cells
    alone: one pass over it for both maps at an enterprise's size."""
    for which in ratings:
        heat_map_cell_params(which, 1, 1)  # refuses a rating the maps do not have
    columns = [f"{which}_{axis}" for which in ratings for axis in ("likelihood", "impact")]
    scoped = register_scoped(HEAT_MAP_SCOPE)
    # COUNT(*), not of a column: the index holds the cells' columns only.
    rows = scoped.values_list(*columns).annotate(n=Count("*")).order_by()
    maps: dict[str, Counter] = {which: Counter() for which in ratings}
    for *cells, n in rows:
        for k, which in enumerate(ratings):
            maps[which][(cells[2 * k], cells[2 * k + 1])] += n
    return {which: dict(counts) for which, counts in maps.items()}


def heat_map_counts(which: str) -> dict[tuple[int, int], int]:
    """Open risks per (likelihood, impact) of the `which` rating: one query."""
    return heat_maps_counts((which,))[which]


def _month_ends(now: datetime, months: int) -> list[tuple[str, datetime]]:
    starts = rules.month_starts(timezone.localdate(now), months)
    ends = [datetime.combine(s, time.min, tzinfo=UTC) for s in starts[1:]]
    return [(s.strftime("%b %Y"), end) for s, end in zip(starts, [*ends, now], strict=True)]


def trend_for(now: datetime | None = None) -> list[tuple[str, int]]:
    """Open high and critical residual risks at each month's end (this month: now), for
    the last twelve months: three queries whatever the size of the register (see
    governance.rules.trend). Risks whose level and status did not change in the window
    were as they are now all along: the database counts them by month; only the
    changed ones are read and replayed."""
    now = now or timezone.now()
    points = _month_ends(now, TREND_MONTHS)
    ends = [end for _, end in points]
    changes = _tracked_changes(since=points[0][1])  # changes before it are never undone
    # [0] when none changed: no risk has it, and the read still happens (an empty IN
    # would skip it), so the trend costs the same three queries whatever the data.
    changed = [int(pk) for pk in changes if pk.isdigit()] or [0]
    steady = (
        Risk.objects.exclude(pk__in=changed)
        .filter(status=c.RiskStatus.OPEN, residual_level__in=rules.OPEN_HIGH_LEVELS)
        .aggregate(
            **{f"m{k}": Count("pk", filter=Q(created_at__lt=end)) for k, end in enumerate(ends)}
        )
    )
    facts = [
        RiskFacts(created, level, status, tuple(changes.get(str(pk), ())))
        for pk, created, level, status in Risk.objects.filter(pk__in=changed).values_list(
            "pk", "created_at", "residual_level", "status"
        )
    ]
    replayed = open_high_by_month(facts, ends)
    return [
        (label, steady[f"m{k}"] + count)
        for k, ((label, _), count) in enumerate(zip(points, replayed, strict=True))
    ]


def _tracked_changes(*, since: datetime) -> dict[str, list[FieldChange]]:
    """{risk id: its changes of level or status since `since`}, from the audit trail."""
    changes: dict[str, list[FieldChange]] = {}
    events = AuditEvent.objects.filter(
        object_type="governance.risk", action__startswith="risk.", at__gte=since
    ).filter(Q(changes__has_key="residual_level") | Q(changes__has_key="status"))
    for object_id, at, diff in events.values_list("object_id", "at", "changes"):
        for name in TRACKED:
            if isinstance(diff.get(name), list) and len(diff[name]) == 2:
                old, new = diff[name]
                changes.setdefault(object_id, []).append(FieldChange(at, name, old, new))
    return changes


@dataclass(frozen=True)
class RegulatoryAlert:
    incident_id: str
    title: str
    system_id: str
    clock_label: str
    due_at: datetime
    breached: bool
    clock: Clock  # its countdown (incidents/_countdown.html) colours it by the same rule


def regulatory_alerts(now: datetime | None = None) -> list[RegulatoryAlert]:
    """The board's view of the regulatory clocks (GDPR Art. 33, AI Act Art. 73) that run:
    the breached ones, then those at risk, soonest due first; three queries. "At risk" is
    the clock's own (core.clocks.rules.warning_times, from the SLA policy's warning
    offsets stored on it), as its countdown colours it."""
    now = now or timezone.now()
    alerts = []
    # The running ones only: an enterprise's window holds hundreds met lately.
    running = regulatory_deadlines(now).filter(met_at__isnull=True)
    for row in regulatory_clock_rows(running, now):
        clock, incident = row.clock, row.incident
        if not clock.running:
            continue
        if clock.state in ("breached", "urgent"):
            alerts.append(
                RegulatoryAlert(
                    incident.incident_id,
                    incident.title,
                    incident.system.system_id,
                    clock.kind.label,
                    clock.due_at,
                    clock.breached,
                    clock,
                )
            )
    return sorted(alerts, key=lambda a: (not a.breached, a.due_at))
