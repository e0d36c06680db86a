"""The vendor and assessment lists, declared once for their pages, the API lists and the
CSV export (core.lists).

Query parameters (blank means any):
  vendors:      q (words in the name)
  assessments:  q (words in the vendor or product name), vendor (id), product (id),
                status, risk_tier, use_approved (true/false)
"""

from __future__ import annotations

from html import escape

import django_filters
from django import forms
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Count, OuterRef
from django.db.models.functions import JSONObject
from django.urls import reverse

from core.lists import (
    Column,
    ListFilterSet,
    ListSpec,
    StrictBooleanFilter,
    WordSearchFilter,
    time_column,
)
from core.widgets import PlainSelect
from vendors import choices as c
from vendors.models import Assessment, AssessmentEvidence, Vendor, VendorProduct
from vendors.services.assessments import ANSWER_FIELDS

ID_MAX = 2**63 - 1  # the largest id PostgreSQL's bigint holds
STATUS_LABELS = dict(c.AssessmentStatus.choices)
TIER_LABELS = dict(c.RiskTier.choices)


def _renamed(key: str, label: str, source: str, **kw) -> Column:
    """A column shown under `key` that reads the selected value `source` (a related
    row's field, or an id under the API's name)."""
    return Column(key, label, fields=(source,), value=lambda row, _: row[source], **kw)


def _related_rows(key: str, label: str, source: str) -> Column:
    """The API's array of related rows, read in the list's one query (none: [])."""
    return Column(
        key,
        label,
        fields=(source,),
        page=False,
        exported=False,
        value=lambda row, _: row[source] or [],
    )


class VendorFilter(ListFilterSet):
    q = WordSearchFilter("name")

    class Meta:
        model = Vendor
        fields: list[str] = []


def vendor_link(row, _context) -> str:
    url = reverse("vendors:vendor_detail", args=[row["id"]])
    return f'<a href="{url}">{escape(row["name"])}</a>'


PRODUCTS = ArraySubquery(
    VendorProduct.objects.filter(vendor=OuterRef("pk"))
    .order_by("name", "pk")
    .values(json=JSONObject(id="pk", name="name", kind="kind"))
)

VENDOR_LIST = ListSpec(
    name="vendors.vendor",
    filterset=VendorFilter,
    columns=(
        Column("id", "ID", sort="id", page=False),
        Column(
            "name", "Vendor", sort="name", row_header=True, cell=vendor_link, fields=("id", "name")
        ),
        Column("website", "Website"),
        Column("product_count", "Products", sort="product_count"),
        Column("notes", "Notes", page=False),
        _related_rows("products", "Products (list)", "product_list"),
    ),
    default_ordering="name",
    tie_breaker="id",
    filename="vendors",
    caption="Vendors",
    annotations={"product_count": Count("products"), "product_list": PRODUCTS},
)


class IdFilter(django_filters.NumberFilter):
    """A row's id: a whole number from 1 (a decimal, an exponent or a word is a 400
    naming the parameter); the API schema declares it an integer in the same range."""

    field_class = forms.IntegerField

    def __init__(self, label: str, field_name: str):
        super().__init__(label=label, field_name=field_name, min_value=1, max_value=ID_MAX)


class AssessmentFilter(ListFilterSet):
    q = WordSearchFilter("product__name", "product__vendor__name")
    vendor = IdFilter("Vendor id", "product__vendor_id")
    product = IdFilter("Product id", "product_id")
    status = django_filters.ChoiceFilter(
        label="Status", choices=c.AssessmentStatus.choices, widget=PlainSelect
    )
    risk_tier = django_filters.ChoiceFilter(
        label="Risk tier", choices=c.RiskTier.choices, widget=PlainSelect
    )
    use_approved = StrictBooleanFilter(label="Use approved")

    class Meta:
        model = Assessment
        fields: list[str] = []


EVIDENCE = ArraySubquery(
    AssessmentEvidence.objects.filter(assessment=OuterRef("pk"))
    .order_by("-added_at", "-pk")
    .values(
        json=JSONObject(
            id="evidence_id",
            kind="kind",
            name="evidence__safe_name",
            sha256="evidence__sha256",
            applies_from="evidence__applies_from",
            expires_on="evidence__expires_on",
        )
    )
)


def api_findings(row, _context) -> list[dict]:
    return [
        {"issue": f["issue"], "severity": f["severity"], "points": f["points"]}
        for f in row["findings"] or []
    ]


def _findings_text(row, _context) -> str:
    return "; ".join(f"{f['issue']} ({f['severity']})" for f in row["findings"] or [])


def _decimal(key: str, label: str) -> Column:
    return Column(
        key,
        label,
        page=False,
        value=lambda row, _: None if row[key] is None else f"{row[key]:.3f}",
    )


def _answer(name: str) -> Column:
    if name == "sla_uptime_percentage":
        return _decimal(name, "SLA uptime %")
    label = Assessment._meta.get_field(name).verbose_name
    return Column(name, str(label)[:1].upper() + str(label)[1:], page=False)


ASSESSMENT_LIST = ListSpec(
    name="vendors.assessment",
    filterset=AssessmentFilter,
    columns=(
        Column("id", "ID", sort="id", row_header=True),
        _renamed("vendor", "Vendor", "product__vendor__name", sort="product__vendor__name"),
        _renamed("product", "Product id", "product_id", page=False),
        _renamed("product_name", "Product", "product__name", sort="product__name"),
        Column(
            "status",
            "Status",
            sort="status",
            cell=lambda row, _: escape(STATUS_LABELS.get(row["status"], row["status"])),
        ),
        Column("reason", "Reason", page=False),
        *(_answer(name) for name in ANSWER_FIELDS),
        Column("risk_score", "Score", sort="risk_score"),
        Column(
            "risk_tier",
            "Tier",
            sort="risk_tier",
            value=lambda row, _: row["risk_tier"] or None,
            cell=lambda row, _: escape(TIER_LABELS.get(row["risk_tier"], "—")),
        ),
        Column("recommendation", "Recommendation", page=False),
        Column("findings", "Findings", page=False, value=api_findings, text=_findings_text),
        Column("use_approved", "Use approved", sort="use_approved"),
        _renamed("assessor", "Assessor", "assessor__email", page=False),
        time_column("created_at", "Started", page=False),
        time_column("scored_at", "Scored"),
        _renamed("ciso_approved_by", "CISO approval by", "ciso_approved_by__email", page=False),
        time_column("ciso_approved_at", "CISO approved", page=False),
        Column("ciso_comment", "CISO comment", page=False),
        Column("remediation_plan", "Remediation plan", page=False),
        time_column("remediation_done_at", "Remediation done", page=False),
        Column(
            "remediation_due_on",
            "Remediation due",
            page=False,
            value=lambda row, _: (
                row["remediation_due_on"].isoformat() if row["remediation_due_on"] else None
            ),
        ),
        _related_rows("evidence", "Evidence", "evidence_files"),
    ),
    default_ordering="-created_at",
    tie_breaker="-id",
    filename="vendor-assessments",
    caption="Vendor assessments",
    annotations={"evidence_files": EVIDENCE},
)
