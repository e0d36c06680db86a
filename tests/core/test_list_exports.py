"""The list kit's exports as people open them: an XLSX with typed cells in the viewer's
zone, headers in words, a sheet named after the list, a frozen and filtered header row;
any control character already stored is escaped (XLSX and CSV), never a 500."""

import csv
import io
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook

from core.lists import Column, ListFilterSet, ListSpec, list_export
from core.lists.spreadsheet import sheet_name, typed_value
from core.models import AuditEvent, Team
from tests.factories import AISystemFactory, IncidentFactory, RiskFactory

BERLIN = ZoneInfo("Europe/Berlin")
DISCOVERED = datetime(2026, 11, 30, 22, 39, tzinfo=UTC)  # 23:39 in Berlin


def workbook(response):
    assert response.status_code == 200, response.content[:500]
    return load_workbook(io.BytesIO(response.content))


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


@pytest.fixture
def two_incidents(personas):
    """Two incidents, as people report them: one with a note pasted from a terminal (its
    colour codes start with ESC, U+001B), one with a form feed from a PDF."""
    system = AISystemFactory(system_id="SYS-001", owner_team=personas.people_ops)
    IncidentFactory(
        incident_id="INC-0001",
        system=system,
        discovered_at=DISCOVERED,
        description="Log: \x1b[31mERROR\x1b[0m refused",
        affected_people_estimate=1200,
    )
    IncidentFactory(
        incident_id="INC-0002",
        system=system,
        discovered_at=DISCOVERED + timedelta(days=1),
        description="Page one\x0cpage two",
        affected_people_estimate=0,
    )


@pytest.mark.django_db
def test_two_incidents_export_as_xlsx_with_typed_cells_in_the_viewers_zone(
    client, personas, two_incidents
):
    personas.auditor.time_zone = "Europe/Berlin"
    personas.auditor.save()
    client.force_login(personas.auditor)
    book = workbook(client.get("/incidents/export.xlsx"))
    sheet = book.active
    assert sheet.title == "Incidents"
    header = [cell.value for cell in sheet[1]]
    assert header[:4] == ["ID", "Severity", "Status", "Next clock due"]  # the labels of the page
    assert "Discovered" in header and "People affected (estimate)" in header
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(header)).column_letter}3"
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    older = rows["INC-0001"]
    discovered = older[header.index("Discovered")]
    assert discovered.value == datetime(2026, 11, 30, 23, 39)  # Berlin, without a zone
    assert discovered.is_date and discovered.number_format == "yyyy-mm-dd hh:mm"
    people = older[header.index("People affected (estimate)")]
    assert (people.value, people.data_type) == (1200, "n")
    assert rows["INC-0002"][header.index("People affected (estimate)")].value == 0
    description = older[header.index("Description")].value
    assert description == "Log: \\x1b[31mERROR\\x1b[0m refused"
    assert rows["INC-0002"][header.index("Description")].value == "Page one\\x0cpage two"


@pytest.mark.django_db
def test_the_csv_of_the_same_incidents_escapes_them_too(client, personas, two_incidents):
    client.force_login(personas.auditor)
    rows = csv_rows(client.get("/incidents/export.csv"))
    assert rows[0][0] == "incident_id"  # the CSV keeps the API's keys, for scripts
    text = "\n".join(",".join(row) for row in rows)
    assert "\x1b" not in text and "\x0c" not in text
    assert "Log: \\x1b[31mERROR\\x1b[0m refused" in text


@pytest.mark.django_db
def test_a_control_character_in_a_risk_title_no_longer_breaks_the_risk_export(client, personas):
    RiskFactory(risk_id="RISK-001", title="Bell\x07 rings", owner_team=personas.people_ops)
    RiskFactory(risk_id="RISK-002", title="=1+1", owner_team=personas.people_ops)
    client.force_login(personas.auditor)
    sheet = workbook(client.get("/risks/export.xlsx")).active
    assert sheet.title == "Risk register"
    values = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert values["RISK-001"][1] == "Bell\\x07 rings"
    assert values["RISK-002"][1] == "'=1+1"  # the formula guard holds for text
    rows = csv_rows(client.get("/risks/export.csv"))
    assert rows[1][1] in ("Bell\\x07 rings", "'=1+1")
    assert "\x07" not in str(rows)


