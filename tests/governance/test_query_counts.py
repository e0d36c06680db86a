"""The register's page and API cost the same number of queries at 10 and at 10,000 risks."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from governance.models import Risk
from registry.models import AISystem
from tests.factories import AISystemFactory, unsaved_risks

pytestmark = pytest.mark.django_db


def _load(owner, team, count: int) -> None:
    Risk.objects.bulk_create(unsaved_risks(owner, count), batch_size=2000)
    system = AISystem.objects.filter(system_id="SYS-100").first() or AISystemFactory(
        system_id="SYS-100", owner_team=team
    )
    links = Risk.systems.through
    ids = Risk.objects.order_by("risk_id").values_list("pk", flat=True)[:60]
    links.objects.bulk_create([links(risk_id=pk, aisystem_id=system.pk) for pk in ids])


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url",
    [
        "/risks/",
        "/risks/?residual_level=low&ordering=-next_review&owner=a&system=SYS-100",
        "/api/v1/risks/",
        "/api/v1/risks/?page=2&page_size=5&overdue_review=false",
    ],
)
def test_same_queries_at_10_and_10000_risks(client, personas, url):
    client.force_login(personas.board)
    _load(personas.owner, personas.people_ops, 10)
    client.get(url)  # warm the per-process caches (a first request anywhere fills them)
    small = _queries(client, url)
    Risk.objects.all().delete()
    _load(personas.owner, personas.people_ops, 10_000)
    large = _queries(client, url)
    assert small == large
    assert large <= 8


def test_the_risk_page_costs_the_same_with_one_or_thirty_systems_and_changes(client, personas):
    from governance.services.risks import risk_update
    from tests.factories import RiskFactory

    risk = RiskFactory(risk_id="RISK-001", owner_user=personas.owner)
    risk.systems.set([AISystemFactory(owner_team=personas.people_ops)])
    risk_update(actor=personas.board, risk=risk, data={"title": "First"})
    client.force_login(personas.board)
    client.get("/risks/RISK-001/")  # warm the per-process caches
    few = _queries(client, "/risks/RISK-001/")
    risk.systems.set([AISystemFactory(owner_team=personas.people_ops) for _ in range(30)])
    for n in range(30):
        risk_update(actor=personas.board, risk=risk, data={"title": f"Title {n}"})
    assert _queries(client, "/risks/RISK-001/") == few
