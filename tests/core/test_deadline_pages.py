"""My deadlines, the board's portfolio deadlines and /api/v1/deadlines/: what each
person sees, the filters, the CSV, and a fixed query cost at a few rows and many."""

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.clocks.services import deadline_meet, deadline_open
from core.models import AuditEvent, Deadline, Team

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)
KIND = "registry.system_review"  # a kind the registry names "System review"
MINE = reverse("core:my_deadlines")
PORTFOLIO = reverse("core:portfolio_deadlines")
API = "/api/v1/deadlines/"


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


def due(personas, label: str, due_at, owner=None, subject=None, kind=KIND) -> Deadline:
    return deadline_open(
        actor=personas.admin,
        subject=subject or personas.people_ops,
        kind=kind,
        label=label,
        due_at=due_at,
        owner=owner or personas.owner,
        link="/systems/SYS-001/",
        warn_before=[14 * DAY, 3 * DAY],
        escalate_after=DAY,
        escalation_role="board",
    )


@pytest.fixture
def three(personas):
    """The owner's overdue, due-soon and met deadlines, and someone else's."""
    overdue = due(personas, "Review of SYS-001", NOW - 2 * DAY)
    due(personas, "Review of SYS-002", NOW + 5 * DAY, subject=personas.customer_success)
    met = due(personas, "Decide SYS-003", NOW + 40 * DAY, kind="registry.proposal_wait")
    deadline_meet(actor=personas.owner, deadline=met)
    due(personas, "Review of SYS-009", NOW + 3 * DAY, owner=personas.owner2, kind="other.kind")
    return overdue


def labels(response) -> list[str]:
    html = response.content.decode()
    return [
        part.split("</a>")[0]
        for part in html.split('<th scope="row"><a href="/systems/SYS-001/">')[1:]
    ]


def test_my_deadlines_shows_only_mine_with_their_state(client_for, personas, three):
    response = client_for(personas.owner).get(MINE)
    assert response.status_code == 200
    assert labels(response) == ["Review of SYS-001", "Review of SYS-002", "Decide SYS-003"]
    html = response.content.decode()
    assert ">Overdue</span>" in html and ">Due soon</span>" in html and ">Met</span>" in html
    assert "Review of SYS-009" not in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?state=overdue", ["Review of SYS-001"]),
        ("?state=due_soon", ["Review of SYS-002"]),
        ("?state=met", ["Decide SYS-003"]),
        ("?state=open&ordering=-due_at", ["Review of SYS-002", "Review of SYS-001"]),
        (f"?kind={KIND}&ordering=-label", ["Review of SYS-002", "Review of SYS-001"]),
    ],
)
def test_my_deadlines_filters_and_sorts(client_for, personas, three, query, expected):
    assert labels(client_for(personas.owner).get(MINE + query)) == expected


def test_a_bad_filter_is_a_400_naming_it(client_for, personas, three):
    response = client_for(personas.owner).get(MINE + "?state=later")
    assert response.status_code == 400
    assert 'id="id_state_error"' in response.content.decode()


def test_my_deadlines_export_is_csv_of_mine_and_audited(client_for, personas, three):
    response = client_for(personas.owner).get(
        reverse("core:my_deadlines_export") + "?state=overdue"
    )
    text = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["label"], r["state"], r["kind"]) for r in rows] == [
        ("Review of SYS-001", "overdue", KIND)
    ]
    assert AuditEvent.objects.filter(action="list.exported").count() == 1


def test_the_nav_counts_my_overdue_deadlines(client_for, personas, three):
    html = client_for(personas.owner).get(MINE).content.decode()
    assert (
        'My deadlines <span class="badge badge-count">1<span class="visually-hidden"> overdue'
        in html
    )
    assert "Portfolio deadlines" not in html


def test_the_board_sees_the_portfolio_by_owner_and_by_system(client_for, personas, three):
    due(personas, "Review of SYS-050", NOW + 90 * DAY, subject=personas.board, kind="other.far")
    response = client_for(personas.board).get(PORTFOLIO)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Open deadlines by owner" in html
    assert "Due soon or overdue, by system or subject" in html
    assert "?subject=Review%20of%20SYS-001" in html  # overdue: in the groups
    assert "?subject=Review%20of%20SYS-050" not in html  # not due soon: only in the list
    assert "Review of SYS-050" in html
    assert "Review of SYS-009" in html and "Decide SYS-003" not in html  # met is not open
    narrowed = client_for(personas.board).get(PORTFOLIO + "?owner=owner2@")
    assert labels(narrowed) == ["Review of SYS-009"]
    by_system = client_for(personas.board).get(PORTFOLIO + "?subject=SYS-002")
    assert labels(by_system) == ["Review of SYS-002"]