def test_a_sheet_is_named_after_its_list_as_excel_accepts_it():
    assert sheet_name("Incidents") == "Incidents"
    assert sheet_name("Due and overdue across the portfolio") == "Due and overdue across the"
    assert sheet_name("Gates: [open] a/b?*\\") == "Gates open a b"
    assert len(sheet_name("x" * 40)) == 31
    assert sheet_name("[]") == "Export"


@pytest.mark.parametrize(
    ("raw", "text", "expected"),
    [
        (5, "5", 5),
        (-5, "-5", -5),  # a number, not the guarded text '-5
        (Decimal("2.5"), "2.5", Decimal("2.5")),
        (3, "High", "High"),  # a column that writes words keeps its words
        (True, "yes", "yes"),
        (date(2026, 3, 29), "2026-03-29", date(2026, 3, 29)),
        (date(2026, 3, 29), "2026-03-29 (overdue)", "2026-03-29 (overdue)"),
        (DISCOVERED, "2026-11-30T22:39:00+00:00", datetime(2026, 11, 30, 23, 39)),
        (DISCOVERED, "2026-11-30 23:39", datetime(2026, 11, 30, 23, 39)),
        (DISCOVERED, "", None),
        (None, "text", "text"),
    ],
)
def test_a_cell_is_typed_only_when_its_text_is_just_that_value(raw, text, expected):
    assert typed_value(raw, text, BERLIN) == expected


class _TeamFilter(ListFilterSet):
    class Meta:
        model = Team
        fields: list[str] = []


def _unreadable(_row, _context):
    raise RuntimeError("a column that cannot be read")


def _team_list(*, broken: bool) -> ListSpec:
    """A list of teams; `broken` adds a column whose value cannot be read, as a column
    with a bug would, so that building its file fails halfway."""
    extra = (Column("broken", "Broken", fields=("name",), value=_unreadable),) if broken else ()
    return ListSpec(
        name="core.team",
        filterset=_TeamFilter,
        columns=(Column("name", "Name", sort="name"), *extra),
        default_ordering="name",
        tie_breaker="id",
        filename="teams",
        caption="Teams",
    )


@pytest.mark.django_db
def test_an_xlsx_is_recorded_once_built_and_a_failed_one_not_at_all(personas):
    """Found: a failed export was recorded as "list.exported" (the record came before
    the file was built). Expected: an XLSX that fails to build records nothing; one
    built whole is recorded with its rows."""
    teams = Team.objects.all()
    with pytest.raises(RuntimeError):
        list_export(
            _team_list(broken=True).query(teams, {}), actor=personas.security, file_format="xlsx"
        )
    assert not AuditEvent.objects.filter(action="list.exported").exists()
    response = list_export(
        _team_list(broken=False).query(teams, {}), actor=personas.security, file_format="xlsx"
    )
    names = [row[0] for row in workbook(response).active.iter_rows(min_row=2, values_only=True)]
    event = AuditEvent.objects.get(action="list.exported")
    assert event.object_type == "core.team" and event.changes["rows"] == len(names) > 0


@pytest.mark.django_db
def test_a_csv_is_recorded_before_its_first_byte_leaves(personas):
    """A CSV streams: its rows leave as they are read, so it is recorded before the first
    byte (a reader who stops early was handed rows all the same)."""
    response = list_export(
        _team_list(broken=False).query(Team.objects.all(), {}), actor=personas.security
    )
    event = AuditEvent.objects.get(action="list.exported")  # nothing read yet
    assert event.changes["rows"] == Team.objects.count()
    assert len(csv_rows(response)) == Team.objects.count() + 1


@pytest.mark.django_db
def test_who_may_not_export_is_refused_before_any_file_is_built(personas):
    with pytest.raises(PermissionDenied):
        list_export(
            _team_list(broken=True).query(Team.objects.all(), {}),
            actor=personas.outsider,
            file_format="xlsx",
        )
    assert not AuditEvent.objects.filter(action="list.exported").exists()
