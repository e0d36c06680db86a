"""The regulatory clocks page draws its rows in Python (incidents/templatetags/
incident_clock_rows.py) for speed at 50 rows a page: what the DPO sees must be what the
shared components draw (incidents/_when.html, incidents/_countdown.html and
components/countdown.html), in any zone, for every state a clock can be in; and the page
keeps its number of queries whatever the number of clocks."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.template import engines
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.models import Deadline
from incidents.choices import ClockKind
from incidents.models import Incident
from incidents.selectors.incident import Clock, ClockIncident, ClockSystem, RegulatoryClock
from incidents.templatetags.incident_clock_rows import regulatory_clock_row
from tests.factories import IncidentFactory

# The row as the page drew it through the components before (commit b622b6b).
COMPONENT_ROW = engines["django"].from_string(
    """{% with incident=row.incident clock=row.clock %}<tr class="{% if clock.breached and not clock.met_at %}clock-row-breached{% endif %}" data-clock="{{ clock.kind }}"><td class="nowrap">{% include "incidents/_when.html" with at=clock.due_at %}</td><td>{% include "incidents/_countdown.html" %}</td><th scope="row" class="wide"><a href="{% url 'incidents:detail' incident.incident_id %}">{{ incident.incident_id }}</a> {{ incident.title }}</th><td>{{ clock.kind.label }}{% if clock.breached %} <span class="badge badge-danger">Breached</span>{% endif %}</td><td>{{ incident.system.system_id }} {{ incident.system.name }}</td><td>{% if clock.met_at %}{% include "incidents/_when.html" with at=clock.met_at %}{% if clock.met_by %} by {{ clock.met_by }}{% endif %}{% else %}<span class="muted">running</span>{% endif %}</td></tr>{% endwith %}"""  # noqa: E501
)
DUE = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)  # the night Europe moves its clocks on
REPEATED = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 02:30 in Paris, an hour it goes back to


def _row(*, state="ok", met_at=None, met_by="", breached=False, kind=ClockKind.GDPR_72H, due=DUE):
    system = ClockSystem(system_id="SYS-007", name='Screener <"v2"> & co')
    incident = ClockIncident(42, "INC-0042", "Names <b>shown</b> & leaked", system)
    clock = Clock(
        kind=kind,
        label="GDPR",
        due_at=due,
        met_at=met_at,
        met_by=met_by,
        breached=breached,
        remaining=timedelta(hours=1),
        owner="Dee",
        deadline_id=1,
        warn_at=due - timedelta(hours=24) if state != "bare" else None,
        at_risk_at=due - timedelta(hours=6) if state != "bare" else None,
        state="ok" if state == "bare" else state,
    )
    return RegulatoryClock(incident, clock)


def _squeezed(html: str) -> str:
    return html.replace("\n", "")  # the newline that ends each component's file


ROWS = {
    "running, ok": _row(),
    "running, no warnings": _row(state="bare"),
    "running, due soon": _row(state="warning"),
    "running, at risk": _row(state="urgent", kind=ClockKind.AI_ACT_ART73),
    "running, breached": _row(state="breached", breached=True),
    "met in time": _row(met_at=DUE - timedelta(hours=2), met_by="Dee <Pio>"),
    "met late, by nobody named": _row(met_at=DUE + timedelta(days=1), breached=True),
    "due in an hour that comes twice": _row(due=REPEATED, met_at=REPEATED - timedelta(hours=1)),
}


@pytest.mark.parametrize("zone", ["UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata"])
@pytest.mark.parametrize("case", sorted(ROWS))
def test_a_row_is_what_the_components_draw(case, zone):
    row = ROWS[case]
    with timezone.override(zone):
        expected = _squeezed(COMPONENT_ROW.render({"row": row}))
        drawn = regulatory_clock_row(row)
    assert drawn == expected
    assert "<b>" not in drawn and "&lt;b&gt;shown&lt;/b&gt; &amp; leaked" in drawn


@pytest.mark.django_db
def test_the_clocks_page_costs_the_same_queries_at_one_clock_and_at_fifty(client, personas):
    subject = ContentType.objects.get_for_model(Incident)
    now = timezone.now()

    def clocks_page_queries(count: int) -> tuple[int, str]:
        for n in range(count):
            incident = IncidentFactory(title=f"Clock case {n:02d}")
            Deadline.objects.create(
                subject_type=subject,
                subject_id=str(incident.pk),
                label=f"{incident.incident_id} GDPR",
                kind="incidents.gdpr_72h",
                due_at=now + timedelta(hours=n - 3),
                owner=personas.dpo,
            )
        with CaptureQueriesContext(connection) as queries:
            html = client.get("/incidents/clocks/").content.decode()
        return len(queries), html

    client.force_login(personas.dpo)
    client.get("/incidents/clocks/")  # the session and caches are warm for both
    one, html = clocks_page_queries(1)
    assert html.count("Clock case") == 1 and "clock-row-breached" in html
    fifty, html = clocks_page_queries(54)
    assert html.count("Clock case") == 50 and one == fifty
    assert html.count('class="countdown"') == 50  # each row counts down live
