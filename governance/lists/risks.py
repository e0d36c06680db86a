"""The risk register as a list of the list kit: filters and columns, declared once for
its page, its API list and its CSV/XLSX export.

Query parameters (blank means any, see core.lists):
  category             a category of DOMAIN.md 5 (safety, fairness, ...)
  inherent_level, residual_level        critical | high | medium | low
  inherent_likelihood, inherent_impact, residual_likelihood, residual_impact   1 to 5
                       (the board's heat-map cells link to ?residual_likelihood=3&residual_impact=4)
  status               open | closed
  owner                part of the owner's name or e-mail, or of the owning team's name
  system               a linked system's ID, e.g. SYS-009
  overdue_review, overdue_mitigation    true | false (dates before today, open risks)
  decision             the board's latest decision: accept | mitigate | escalate | close |
                       none (no decision yet)
  awaiting_sign_off    true: open risks with a high or critical residual level and no
                       standing acceptance (the board's "without sign-off" block); false:
                       every other risk
  review_due           true: open risks whose next review is today or earlier (the
                       board's "due for review" block); false: every other risk
  q                    words in the risk ID, title, description or stakeholders
"""

from __future__ import annotations

from html import escape
from urllib.parse import quote

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.lists import (
    Column,
    ListFilterSet,
    ListSpec,
    PlainChoiceFilter,
    StrictBooleanFilter,
    WordSearchFilter,
    api_column,
    local_time_text,
)
from governance import choices as c
from governance.lists import filters
from governance.lists.cells import iso, url_of
from governance.models import Risk, RiskDecision
from governance.rules import risks as rules
from registry.models import AISystem, SystemControl

# Labels escaped once: the table draws 50 rows of them.
CATEGORY_LABELS = {k: escape(str(v)) for k, v in c.RiskCategory.choices}
LEVEL_LABELS = dict(c.RiskLevel.choices)
STATUS_LABELS = {k: escape(str(v)) for k, v in c.RiskStatus.choices}
SCALE_CHOICES = [(str(n), str(n)) for n in range(1, 6)]
# The board's latest decision in the register's words (a past decision, not an order).
DECISION_WORDS = {
    c.DecisionKind.ACCEPT: "Accepted",
    c.DecisionKind.MITIGATE: "Mitigation required",
    c.DecisionKind.ESCALATE: "Escalated",
    c.DecisionKind.CLOSE: "Closed",
}
NO_DECISION = "none"
DECISION_CHOICES = [*DECISION_WORDS.items(), (NO_DECISION, "No decision yet")]


def _latest_decision(field: str) -> Subquery:
    """One field of the risk's latest board decision (a correction is always the later
    one, so the newest decision is the one that stands)."""
    latest = RiskDecision.objects.filter(risk=OuterRef("pk")).order_by("-decided_at", "-id")
    return Subquery(latest.values(field)[:1])


def standing_acceptance() -> QuerySet:
    """The risk's acceptances that no later decision corrected (for Exists on a risk)."""
    return RiskDecision.objects.filter(
        risk=OuterRef("pk"), kind=c.DecisionKind.ACCEPT, corrected_by__isnull=True
    )


def awaiting_sign_off() -> Q:
    """Open, residual high or critical, and no standing acceptance: what the board's
    "without sign-off" block counts and the register's awaiting_sign_off filter lists."""
    return Q(status=c.RiskStatus.OPEN, residual_level__in=rules.OPEN_HIGH_LEVELS) & ~Exists(
        standing_acceptance()
    )


def review_due(today) -> Q:
    """Open and the next review on `today` or before: the board's "due for review"
    block and the register's review_due filter."""
    return Q(status=c.RiskStatus.OPEN, next_review__lte=today)


def _scale(label: str, field: str):
    return PlainChoiceFilter(label, SCALE_CHOICES, field_name=field)


