"""The board's matrix /compliance/ (issue 19 section 2): systems x current frameworks,
met over applicable per cell from the stored statuses (the same percentage rule as the
system page), "n/a" where a framework does not apply, filters, sort, export, the time of
the last refresh, "Refresh now" for administrators and the board, and the trend by
month drawn on the server."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from compliance.models import CoverageMonth, Framework, StatusSnapshot
from compliance.rules.library import EvidenceItem, FrameworkData, RequirementData
from compliance.selectors.coverage import coverage_for, systems_with_facts
from compliance.services.frameworks import framework_store
from compliance.tasks import coverage_refresh_all_task
from tests.factories import AISystemFactory

pytestmark = pytest.mark.django_db

MATRIX = "/compliance/"


def frameworks_of_our_own(admin, count: int = 4, requirements: int = 3) -> list[Framework]:
    """`count` frameworks reviewed by Legal, the first in the EU AI Act's scope, the others
    for every system; the shipped ones retired so the matrix shows these alone."""
    Framework.objects.filter(is_current=True).update(is_current=False)
    return [
        framework_store(
            actor=admin,
            data=FrameworkData(
                key=f"fw-{n}",
                version="1",
                name=f"Framework {chr(65 + n)}",
                reviewer_role="legal",
                scope="eu_ai_act" if n == 0 else "",
                requirements=[
                    RequirementData(
                        ref_id=f"R-{i}",
                        title=f"Requirement {i}",
                        evidence=[EvidenceItem("document", "monitoring-plan", "Monitoring plan")],
                    )
                    for i in range(1, requirements + 1)
                ],
            ),
            source="custom",
        )
        for n in range(count)
    ]


def statuses(system, framework, *found: str) -> None:
    """Stored statuses of `framework`'s requirements for `system`, in order."""
    requirements = list(framework.requirements.order_by("order"))
    StatusSnapshot.objects.bulk_create(
        StatusSnapshot(system=system, requirement=r, framework=framework, status=s)
        for r, s in zip(requirements, found, strict=False)
    )


def system(personas, system_id: str, team=None, **fields):
    return AISystemFactory(
        system_id=system_id,
        name=fields.pop("name", f"System {system_id}"),
        owner_team=team or personas.people_ops,
        **fields,
    )


def matrix_text(client, user, **params) -> tuple[int, str]:
    client.force_login(user)
    response = client.get(MATRIX, params)
    return response.status_code, response.content.decode()


def test_cells_show_met_over_applicable_linking_to_the_system_page(client, personas):
    a, b, c, _d = frameworks_of_our_own(personas.admin)
    screener = system(personas, "SYS-001", regulatory_scope=["eu_ai_act"])
    statuses(screener, a, "met", "met", "gap")  # 2 of 3
    statuses(screener, b, "met", "not_applicable", "review_needed")  # 1 of 2
    statuses(screener, c, "not_applicable", "not_applicable", "not_applicable")  # nothing
    status, text = matrix_text(client, personas.board)
    assert status == 200
    assert 'href="/compliance/systems/SYS-001/#framework-fw-0" title="Framework A: 2 of 3 ' in text
    assert ">67%</a>" in text and ">50%</a>" in text
    # Framework C: every requirement found not applicable; D: nothing stored at all.
    assert text.count(">n/a</a>") == 2
    assert 'href="/compliance/systems/SYS-001/#framework-fw-3"' in text


def test_the_cell_is_the_rule_s_percentage_after_a_refresh(client, personas):
    """Computed, never by hand: the refresh stores the coverage reader's statuses and the
    cell gives the percentage the system page gives (here no evidence: 0%), and a
    framework outside the system's regulatory scope is n/a."""
    frameworks_of_our_own(personas.admin)
    in_scope = system(personas, "SYS-001", regulatory_scope=["eu_ai_act"])
    outside = system(personas, "SYS-002")
    coverage_refresh_all_task()
    found = coverage_for(list(systems_with_facts(type(in_scope).objects.all())), date.today())
    assert [fc.percentage for fc in found[in_scope.pk]] == [0, 0, 0, 0]
    assert [fc.percentage for fc in found[outside.pk]] == [None, 0, 0, 0]
    client.force_login(personas.auditor)
    response = client.get(reverse("compliance:matrix_export", args=["csv"]))
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [(r["system_id"], r["fw-0"], r["fw-1"]) for r in rows] == [
        ("SYS-001", "0", "0"),
        ("SYS-002", "n/a", "0"),
    ]


def test_filters_by_tier_category_team_and_words(client, personas):
    frameworks_of_our_own(personas.admin, count=1)
    system(personas, "SYS-001", name="Screener", risk_tier="high", ai_act_category="high_risk")
    system(personas, "SYS-002", name="Chatbot", risk_tier="medium", ai_act_category="limited")
    system(personas, "SYS-003", name="Intent router", team=personas.customer_success)
    for params, shown in (
        ({"tier": "high"}, ["SYS-001"]),
        ({"tier": "unclassified"}, ["SYS-003"]),
        ({"ai_act": "limited"}, ["SYS-002"]),
        ({"team": "customer-success"}, ["SYS-003"]),
        ({"q": "chatbot"}, ["SYS-002"]),
    ):
        status, text = matrix_text(client, personas.board, **params)
        assert status == 200
        found = [s for s in ("SYS-001", "SYS-002", "SYS-003") if f">{s}</a>" in text]
        assert found == shown, params