@pytest.mark.parametrize("who", ["owner", "auditor", "ciso", "outsider"])
def test_only_the_board_and_administrators_open_the_portfolio(client_for, personas, who):
    assert client_for(getattr(personas, who)).get(PORTFOLIO).status_code == 403
    export = client_for(getattr(personas, who)).get(reverse("core:portfolio_deadlines_export"))
    assert export.status_code == 403


def bulk(personas, count: int) -> None:
    team_type = ContentType.objects.get_for_model(Team)
    Deadline.objects.bulk_create(
        Deadline(
            subject_type=team_type,
            subject_id=f"bulk-{i}",  # never a real team's pk
            label=f"Bulk {i}",
            kind=KIND,
            due_at=NOW + (i % 30 - 10) * DAY,
            owner=personas.owner,
            link="/systems/SYS-001/",
        )
        for i in range(count)
    )


@pytest.mark.parametrize(
    ("who", "url"),
    [("owner", MINE + "?state=open"), ("board", PORTFOLIO), ("owner", API + "?state=open")],
)
def test_the_lists_cost_the_same_queries_at_a_few_rows_and_many(
    client_for, personas, three, django_assert_num_queries, who, url
):
    client = client_for(getattr(personas, who))
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    assert len(few) <= 10
    bulk(personas, 300)
    with django_assert_num_queries(len(few)):
        assert client.get(url).status_code == 200


def test_the_api_lists_the_callers_own(client_for, personas, three):
    body = client_for(personas.owner).get(API + "?ordering=due_at").json()
    assert body["count"] == 3
    first = body["results"][0]
    assert first["label"] == "Review of SYS-001"
    assert first["state"] == "overdue"
    assert first["subject_type"] == "core.team"
    assert first["subject_id"] == str(personas.people_ops.pk)


def test_the_board_filters_by_subject_others_see_only_their_own(client_for, personas, three):
    query = f"?subject_type=core.team&subject_id={personas.people_ops.pk}"
    board = client_for(personas.board).get(API + query).json()
    assert sorted(r["label"] for r in board["results"]) == [
        "Decide SYS-003",
        "Review of SYS-001",
        "Review of SYS-009",
    ]
    owner2 = client_for(personas.owner2).get(API + query).json()
    assert [r["label"] for r in owner2["results"]] == ["Review of SYS-009"]


def test_the_api_names_a_bad_parameter(client_for, personas):
    response = client_for(personas.owner).get(API + "?state=soon&page_size=0")
    assert response.status_code == 400
    assert "state" in response.json()


def test_the_board_reaches_the_portfolio_deadlines_from_my_deadlines(client_for, personas):
    html = client_for(personas.board).get(MINE).content.decode()
    assert 'href="/deadlines/portfolio/"' in html
    owner_html = client_for(personas.owner).get(MINE).content.decode()
    assert "/deadlines/portfolio/" not in owner_html


def test_the_api_counts_a_persons_live_deadlines_met_ones_too(client_for, personas, three):
    """The count reads its own index (core 0018, `deadline_owner_live_count`): what it
    counts is still every deadline of the caller's that is not cancelled."""
    bulk(personas, 120)
    mine = Deadline.objects.filter(owner=personas.owner, subject_id__startswith="bulk-")
    Deadline.objects.filter(pk__in=list(mine.values_list("pk", flat=True)[:7])).update(
        cancelled_at=NOW
    )
    Deadline.objects.filter(pk__in=list(mine.values_list("pk", flat=True)[50:60])).update(
        met_at=NOW
    )
    live = Deadline.objects.filter(owner=personas.owner, cancelled_at__isnull=True).count()
    body = client_for(personas.owner).get(API).json()
    assert body["count"] == live and live >= 113  # the 7 cancelled left out, the 10 met in
    assert len(body["results"]) == 50
    others = client_for(personas.board).get(API).json()["count"]
    assert (
        others == Deadline.objects.filter(owner=personas.board, cancelled_at__isnull=True).count()
    )
