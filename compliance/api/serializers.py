"""Thin serializers of the compliance API: they shape what compliance's selectors return
(the frameworks in the library, and a system's coverage from coverage_for, the same
reader as the compliance page and the audit packs). No rule is decided here."""

from __future__ import annotations

from django.urls import NoReverseMatch
from rest_framework import serializers

from compliance.choices import FrameworkSource
from compliance.rules import status as s
from core.choices import Role
from core.evidence_kinds import evidence_kind

REQUIREMENT_STATUSES = [s.MET, s.REVIEW_NEEDED, s.PARTIAL, s.GAP, s.NOT_APPLICABLE]
ITEM_STATES = [s.ACCEPTED, s.REVIEW_NEEDED, s.AWAITING, s.MISSING]


class FrameworkSerializer(serializers.Serializer):
    """One version of a framework in the library."""

    id = serializers.IntegerField()
    key = serializers.CharField(help_text='e.g. "eu-ai-act"')
    version = serializers.CharField()
    name = serializers.CharField()
    source = serializers.ChoiceField(choices=FrameworkSource.choices)
    is_current = serializers.BooleanField(help_text="The version systems are assessed against.")
    scope = serializers.CharField(
        help_text="The regulation a system's scope must hold; blank: every system."
    )
    reviewer_role = serializers.ChoiceField(
        choices=Role.choices, help_text="Who accepts evidence for its requirements."
    )
    requirements = serializers.IntegerField(
        source="requirement_count", help_text="Assessable requirements."
    )


class EvidenceItemSerializer(serializers.Serializer):
    """An evidence item a requirement asks for (a typed reference, core.evidence_kinds)."""

    kind = serializers.CharField(help_text='e.g. "model_card", "control", "document"')
    detail = serializers.CharField(help_text="The control's key, card section, document type.")
    label = serializers.CharField()


class RequirementSerializer(serializers.Serializer):
    """A node of a framework's tree."""

    id = serializers.IntegerField()
    ref_id = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    parent = serializers.CharField(
        source="parent.ref_id",
        allow_null=True,
        default=None,
        help_text="The parent node's ref_id (null at the top).",
    )
    assessable = serializers.BooleanField(help_text="False for a grouping node.")
    applies = serializers.JSONField(
        help_text="Which systems it applies to: tiers, ai_act_categories, roles, "
        "personal_data, public_authority (every key given must hold)."
    )
    evidence = EvidenceItemSerializer(many=True)


class RecordSerializer(serializers.Serializer):
    """The record standing as the evidence (an approved card version, a passed gate...)."""

    type = serializers.CharField(help_text='The record\'s type, e.g. "cards.modelcardversion"')
    id = serializers.CharField()
    label = serializers.CharField()
    url = serializers.CharField(help_text="Where the record opens in the portal.")
    fingerprint = serializers.CharField(
        help_text="Changes with the record: an acceptance is bound to it."
    )


class ItemResultSerializer(serializers.Serializer):
    kind = serializers.CharField()
    detail = serializers.CharField()
    label = serializers.CharField()
    state = serializers.ChoiceField(choices=ITEM_STATES)
    record = RecordSerializer(allow_null=True, help_text="The accepted record, when one holds.")
    reason = serializers.CharField(
        help_text="Why it needs review, or why what was found no longer counts."
    )


class MissingSerializer(serializers.Serializer):
    """An item not accepted, and where the evidence is produced."""

    label = serializers.CharField()
    kind = serializers.CharField()
    state = serializers.ChoiceField(choices=ITEM_STATES)
    produce_url = serializers.CharField(help_text="The portal page where it is produced.")


class RequirementCoverageSerializer(serializers.Serializer):
    ref_id = serializers.CharField()
    title = serializers.CharField()
    status = serializers.ChoiceField(choices=REQUIREMENT_STATUSES)
    via = serializers.CharField(help_text="The crosswalk that lifted the status, if one did.")
    not_applicable = serializers.CharField(
        allow_null=True, help_text="The justification, when found not applicable."
    )
    evidence = ItemResultSerializer(many=True)
    missing = MissingSerializer(many=True)


class FrameworkCoverageSerializer(serializers.Serializer):
    framework = serializers.CharField(help_text="The framework's key.")
    framework_id = serializers.IntegerField()
    version = serializers.CharField()
    name = serializers.CharField()
    applicable = serializers.IntegerField()
    met = serializers.IntegerField()
    partial = serializers.IntegerField()
    review_needed = serializers.IntegerField()
    gaps = serializers.IntegerField()
    not_applicable = serializers.IntegerField()
    percentage = serializers.IntegerField(
        allow_null=True, help_text="Met over applicable; null when nothing applies."
    )
    requirements = RequirementCoverageSerializer(many=True)


class SystemCoverageSerializer(serializers.Serializer):
    system = serializers.CharField(help_text="The system's ID.")
    as_of = serializers.DateField(help_text="The day the coverage was computed for (today).")
    frameworks = FrameworkCoverageSerializer(many=True)


def _record(found) -> dict | None:
    if found is None:
        return None
    return {
        "type": found.record_type,
        "id": found.record_id,
        "label": found.label,
        "url": found.url,
        "fingerprint": found.fingerprint,
    }


def produce_url(kind_key: str, system_id: str) -> str:
    """Where the owning app produces evidence of this kind ("" for an unknown kind)."""
    kind = evidence_kind(kind_key)
    try:
        return kind.produce_url(system_id) if kind else ""
    except NoReverseMatch:  # the owning app's page is not wired in this deployment
        return ""


def _requirement(row, system_id: str) -> dict:
    items = row.items
    return {
        "ref_id": row.requirement.ref_id,
        "title": row.requirement.title,
        "status": row.status,
        "via": row.via,
        "not_applicable": row.not_applicable.justification if row.not_applicable else None,
        "evidence": [
            {
                "kind": i.kind,
                "detail": i.detail,
                "label": i.label,
                "state": i.state,
                "record": _record(i.record),
                "reason": i.reason,
            }
            for i in items
        ],
        "missing": [
            {
                "label": i.label or i.kind,
                "kind": i.kind,
                "state": i.state,
                "produce_url": produce_url(i.kind, system_id),
            }
            for i in items
            if i.state != s.ACCEPTED and row.status not in (s.MET, s.NOT_APPLICABLE)
        ],
    }


def coverage_data(system, coverages, today) -> dict:
    """A system's coverage (compliance.selectors.coverage.coverage_for) as the API
    answers it; the counts and percentage are FrameworkCoverage's, the page's."""
    return {
        "system": system.system_id,
        "as_of": today,
        "frameworks": [
            {
                "framework": c.framework.key,
                "framework_id": c.framework.pk,
                "version": c.framework.version,
                "name": c.framework.name,
                "applicable": c.applicable,
                "met": c.met,
                "partial": c.count(s.PARTIAL),
                "review_needed": c.count(s.REVIEW_NEEDED),
                "gaps": c.count(s.GAP),
                "not_applicable": c.count(s.NOT_APPLICABLE),
                "percentage": c.percentage,
                "requirements": [_requirement(row, system.system_id) for row in c.rows],
            }
            for c in coverages
        ],
    }
