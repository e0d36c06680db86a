"""The incident list, declared once for its page, its API list and its CSV export.

Query parameters (blank means any, see core.lists):
  type       an incident type (safety_violation, ..., availability)
  severity   critical | high | medium | low
  status     reported | triaged | contained | resolved | closed
  system     a system ID, e.g. SYS-001
  clock      a clock kind running now (triage, ..., gdpr_72h, ai_act_art73)
  q          words in the incident ID or title

The context carries `now` (breached or not) and `time_zone` (the table's times).
"""

from __future__ import annotations

from datetime import datetime
from html import escape

import django_filters
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.db.models import (
    CharField,
    DurationField,
    Exists,
    OuterRef,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Cast, JSONObject

from core.clocks.rules import warning_state, warning_times
from core.lists import (
    Column,
    ListFilterSet,
    ListSpec,
    PlainChoiceFilter,
    WordSearchFilter,
    api_time,
    local_time_text,
    time_column,
)
from core.models import Deadline
from core.widgets import PlainTextInput
from incidents import choices as c
from incidents.contributions import PREFIX, incident_link
from incidents.models import Incident

TYPE_LABELS = {k: escape(str(v)) for k, v in c.IncidentType.choices}
SEVERITY_LABELS = {k: escape(str(v)) for k, v in c.Severity.choices}
STATUS_LABELS = {k: escape(str(v)) for k, v in c.IncidentStatus.choices}


# The incidents' content type as an uncorrelated subquery, which PostgreSQL reads once a
# query (an InitPlan): joined by app label and model inside each correlated subquery, it
# was read three times a row, 150 times for a page of the API at an enterprise's size.
INCIDENT_TYPE = Subquery(
    ContentType.objects.filter(app_label="incidents", model="incident").values("pk")
)


def _clocks_of_incident():
    """The incident's clocks that apply (not cancelled), as a correlated subquery."""
    return Deadline.objects.filter(
        subject_type=INCIDENT_TYPE,
        subject_id=Cast(OuterRef("pk"), CharField()),
        kind__startswith=PREFIX,
        cancelled_at__isnull=True,
    ).order_by()


def _running(kind: str | None = None):
    running = _clocks_of_incident().filter(met_at__isnull=True)
    return running.filter(kind=f"{PREFIX}{kind}") if kind else running


# The first running clock, soonest due (an ordered read of one row, not an aggregate).
NEXT_DUE = Subquery(_running().order_by("due_at", "pk").values("due_at")[:1])
# The warning offsets of that same clock (the first running one, soonest due): its
# countdown's colours come from them (core.clocks.rules.warning_times).
NEXT_WARN_BEFORE = Subquery(
    _running().order_by("due_at", "pk").values("warn_before")[:1],
    output_field=ArrayField(DurationField()),
)
CLOCKS = ArraySubquery(
    _clocks_of_incident()
    .order_by("due_at", "pk")
    .values(json=JSONObject(kind="kind", due_at="due_at", met_at="met_at"))
)


def incident_search_filter() -> WordSearchFilter:
    """`q`: every word in the incident ID or the title (the incident list and the breach
    register)."""
    return WordSearchFilter("incident_id", "title")


def system_id_filter() -> django_filters.CharFilter:
    """`system`: the incident's system, by its ID (SYS-001)."""
    return django_filters.CharFilter(
        label="System ID",
        field_name="system__system_id",
        lookup_expr="iexact",
        max_length=20,
        widget=PlainTextInput,
    )


class IncidentFilter(ListFilterSet):
    q = incident_search_filter()
    type = PlainChoiceFilter("Type", c.IncidentType.choices)
    severity = PlainChoiceFilter("Severity", c.Severity.choices)
    status = PlainChoiceFilter("Status", c.IncidentStatus.choices)
    system = system_id_filter()
    clock = PlainChoiceFilter("Running clock", c.ClockKind.choices, method="filter_clock")

    class Meta:
        model = Incident
        fields: list[str] = []

    def filter_clock(self, qs: QuerySet, _name: str, value: str) -> QuerySet:
        return qs.filter(Exists(_running(value)))


def _parsed(value) -> datetime | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def api_clocks(row, context) -> list[dict]:
    """`clocks` as the issue asks: kind, due_at, met_at, breached (ISO 8601 UTC)."""
    now, shown = context["now"], []
    for clock in row["clocks"] or []:
        due_at, met_at = _parsed(clock["due_at"]), _parsed(clock["met_at"])
        shown.append(
            {
                "kind": clock["kind"].removeprefix(PREFIX),
                "due_at": api_time(due_at),
                "met_at": api_time(met_at),
                "breached": (met_at or now) > due_at,
            }
        )
    return shown


def _iso(key: str):
    return lambda row, _context: row[key].isoformat() if row[key] else ""


def _time(key: str, label: str, **kw) -> Column:
    return time_column(key, label, text=_iso(key), **kw)


def _email(key: str, label: str) -> Column:
    """Who set a moment: their e-mail in the API and the export."""
    return Column(
        key,
        label,
        fields=(f"{key}__email",),
        page=False,
        value=lambda row, _: row[f"{key}__email"],
    )


NATURE_LABELS = dict(c.BreachNature.choices)


def breach_nature_text(row, _context) -> str:
    """The breach's nature in words ("Lost; Altered"), for exports and pages."""
    return "; ".join(str(NATURE_LABELS.get(v, v)) for v in row["breach_nature"] or [])


def incident_id_cell(row, _context) -> str:
    """The incident's ID, linking its page (the incident list and the breach register)."""
    return f'<a href="{escape(incident_link(row["incident_id"]))}">{escape(row["incident_id"])}</a>'


SYSTEM_COLUMN = Column(
    "system",
    "System",
    fields=("system__system_id",),
    value=lambda row, _: row["system__system_id"],
    sort="system__system_id",
)


def _next_due_cell(row, context) -> str:
    due = row["next_due_at"]
    if due is None:
        return "—"
    overdue = " clock-breached" if due <= context["now"] else ""
    # The colours come from the clock's own warning offsets, as on every countdown.
    warnings = warning_times(due, row["next_warn_before"] or [])
    moments = "".join(
        f' data-{name}="{escape(at.isoformat())}"'
        for name, at in (("warn-at", warnings.warn_at), ("risk-at", warnings.at_risk_at))
        if at is not None
    )
    state = warning_state(warnings, due, context["now"])
    return (
        f'<time class="countdown{overdue}" datetime="{escape(due.isoformat())}"{moments}'
        f' data-state="{state}">{escape(local_time_text(due, context))}</time>'
    )


INCIDENT_LIST = ListSpec(
    name="incidents.incident",
    filterset=IncidentFilter,
    # How bad, where it stands and which clock runs out next come right after the ID (which
    # links the incident), so a phone shows them without scrolling; the title, system,
    # type and discovery time follow.
    columns=(
        Column("incident_id", "ID", cell=incident_id_cell, sort="incident_id", row_header=True),
        Column(
            "severity",
            "Severity",
            sort="severity",
            cell=lambda row, _: (
                f'<span class="badge badge-severity-{escape(row["severity"])}">'
                f"{SEVERITY_LABELS[row['severity']]}</span>"
            ),
        ),
        Column("status", "Status", cell=lambda row, _: STATUS_LABELS[row["status"]], sort="status"),
        # The table's countdown is coloured by the clock's warning offsets; the API and the
        # export give its time only, and so spare each row a subquery for the offsets.
        Column(
            "next_due_at",
            "Next clock due",
            fields=("next_due_at", "next_warn_before"),
            sort="next_due_at",
            css="nowrap",
            cell=_next_due_cell,
            api=False,
            exported=False,
        ),
        Column(
            "next_due_at",
            "Next clock due",
            sort="next_due_at",
            page=False,
            value=lambda row, _: api_time(row["next_due_at"]),
            text=_iso("next_due_at"),
        ),
        Column("title", "Title", sort="title"),
        SYSTEM_COLUMN,
        Column("type", "Type", cell=lambda row, _: TYPE_LABELS[row["type"]], sort="type"),
        _time("discovered_at", "Discovered"),
        Column("description", "Description", page=False),
        Column("affected_people_estimate", "People affected (estimate)", page=False),
        Column("eu_residents_affected", "EU residents affected", page=False),
        Column("personal_data_exposed", "Personal data exposed", page=False),
        Column("death", "A person died", page=False),
        Column(
            "critical_infrastructure_disruption", "Critical infrastructure disrupted", page=False
        ),
        Column("widespread_infringement", "Widespread infringement", page=False),
        Column("other_serious_harm", "Other serious harm", page=False),
        Column(
            "breach_nature",
            "Nature of the personal-data breach",
            page=False,
            value=lambda row, _: list(row["breach_nature"] or []),
            text=breach_nature_text,
        ),
        _time("personal_data_aware_at", "Aware that personal data was affected", page=False),
        _email("personal_data_aware_by", "Set by (personal data)"),
        _time("serious_incident_aware_at", "Aware that the incident is serious", page=False),
        _email("serious_incident_aware_by", "Set by (serious incident)"),
        _time("gdpr_no_risk_at", "DPO decided: unlikely to result in a risk", page=False),
        Column("gdpr_no_risk_reasons", "Reasons for not notifying", page=False),
        Column(
            "lead",
            "Lead",
            fields=("lead__email",),
            page=False,
            value=lambda row, _: row["lead__email"],
        ),
        _time("reported_at", "Reported", page=False),
        Column("clocks", "Clocks", page=False, exported=False, value=api_clocks),
    ),
    default_ordering="-discovered_at",
    tie_breaker="-id",
    filename="incidents",
    caption="Incidents",
    annotations={"next_due_at": NEXT_DUE, "next_warn_before": NEXT_WARN_BEFORE, "clocks": CLOCKS},
)
