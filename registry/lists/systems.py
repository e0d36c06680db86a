"""The AI system list, declared once for its page, its API list and its CSV export."""

from __future__ import annotations

import functools
from html import escape
from urllib.parse import quote

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    JSONField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, JSONObject
from django.urls import reverse
from django.utils.safestring import mark_safe

from core.lists import Column, ListSpec, api_column, api_time
from registry import choices as c
from registry.lists.system_filters import SystemFilter
from registry.models import AISystem, SystemControl, SystemVendorProduct
from registry.rules import TIER_ORDER

UNSET = "unclassified"
TIER_LABELS = dict(c.RiskTier.choices)
STAGE_LABELS = dict(c.LifecycleStage.choices)
AI_ACT_LABELS = dict(c.AIActCategory.choices)
# Tiers sort by severity, not by name; unclassified systems come last either way.
TIER_SEVERITY = Case(
    *[When(risk_tier=tier, then=Value(i)) for i, tier in enumerate(TIER_ORDER, start=1)],
    default=None,
    output_field=IntegerField(),
)


# The active controls a system counts, by what the count means (required: all of them).
CONTROL_COUNTED = {
    "required": Q(),
    "implemented": Q(status=c.ControlStatus.IMPLEMENTED),
    "in_progress": Q(status=c.ControlStatus.IN_PROGRESS),
    "not_applicable": Q(status=c.ControlStatus.NOT_APPLICABLE),
}


def _active_controls():
    return (
        SystemControl.objects.filter(system=OuterRef("pk"), retired_at__isnull=True)
        .order_by()
        .values("system")
    )


def _active_control_count(counted: Q) -> Coalesce:
    count = _active_controls().annotate(n=Count("pk", filter=counted)).values("n")
    return Coalesce(Subquery(count, output_field=IntegerField()), 0)


# Built once: the expressions are templates that every annotate() copies, and
# building them per request was a fifth of a list request's time.
# One system (its page, the API's detail): one count each, as model attributes.
CONTROL_COUNTS = {f"controls_{key}": _active_control_count(q) for key, q in CONTROL_COUNTED.items()}


def _list_control_counts() -> RawSQL:
    """All four counts in one correlated subquery, as one JSON object.

    Written as SQL because the ORM's Subquery(JSONObject(...)) cost about a millisecond
    to resolve and compile on every list request, a tenth of the list's budget. An
    aggregate without GROUP BY always returns one row, so no system reads NULL.
    """
    counts = ", ".join(
        f"'{key}', COUNT(*)" + (" FILTER (WHERE c.status = %s)" if q else "")
        for key, q in CONTROL_COUNTED.items()
    )
    statuses = [value for q in CONTROL_COUNTED.values() for _field, value in q.children]
    sql = (
        f"SELECT jsonb_build_object({counts}) FROM {SystemControl._meta.db_table} c "
        f'WHERE c.system_id = "{AISystem._meta.db_table}"."id" AND c.retired_at IS NULL'
    )
    return RawSQL(sql, statuses, output_field=JSONField())


# A list: all four in one subquery (see _list_control_counts).
# The vendor products a system uses now, as [{id, vendor, name}] (issue 9 part 4).
VENDOR_PRODUCTS = ArraySubquery(
    SystemVendorProduct.objects.filter(system=OuterRef("pk"), removed_at__isnull=True)
    .order_by("product__vendor__name", "product__name")
    .values(json=JSONObject(id="product_id", vendor="product__vendor__name", name="product__name"))
)
LIST_CONTROL_COUNTS = {"control_counts": _list_control_counts(), "vendor_products": VENDOR_PRODUCTS}
NO_CONTROLS = dict.fromkeys(CONTROL_COUNTED, 0)


@functools.cache
def _system_url_parts() -> tuple[str, str]:
    """The system page's URL around its ID, reversed once rather than once a row."""
    return tuple(reverse("registry:system_detail", args=["SYS-0"]).split("SYS-0"))


def system_url(system_id: str) -> str:
    """/systems/SYS-001/, without reversing the URL once a row."""
    start, end = _system_url_parts()
    return f"{start}{quote(system_id)}{end}"


def system_link(row, _context) -> str:
    return f'<a href="{system_url(row["system_id"])}">{escape(row["system_id"])}</a>'


def tier_badge(tier: str) -> str:
    """The risk tier as text in a badge (never colour alone)."""
    label = TIER_LABELS.get(tier, "Unclassified")
    return mark_safe(  # noqa: S308 - the class and label are our own choice constants
        f'<span class="badge badge-tier badge-tier-{escape(tier or UNSET)}">{escape(label)}</span>'
    )


def ai_act_badge(category: str) -> str:
    """The EU AI Act category in a badge, as the system page shows it (prohibited in red)."""
    return (
        f'<span class="badge badge-ai-act badge-ai-act-{escape(category)}">'
        f"{escape(AI_ACT_LABELS.get(category, category))}</span>"
    )


def control_counts(row) -> dict[str, int]:
    return row["control_counts"] or NO_CONTROLS  # no active control: no row to count


def controls_summary(row, _context) -> dict[str, int]:
    counts = control_counts(row)
    met = counts["implemented"] + counts["in_progress"] + counts["not_applicable"]
    return {**counts, "missing": counts["required"] - met}