def test_a_filter_it_cannot_read_is_a_400_naming_it(client, personas):
    frameworks_of_our_own(personas.admin, count=1)
    system(personas, "SYS-001")
    status, text = matrix_text(client, personas.board, tier="enormous")
    assert status == 400
    assert "tier:" in text and ">SYS-001</a>" not in text
    response = client.get(reverse("compliance:matrix_export", args=["pdf"]))
    assert response.status_code == 400 and b"format" in response.content


def test_sorted_by_a_framework_s_percentage_n_a_last(client, personas):
    (a,) = frameworks_of_our_own(personas.admin, count=1)
    low, high = (system(personas, f"SYS-00{n}", regulatory_scope=["eu_ai_act"]) for n in (1, 2))
    system(personas, "SYS-003")  # outside the scope: n/a
    statuses(low, a, "met", "gap", "gap")
    statuses(high, a, "met", "met", "met")
    for ordering, expected in (("fw-0", "123"), ("-fw-0", "213")):
        _, text = matrix_text(client, personas.board, ordering=ordering)
        places = sorted((text.index(f">SYS-00{n}</a>"), str(n)) for n in (1, 2, 3))
        assert "".join(n for _, n in places) == expected, ordering


def test_the_xlsx_export_is_recorded_like_every_list_export(client, personas):
    frameworks_of_our_own(personas.admin, count=1)
    system(personas, "SYS-001")
    client.force_login(personas.board)
    response = client.get(reverse("compliance:matrix_export", args=["xlsx"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="compliance-matrix-')
    from core.models import AuditEvent

    event = AuditEvent.objects.filter(action="list.exported").latest("seq")
    assert event.object_type == "compliance.matrix"


def test_the_time_of_the_last_refresh_and_the_board_s_refresh_button(client, personas):
    frameworks_of_our_own(personas.admin, count=1)
    system(personas, "SYS-001")
    _, text = matrix_text(client, personas.board)
    assert "Not computed yet" in text and "Refresh now" in text
    coverage_refresh_all_task()
    _, text = matrix_text(client, personas.board)
    assert "As of " in text and "Not computed yet" not in text
    _, text = matrix_text(client, personas.owner)
    assert "Refresh now" not in text


def _queued(queue: str) -> int:
    from config.celery import app

    with app.connection_for_write() as connection:
        return connection.default_channel.client.llen(queue)


@pytest.fixture
def matrix_queue():
    from tests.conftest import queue_of_this_test

    with queue_of_this_test("matrix") as name:
        yield name


def test_refresh_now_queues_the_refresh_for_the_board_only(client, personas, matrix_queue):
    url = reverse("compliance:matrix_refresh")
    client.force_login(personas.owner)
    assert client.post(url).status_code == 403
    assert _queued(matrix_queue) == 0
    client.force_login(personas.board)
    assert client.get(url).status_code == 405
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert "Refresh queued" in response.content.decode()
    assert _queued(matrix_queue) == 1


def test_the_trend_is_met_over_applicable_across_systems_by_month(client, personas):
    a, b = frameworks_of_our_own(personas.admin, count=2)
    one, two = system(personas, "SYS-001"), system(personas, "SYS-002")
    this_month = timezone.localdate().replace(day=1)
    CoverageMonth.objects.bulk_create(
        [
            CoverageMonth(system=one, framework=a, month=this_month, applicable=3, met=1),
            CoverageMonth(system=two, framework=a, month=this_month, applicable=5, met=5),
            CoverageMonth(system=one, framework=b, month=this_month, applicable=4, met=0),
        ]
    )
    _, text = matrix_text(client, personas.board)
    month = f"{this_month:%b %Y}"
    assert f"<title>Framework A, {month}: 75% met</title>" in text  # 6 of 8
    assert f"<title>Framework B, {month}: 0% met</title>" in text
    row = text[text.index(f'<th scope="row">{month}</th>') :]
    assert row.startswith(f'<th scope="row">{month}</th><td class="num">75%</td>')


def test_members_only(client, personas):
    frameworks_of_our_own(personas.admin, count=1)
    client.force_login(personas.outsider)
    assert client.get(MATRIX).status_code == 403
    assert client.get(reverse("compliance:matrix_export", args=["csv"])).status_code == 403
    client.logout()
    assert client.get(MATRIX).status_code == 302


def test_no_framework_says_so(client, personas):
    Framework.objects.filter(is_current=True).update(is_current=False)
    system(personas, "SYS-001")
    status, text = matrix_text(client, personas.board)
    assert status == 200 and "No framework in the library yet." in text