class RiskFilter(ListFilterSet):
    q = WordSearchFilter("risk_id", "title", "description", "affected_stakeholders")
    category = PlainChoiceFilter("Category", c.RiskCategory.choices)
    inherent_level = PlainChoiceFilter("Inherent level", c.RiskLevel.choices)
    residual_level = PlainChoiceFilter("Residual level", c.RiskLevel.choices)
    inherent_likelihood = _scale("Inherent likelihood", "inherent_likelihood")
    inherent_impact = _scale("Inherent impact", "inherent_impact")
    residual_likelihood = _scale("Residual likelihood", "residual_likelihood")
    residual_impact = _scale("Residual impact", "residual_impact")
    status = PlainChoiceFilter("Status", c.RiskStatus.choices)
    owner = filters.text("Owner", "filter_owner")
    system = filters.text("System ID", "filter_system", max_length=20)
    overdue_review = StrictBooleanFilter(label="Review overdue", method="filter_overdue_review")
    overdue_mitigation = StrictBooleanFilter(
        label="Mitigation overdue", method="filter_overdue_mitigation"
    )
    decision = PlainChoiceFilter("Board decision", DECISION_CHOICES, method="filter_decision")
    awaiting_sign_off = StrictBooleanFilter(
        label="High or critical, not accepted by the board", method="filter_awaiting_sign_off"
    )
    review_due = StrictBooleanFilter(label="Review due (today or past)", method="filter_review_due")

    class Meta:
        model = Risk
        fields: list[str] = []

    def filter_owner(self, qs: QuerySet, _name: str, value: str) -> QuerySet:
        text = value.strip()
        return qs.filter(
            Q(owner_user__full_name__icontains=text)
            | Q(owner_user__email__icontains=text)
            | Q(owner_team__name__icontains=text)
            | Q(owner_team__slug__iexact=text)
        )

    def filter_system(self, qs: QuerySet, _name: str, value: str) -> QuerySet:
        linked = Risk.systems.through.objects.filter(
            risk=OuterRef("pk"), aisystem__system_id__iexact=value.strip()
        )
        return qs.filter(Exists(linked))

    def _overdue(self, qs: QuerySet, field: str, value: bool) -> QuerySet:
        overdue = Q(**{f"{field}__lt": timezone.localdate()}, status=c.RiskStatus.OPEN)
        return qs.filter(overdue) if value else qs.exclude(overdue)

    def filter_overdue_review(self, qs: QuerySet, _name: str, value: bool) -> QuerySet:
        return self._overdue(qs, "next_review", value)

    def filter_overdue_mitigation(self, qs: QuerySet, _name: str, value: bool) -> QuerySet:
        return self._overdue(qs, "mitigation_due", value)

    def filter_awaiting_sign_off(self, qs: QuerySet, _name: str, value: bool) -> QuerySet:
        return qs.filter(awaiting_sign_off()) if value else qs.exclude(awaiting_sign_off())

    def filter_review_due(self, qs: QuerySet, _name: str, value: bool) -> QuerySet:
        due = review_due(timezone.localdate())
        return qs.filter(due) if value else qs.exclude(due)

    def filter_decision(self, qs: QuerySet, _name: str, value: str) -> QuerySet:
        qs = qs.alias(latest_decision=_latest_decision("kind"))
        if value == NO_DECISION:
            return qs.filter(latest_decision__isnull=True)
        return qs.filter(latest_decision=value)


def risk_link(row, _context) -> str:
    href = url_of("governance:risk_detail", quote(row["risk_id"]), sample="RISK-0")
    return f'<a href="{href}">{escape(row["risk_id"])}</a>'


def systems_links(row, _context) -> str:
    return ", ".join(
        f'<a href="{url_of("registry:system_detail", quote(s), sample="SYS-0")}">{escape(s)}</a>'
        for s in row["system_ids"] or []
    )


# A level as text in a badge (never colour alone), built once per level.
LEVEL_BADGES = {
    level: f'<span class="badge badge-tier badge-tier-{level}">{escape(str(label))}</span>'
    for level, label in LEVEL_LABELS.items()
}


def level_badge(level: str) -> str:
    return LEVEL_BADGES.get(level) or escape(level)


def owner_text(row, _context) -> str:
    if row["owner_user__email"]:
        return row["owner_user__full_name"] or row["owner_user__email"]
    return row["owner_team__name"] or ""


def _rating_cell(prefix: str):
    def cell(row, _context) -> str:
        return (
            f"{level_badge(row[f'{prefix}_level'])} {row[f'{prefix}_score']}"
            f' <span class="muted">({row[f"{prefix}_likelihood"]}×{row[f"{prefix}_impact"]})</span>'
        )

    return cell


def _rating_column(prefix: str, label: str) -> Column:
    """A rating as the page shows it (level, score, likelihood x impact), sorted by its
    score; the API and the exports carry its four values as columns of their own."""
    fields = tuple(f"{prefix}_{part}" for part in ("level", "score", "likelihood", "impact"))
    return Column(
        prefix,
        label,
        fields=fields,
        cell=_rating_cell(prefix),
        sort=f"{prefix}_score",
        api=False,
        exported=False,
    )