def _text(key: str, joiner: str = ""):
    """The row's value as is for the API; joined or blank-for-None in the CSV."""
    if joiner:
        return lambda row, _context: joiner.join(row[key])
    return lambda row, _context: "" if row[key] is None else str(row[key])


def _vendor_products_text(row, _context) -> str:
    return "; ".join(f"{p['vendor']} {p['name']}" for p in row["vendor_products"] or [])


def _iso(key: str):
    return lambda row, _context: row[key].isoformat() if row[key] else ""


# What a reviewer scans for comes first, so a phone shows it without scrolling: the
# system, its risk tier and score; then the team that owns it (a page-only column).
COLUMNS = (
    Column("system_id", "System ID", cell=system_link, sort="system_id", row_header=True),
    Column("name", "Name", sort="name"),
    api_column(
        "owner_team",
        fields=("owner_team__slug", "owner_team__name"),
        value=lambda row, _: row["owner_team__slug"],
        text=lambda row, _: row["owner_team__name"],
    ),
    Column(
        "risk_tier",
        "Tier",
        value=lambda row, _: row["risk_tier"] or None,
        text=lambda row, _: row["risk_tier"] or UNSET,
        cell=lambda row, _: tier_badge(row["risk_tier"]),
        sort=TIER_SEVERITY,
    ),
    Column(
        "risk_score",
        "Score",
        cell=lambda row, _: "—" if row["risk_score"] is None else str(row["risk_score"]),
        sort=F("risk_score"),  # unscored systems last either way
        css="num",
    ),
    Column("owner_team__name", "Team", sort="owner_team__name", api=False, exported=False),
    Column(
        "lifecycle_stage",
        "Stage",
        cell=lambda row, _: escape(STAGE_LABELS.get(row["lifecycle_stage"], "")),
        sort="lifecycle_stage",
    ),
    Column(
        "ai_act_category",
        "EU AI Act",
        cell=lambda row, _: ai_act_badge(row["ai_act_category"]),
    ),
    Column(
        "controls_implemented_of_required",
        "Controls implemented",
        fields=("control_counts",),
        cell=lambda row, _: "{implemented} of {required}".format(**control_counts(row)),
        css="num",
        api=False,
        exported=False,
    ),
    Column(
        "reclassification_needed",
        "Re-classification",
        cell=lambda row, _: (
            '<span class="badge badge-warning">Re-classification needed</span>'
            if row["reclassification_needed"]
            else '<span class="visually-hidden">Not needed</span>'
        ),
    ),
    api_column("reclassification_reasons", text=_text("reclassification_reasons", "; ")),
    api_column("ai_act_annex_area"),
    api_column("regulatory_scope", text=_text("regulatory_scope", ";")),
    api_column("processes_eu_personal_data"),
    api_column("legal_effect_decisions"),
    api_column("description", exported=False),
    api_column("intended_uses", exported=False),
    api_column("prohibited_uses", exported=False),
    api_column("user_population", exported=False),
    api_column("decision_type", exported=False),
    api_column("deployment_scale", exported=False),
    api_column("model_version"),
    api_column(
        "vendor_products",
        value=lambda row, _: row["vendor_products"] or [],
        text=lambda row, _: "; ".join(
            f"{p['vendor']} {p['name']}" for p in row["vendor_products"] or []
        ),
    ),
    api_column("deployment_date", value=lambda row, _: _iso("deployment_date")(row, _) or None),
    api_column("gate_status"),
    api_column(
        "incident_contact_user",
        fields=("incident_contact_user__email", "incident_contact_user__full_name"),
        value=lambda row, _: row["incident_contact_user__email"],
        text=lambda row, _: (
            row["incident_contact_user__full_name"] or row["incident_contact_user__email"] or ""
        ),
    ),
    api_column(
        "incident_contact_team",
        fields=("incident_contact_team__slug", "incident_contact_team__name"),
        value=lambda row, _: row["incident_contact_team__slug"],
        text=lambda row, _: row["incident_contact_team__name"] or "",
    ),
    api_column("incident_contact"),
    api_column("ai_act_role"),
    api_column("eu_database_number"),
    api_column("controls", fields=("control_counts",), value=controls_summary, exported=False),
    api_column(
        "controls_required",
        fields=("control_counts",),
        api=False,
        text=lambda row, _: str(control_counts(row)["required"]),
    ),
    api_column(
        "controls_implemented",
        fields=("control_counts",),
        api=False,
        text=lambda row, _: str(control_counts(row)["implemented"]),
    ),
    api_column("created_at", value=lambda row, _: api_time(row["created_at"]), exported=False),
    api_column(
        "updated_at",
        value=lambda row, _: api_time(row["updated_at"]),
        text=_iso("updated_at"),
        sort="updated_at",
    ),
)

SYSTEM_LIST = ListSpec(
    name="registry.aisystem",
    filterset=SystemFilter,
    columns=COLUMNS,
    default_ordering="system_id",
    tie_breaker="system_id",
    filename="ai-systems",
    caption="AI systems",
    annotations=LIST_CONTROL_COUNTS,
)
