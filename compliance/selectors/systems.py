"""One system's compliance as its page and its panel show it (issue 19, section 2): per
current framework that applies, the percentage met over applicable, the counts by
status and each applicable requirement with its evidence items. Read only through
compliance.selectors.coverage.coverage_for, the reader the API and the packs use, so
the page cannot disagree with them. A fixed number of queries whatever the number of
requirements, evidence records or decisions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.http import Http404
from django.urls import reverse
from django.utils.http import urlencode

from compliance.models import ComplianceDocument, NotApplicable, Requirement
from compliance.permissions import ReviewSubject
from compliance.rules import status as s
from compliance.selectors.coverage import FrameworkCoverage, RequirementRow, coverage_for
from compliance.selectors.coverage import systems_with_facts as with_facts
from compliance.selectors.documents import document_types
from core.evidence_kinds import evidence_kind
from core.permissions import can
from registry.models import AISystem
from registry.selectors.systems import systems_visible_to

STATUS_WORDS = {
    s.MET: "Met",
    s.REVIEW_NEEDED: "Review needed",
    s.PARTIAL: "Partial",
    s.GAP: "Gap",
    s.NOT_APPLICABLE: "Not applicable",
}
ITEM_WORDS = {
    s.ACCEPTED: "Accepted",
    s.REVIEW_NEEDED: "Review needed",
    s.AWAITING: "Present, awaiting review",
    s.MISSING: "Missing",
}
# The badge's colour beside the words (never the colour alone).
STATUS_BADGE = {
    s.MET: "badge-success",
    s.REVIEW_NEEDED: "badge-warning",
    s.PARTIAL: "badge-warning",
    s.GAP: "badge-danger",
    s.NOT_APPLICABLE: "badge-info",
    s.ACCEPTED: "badge-success",
    s.AWAITING: "badge-info",
    s.MISSING: "badge-danger",
}
# The page's filter, in the order a reviewer works through them (gaps first).
STATUS_ORDER = (s.GAP, s.PARTIAL, s.REVIEW_NEEDED, s.MET, s.NOT_APPLICABLE)


@dataclass
class ItemShown:
    """One evidence item of a requirement as the page shows it."""

    result: s.ItemResult
    words: str
    produce_url: str  # where the evidence is produced, for a missing item
    decisions: list = field(default_factory=list)  # (candidate, form) for a reviewer

    @property
    def badge(self) -> str:
        return STATUS_BADGE.get(self.result.state, "")

    @property
    def needs_evidence(self) -> bool:
        return self.result.state in (s.MISSING, s.REVIEW_NEEDED)


@dataclass
class RowShown:
    row: RequirementRow
    words: str
    items: list[ItemShown]
    na_form: object = None  # the not-applicable form, for a reviewer

    @property
    def requirement(self) -> Requirement:
        return self.row.requirement

    @property
    def status(self) -> str:
        return self.row.status

    @property
    def badge(self) -> str:
        return STATUS_BADGE.get(self.row.status, "")

    @property
    def not_applicable(self) -> NotApplicable | None:
        return self.row.not_applicable


@dataclass
class FrameworkShown:
    coverage: FrameworkCoverage
    may_review: bool
    rows: list[RowShown] = field(default_factory=list)  # after the page's filter
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def framework(self):
        return self.coverage.framework

    @property
    def percentage(self) -> int | None:
        return self.coverage.percentage

    @property
    def anchor(self) -> str:
        return f"framework-{self.framework.key}"


def system_with_facts_get_for(user, *, system_id: str) -> AISystem:
    """One visible system annotated with what applicability reads; 404 for a missing
    and a forbidden one alike (one query)."""
    system = with_facts(systems_visible_to(user).filter(system_id=system_id)).first()
    if system is None:
        raise Http404("No such AI system.")
    return system


def system_compliance_for(
    user, system: AISystem, today: date, *, status: str = ""
) -> list[FrameworkShown]:
    """The frameworks that apply to the system (those with at least one applicable
    requirement, or a not-applicable finding), each with its rows in the framework's
    order, narrowed to `status` when one is given."""
    shown = []
    for coverage in coverage_for([system], today)[system.pk]:
        if not coverage.rows:
            continue
        subject = ReviewSubject(system, coverage.framework)
        frame = FrameworkShown(coverage, can(user, "compliance.evidence.review", subject))
        frame.counts = {key: coverage.count(key) for key in STATUS_ORDER}
        frame.rows = [
            _row_shown(row, system.system_id)
            for row in coverage.rows
            if not status or row.status == status
        ]
        shown.append(frame)
    return shown


def system_percentages_for(system: AISystem, today: date) -> list[FrameworkCoverage]:
    """The panel's figures: each framework with an applicable requirement."""
    return [c for c in coverage_for([system], today)[system.pk] if c.rows]


def _row_shown(row: RequirementRow, system_id: str) -> RowShown:
    items = [
        ItemShown(item, ITEM_WORDS.get(item.state, item.state), _produce_url(item, system_id))
        for item in row.items
    ]
    return RowShown(row, STATUS_WORDS.get(row.status, row.status), items)


def _produce_url(item: s.ItemResult, system_id: str) -> str:
    """Where the item's evidence is made. A document goes to the page that files its
    type (the organisation's page for a policy), with the type chosen."""
    if item.state == s.ACCEPTED:
        return ""
    kind = evidence_kind(item.kind)
    if kind is None:
        return ""
    if item.kind != "document":
        return kind.produce_url(system_id)
    spec = document_types().get(item.detail, {})
    url = reverse("compliance:documents") if spec.get("scope") == "organisation" else None
    return f"{url or kind.produce_url(system_id)}?{urlencode({'type': item.detail})}"


def documents_filed_for(system: AISystem | None) -> list[ComplianceDocument]:
    """The documents in force (not taken off) of one system, or of the whole
    organisation when `system` is None, by type then newest first (one query)."""
    rows = ComplianceDocument.objects.filter(removed_at__isnull=True).select_related(
        "evidence", "added_by"
    )
    rows = rows.filter(system=system) if system is not None else rows.filter(system__isnull=True)
    return list(rows.order_by("document_type", "-added_at", "-pk"))