def _due_cell(key: str):
    """The date, and "Overdue" in words (never colour alone) when it has passed on an
    open risk."""

    def cell(row, _context) -> str:
        day = row[key]
        if day is None:
            return "—"
        late = row["status"] == c.RiskStatus.OPEN and day < timezone.localdate()
        badge = ' <span class="badge badge-warning">Overdue</span>' if late else ""
        return f"{day.isoformat()}{badge}"

    return cell


def _due_column(key: str, label: str) -> Column:
    """A due date of an open risk: sorted by it, "Overdue" once it has passed."""
    return Column(key, label, fields=(key, "status"), value=iso(key), cell=_due_cell(key), sort=key)


def _decision_text(row, context) -> str:
    """ "Accepted, 2026-11-30": the latest decision and its day in the viewer's zone."""
    kind = row["decision_kind"]
    if not kind:
        return ""
    day = local_time_text(row["decision_at"], context)[:10]
    return f"{DECISION_WORDS.get(kind, kind)}, {day}"


def _decision_cell(row, context) -> str:
    return escape(_decision_text(row, context)) or '<span class="muted">None yet</span>'


# The owner as shown: the person's name, else the team's.
OWNER_SORT = Coalesce("owner_user__full_name", "owner_team__name")
OWNER_FIELDS = (
    "owner_user__email",
    "owner_user__full_name",
    "owner_team__name",
    "owner_team__slug",
)

# What the board reads first comes first, so a phone shows it without scrolling: the
# risk, where it stands after its controls (residual), who owns it and whether it is open.
COLUMNS = (
    Column("risk_id", "Risk ID", cell=risk_link, sort="risk_id", row_header=True),
    Column("title", "Title", sort="title"),
    _rating_column("residual", "Residual"),
    Column("owner", "Owner", fields=OWNER_FIELDS, value=owner_text, sort=OWNER_SORT),
    Column(
        "status",
        "Status",
        sort="status",
        cell=lambda row, _: STATUS_LABELS.get(row["status"]) or escape(row["status"]),
    ),
    _rating_column("inherent", "Inherent"),
    Column(
        "category",
        "Category",
        sort="category",
        cell=lambda row, _: CATEGORY_LABELS.get(row["category"]) or escape(row["category"]),
    ),
    Column(
        "systems",
        "Systems",
        fields=("system_ids",),
        cell=systems_links,
        value=lambda row, _: row["system_ids"] or [],
        text=lambda row, _: "; ".join(row["system_ids"] or []),
    ),
    _due_column("next_review", "Next review"),
    _due_column("mitigation_due", "Mitigation due"),
    Column(
        "decision",
        "Board decision",
        fields=("decision_kind", "decision_at"),
        value=lambda row, _: row["decision_kind"],
        text=_decision_text,
        cell=_decision_cell,
        sort=F("decision_kind"),
    ),
    api_column("description"),
    api_column("affected_stakeholders"),
    *(
        api_column(f"{side}_{part}")
        for side in ("inherent", "residual")
        for part in ("likelihood", "impact", "score", "level")
    ),
    api_column("owner_user", fields=OWNER_FIELDS, value=lambda row, _: row["owner_user__email"]),
    api_column("owner_team", fields=OWNER_FIELDS, value=lambda row, _: row["owner_team__slug"]),
    api_column(
        "existing_controls",
        fields=("control_ids",),
        value=lambda row, _: row["control_ids"] or [],
        text=lambda row, _: "; ".join(str(i) for i in row["control_ids"] or []),
    ),
    api_column("mitigation_plan"),
    api_column("last_reviewed", value=iso("last_reviewed")),
    api_column("regulatory_reference"),
)

# Linked systems and controls, each as one array per row by a correlated subquery: one
# query for the page however many links there are.
ANNOTATIONS = {
    "system_ids": ArraySubquery(
        AISystem.objects.filter(risks=OuterRef("pk")).order_by("system_id").values("system_id")
    ),
    "decision_kind": _latest_decision("kind"),
    "decision_at": _latest_decision("decided_at"),
    "control_ids": ArraySubquery(
        SystemControl.objects.filter(risks=OuterRef("pk")).order_by("pk").values("pk")
    ),
}

RISK_LIST = ListSpec(
    name="governance.risk",
    filterset=RiskFilter,
    columns=COLUMNS,
    default_ordering="risk_id",
    tie_breaker="risk_id",
    filename="risk-register",
    caption="Risk register",
    annotations=ANNOTATIONS,
)
