"""The breach register (GDPR Art. 33(5)): every personal-data breach, notified or not,
with its facts, effects and remedial action, whether and when the supervisory
authority was notified, or the DPO's reasons for not notifying. Declared once for its
page, its CSV/XLSX export (core list kit).

Query parameters (blank means any):
  q          words in the incident ID or title
  system     a system ID, e.g. SYS-001
  nature     destruction | loss | alteration | disclosure | access
  notified   notified | not_needed (the DPO decided: unlikely to result in a risk)
             | pending (neither yet)
  eu         true | false: EU residents affected
"""

from __future__ import annotations

from django.db.models import CharField, Exists, F, Min, OuterRef, QuerySet, Subquery
from django.db.models.functions import Cast

from core.lists import (
    Column,
    ListFilterSet,
    ListSpec,
    PlainChoiceFilter,
    StrictBooleanFilter,
    local_time_text,
    time_column,
)
from core.models import Deadline
from incidents import choices as c
from incidents.contributions import deadline_kind
from incidents.lists.incident import (
    STATUS_LABELS,
    SYSTEM_COLUMN,
    breach_nature_text,
    incident_id_cell,
    incident_search_filter,
    system_id_filter,
)
from incidents.models import Incident, IncidentNotification

GDPR = c.ClockKind.GDPR_72H
NOTIFIED_CHOICES = [
    ("notified", "Notified to the authority"),
    ("not_needed", "Not notified: unlikely to result in a risk"),
    ("pending", "Neither yet"),
]


def _gdpr_reports():
    """The GDPR reports sent to the supervisory authority, per incident."""
    return IncidentNotification.objects.filter(
        incident=OuterRef("pk"),
        audience=c.Audience.REGULATOR,
        regime=GDPR,
        sent_at__isnull=False,
    ).order_by()


NOTIFIED_AT = Subquery(
    _gdpr_reports().values("incident").annotate(first=Min("sent_at")).values("first")[:1]
)
NOTIFIED_REFERENCE = Subquery(_gdpr_reports().order_by("sent_at", "pk").values("reference")[:1])
GDPR_DUE = Subquery(
    Deadline.objects.filter(
        subject_type__app_label="incidents",
        subject_type__model="incident",
        subject_id=Cast(OuterRef("pk"), CharField()),
        kind=deadline_kind(GDPR),
    )
    .order_by("-pk")
    .values("due_at")[:1]
)


class BreachFilter(ListFilterSet):
    q = incident_search_filter()
    system = system_id_filter()
    nature = PlainChoiceFilter("Nature", c.BreachNature.choices, method="filter_nature")
    notified = PlainChoiceFilter("Notification", NOTIFIED_CHOICES, method="filter_notified")
    eu = StrictBooleanFilter(label="EU residents affected", field_name="eu_residents_affected")

    class Meta:
        model = Incident
        fields: list[str] = []

    def filter_nature(self, qs: QuerySet, _name: str, value: str) -> QuerySet:
        return qs.filter(breach_nature__contains=[value])

    def filter_notified(self, qs: QuerySet, _name: str, value: str) -> QuerySet:
        notified = Exists(_gdpr_reports())
        if value == "notified":
            return qs.filter(notified)
        if value == "not_needed":
            return qs.filter(gdpr_no_risk_at__isnull=False)
        return qs.filter(~notified, gdpr_no_risk_at__isnull=True)


def notification_words(row, context) -> str:
    """Notified or not, and when, or why not, in words (the page and the export)."""
    if row["notified_at"]:
        reference = f", reference {row['notified_reference']}" if row["notified_reference"] else ""
        return f"Notified {local_time_text(row['notified_at'], context)}{reference}"
    if row["gdpr_no_risk_at"]:
        return (
            f"Not notified: the DPO decided on {local_time_text(row['gdpr_no_risk_at'], context)}"
            f" it is unlikely to result in a risk. Reasons: {row['gdpr_no_risk_reasons']}"
        )
    if not row["eu_residents_affected"]:
        return "No EU residents recorded as affected: GDPR notification not required"
    if row["gdpr_due_at"]:
        return f"Not yet notified (due {local_time_text(row['gdpr_due_at'], context)})"
    return "Not yet notified"


def _time(key: str, label: str, **kw) -> Column:
    def text(row, context) -> str:
        return local_time_text(row[key], context)

    return time_column(key, label, sort=F(key), text=text, **kw)


NOTIFICATION_FIELDS = (
    "notified_at",
    "notified_reference",
    "gdpr_no_risk_at",
    "gdpr_no_risk_reasons",
    "eu_residents_affected",
    "gdpr_due_at",
)

BREACH_LIST = ListSpec(
    name="incidents.breach",
    filterset=BreachFilter,
    # Where each breach stands and whether the authority was told come first, so a
    # phone shows them without scrolling; the facts of the breach follow.
    columns=(
        Column(
            "incident_id", "Incident", cell=incident_id_cell, sort="incident_id", row_header=True
        ),
        Column("title", "Title", sort="title"),
        Column(
            "status",
            "Status",
            cell=lambda row, _: STATUS_LABELS[row["status"]],
            text=lambda row, _: str(c.IncidentStatus(row["status"]).label),
            sort="status",
        ),
        Column(
            "notification",
            "Notified to the authority",
            fields=NOTIFICATION_FIELDS,
            text=notification_words,
            value=notification_words,
            sort=F("notified_at"),
        ),
        SYSTEM_COLUMN,
        _time("discovered_at", "Discovered"),
        _time("personal_data_aware_at", "Aware of the breach"),
        Column(
            "breach_nature",
            "Nature",
            text=breach_nature_text,
            value=lambda row, _: list(row["breach_nature"] or []),
        ),
        Column("eu_residents_affected", "EU residents affected", page=False),
        Column(
            "affected_people_estimate",
            "People (approx.)",
            sort="affected_people_estimate",
            css="num",
        ),
        Column("affected_records_estimate", "Records (approx.)", page=False),
        Column("data_subject_categories", "Categories of people", page=False),
        Column("personal_data_categories", "Categories of personal data", page=False),
        Column("description", "Facts", page=False),
        Column("likely_consequences", "Effects (likely consequences)", page=False),
        Column("measures_taken", "Remedial action", page=False),
        _time("notified_at", "Notified at", page=False),
        _time("gdpr_no_risk_at", "DPO decided: unlikely to result in a risk", page=False),
        Column("gdpr_no_risk_reasons", "Reasons for not notifying", page=False),
    ),
    default_ordering="-personal_data_aware_at",
    tie_breaker="-id",
    filename="breach-register",
    caption="Breach register",
    annotations={
        "notified_at": NOTIFIED_AT,
        "notified_reference": NOTIFIED_REFERENCE,
        "gdpr_due_at": GDPR_DUE,
    },
)
