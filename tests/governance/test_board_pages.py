"""The board's pages as each role sees them: the landing page's five blocks, the heat
maps, the review sessions and their minutes, and what each page costs in queries."""

import html
import re
from datetime import date, timedelta

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from core.models import Deadline
from governance.models import RiskDecision
from governance.services.decisions import decision_record
from governance.services.sessions import session_close, session_open
from registry.models import AISystem, ControlDefinition, SystemControl
from tests.factories import AISystemFactory, RiskFactory

pytestmark = pytest.mark.django_db

DAY = "2026-11-30 10:00Z"


def system_review_deadline(system, owner, days_overdue: int) -> Deadline:
    return Deadline.objects.create(
        subject_type=ContentType.objects.get_for_model(AISystem),
        subject_id=str(system.pk),
        label=f"Review of {system.system_id}",
        link=f"/systems/{system.system_id}/",
        kind="registry.system_review",
        due_at=timezone.now() - timedelta(days=days_overdue),
        owner=owner,
    )


def portfolio_needing_the_board(personas, count: int = 1):
    """`count` of everything the landing page lists, plus things it must leave out."""
    today = timezone.localdate()
    approval, _ = ControlDefinition.objects.get_or_create(
        key="board-or-executive-approval", defaults={"name": "Board or executive approval"}
    )
    for i in range(count):
        RiskFactory(next_review=today - timedelta(days=i))  # due
        RiskFactory(residual_likelihood=4, residual_impact=4, next_review=today + timedelta(30))
        critical = AISystemFactory(risk_tier="critical")
        SystemControl.objects.create(system=critical, control=approval, status="missing")
        system_review_deadline(AISystemFactory(), personas.owner, days_overdue=i + 1)
        AISystemFactory(reclassification_needed=True)
    # Left out: a future review, a closed risk, an approved critical system, a met deadline.
    RiskFactory(next_review=today + timedelta(days=1))
    RiskFactory(next_review=today - timedelta(days=9), status="closed")
    approved = AISystemFactory(risk_tier="critical")
    SystemControl.objects.create(system=approved, control=approval, status="implemented")
    met = system_review_deadline(AISystemFactory(), personas.owner, days_overdue=3)
    Deadline.objects.filter(pk=met.pk).update(met_at=timezone.now())


def ad_hoc_session(personas, risk):
    """An open ad-hoc session, opened by the board member, reviewing `risk`."""
    return session_open(
        actor=personas.board,
        title="x",
        kind="ad_hoc",
        reason="new_use_case",
        held_on=date(2026, 11, 30),
        risks=[risk],
    )


def block_count(response, key: str) -> int:
    block = next(b for b in response.context["blocks"] if b.key == key)
    return block.count


@time_machine.travel(DAY, tick=False)
def test_board_members_land_on_what_needs_them_now(client, personas):
    portfolio_needing_the_board(personas)
    client.force_login(personas.board)
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == "/board/"
    assert {b.key: b.count for b in response.context["blocks"]} == {
        "risks_due": 1,
        "high_unaccepted": 1,
        "systems_overdue": 1,
        "unapproved_critical": 1,
        "classifications_waiting": 1,
        "gates_waiting": 0,
        "systems_not_gated": 0,
    }
    page = response.content.decode()
    assert "What needs the board now" in page
    assert "/risks/?review_due=true&amp;ordering=next_review" in page
    assert "Review of SYS-" in page
    assert 'aria-label="Residual risk (after controls): open risks' in page


def test_each_other_role_lands_on_its_own_page(client, personas):
    landing = {
        personas.owner: "/waiting/",
        personas.dpo: "/waiting/",
        personas.ciso: "/waiting/",
        personas.responder: "/waiting/",
        personas.auditor: "/packs/",
    }
    for person, page in landing.items():
        client.force_login(person)
        assert client.get("/")["Location"] == page, person.email


@time_machine.travel(DAY, tick=False)
def test_an_accepted_high_risk_leaves_the_sign_off_block_until_corrected(client, personas):
    high = RiskFactory(residual_likelihood=4, residual_impact=4, next_review=date(2027, 1, 1))
    session = session_open(
        actor=personas.board,
        title="Ad hoc",
        kind="ad_hoc",
        reason="new_use_case",
        held_on=date(2026, 11, 30),
        risks=[high],
    )
    accepted = decision_record(
        actor=personas.board,
        session=session,
        risk=high,
        kind="accept",
        rationale="Within appetite.",
    )
    client.force_login(personas.board)
    assert block_count(client.get("/board/"), "high_unaccepted") == 0
    decision_record(
        actor=personas.board,
        session=session,
        risk=high,
        kind="escalate",
        rationale="New evidence.",
        corrects=accepted,
    )
    assert block_count(client.get("/board/"), "high_unaccepted") == 1


@pytest.mark.parametrize(
    "persona,status",
    [
        ("board", 200),
        ("admin", 200),
        ("auditor", 200),
        ("owner", 403),
        ("ciso", 403),
        ("outsider", 403),
    ],
)
def test_who_sees_the_board_pages(client, personas, persona, status):
    client.force_login(getattr(personas, persona))
    for url in ("/board/", "/board/heat-maps/", "/board/sessions/"):
        assert client.get(url).status_code == status, url


def test_the_landing_page_costs_the_same_at_one_and_at_many(
    client, personas, django_assert_max_num_queries
):
    client.force_login(personas.board)
    portfolio_needing_the_board(personas, count=1)
    # Warm Django's content-type cache first: whether an earlier test filled it depends
    # on the order the tests run in, and a cold cache costs one query once.
    client.get("/board/")
    with django_assert_max_num_queries(30) as few:
        client.get("/board/")
    portfolio_needing_the_board(personas, count=12)
    with django_assert_max_num_queries(30) as many:
        response = client.get("/board/")
    assert len(few.captured_queries) == len(many.captured_queries)
    assert block_count(response, "risks_due") == 13
    assert len(response.context["blocks"][0].items) == 5


def test_the_board_blocks_cost_thirteen_queries(personas, django_assert_num_queries):
    from governance.selectors.board import board_blocks_for

    portfolio_needing_the_board(personas, count=6)
    # The person's roles, then five blocks: rows, count; the gate requests waiting: one;
    # the systems not gated: one (rows with their total).
    with django_assert_num_queries(13):
        board_blocks_for(personas.board)


@time_machine.travel(DAY, tick=False)
def test_the_heat_maps_link_each_cell_to_the_filtered_register(client, personas):
    RiskFactory(inherent_likelihood=5, inherent_impact=4, residual_likelihood=2, residual_impact=3)
    RiskFactory(inherent_likelihood=5, inherent_impact=4, residual_likelihood=2, residual_impact=3)
    RiskFactory(status="closed")
    client.force_login(personas.auditor)
    page = client.get("/board/heat-maps/").content.decode()
    assert 'href="/risks/?status=open&amp;residual_likelihood=2&amp;residual_impact=3"' in page
    assert "likelihood 2, impact 3 (medium): 2 risks</title>" in page
    assert "likelihood 5, impact 4 (critical): 2 risks</title>" in page
    assert "Nov 2026: 0 open high or critical risks" in page


@time_machine.travel(DAY, tick=False)
def test_the_trend_has_its_numbers_in_a_table_beside_the_chart(client, personas):
    with time_machine.travel("2026-06-10 09:00Z", tick=False):
        RiskFactory(residual_likelihood=4, residual_impact=4)  # high, open since June
    client.force_login(personas.board)
    page = client.get("/board/heat-maps/").content.decode()
    drawn = re.findall(r"<title>(\w{3} \d{4}): (\d+) open high or critical risks?</title>", page)
    table = re.findall(r'<tr><th scope="row">(\w{3} \d{4})</th><td class="num">(\d+)</td>', page)
    assert len(drawn) == 12 and table == drawn
    assert ("May 2026", "0") in table and ("Jun 2026", "1") in table


@time_machine.travel(DAY, tick=False)
def test_the_trend_follows_the_audit_trail(personas):
    from governance.selectors.board import trend_for

    with time_machine.travel("2026-06-10 09:00Z", tick=False):
        risk = RiskFactory(residual_likelihood=4, residual_impact=4)  # high
    with time_machine.travel("2026-09-15 09:00Z", tick=False):
        session = session_open(
            actor=personas.board,
            title="x",
            kind="ad_hoc",
            reason="outside_incident",
            held_on=date(2026, 9, 15),
            risks=[risk],
        )
        decision_record(
            actor=personas.board, session=session, risk=risk, kind="close", rationale="Retired."
        )
    trend = dict(trend_for())
    assert list(trend)[0] == "Dec 2025" and list(trend)[-1] == "Nov 2026"
    assert (trend["May 2026"], trend["Jun 2026"], trend["Aug 2026"]) == (0, 1, 1)
    assert (trend["Sep 2026"], trend["Nov 2026"]) == (0, 0)


def test_the_trend_costs_three_queries_at_any_size_of_the_register(
    personas, django_assert_num_queries
):
    from governance.selectors.board import trend_for

    RiskFactory.create_batch(5, residual_likelihood=4, residual_impact=4)  # open, high
    with django_assert_num_queries(3):
        trend = trend_for()
    assert trend[-1][1] == 5
    RiskFactory.create_batch(30)
    with django_assert_num_queries(3):
        trend_for()


# --- review sessions -----------------------------------------------------------------


@time_machine.travel(DAY, tick=False)
def test_a_board_member_opens_a_session_and_records_a_decision(client, personas):
    risk = RiskFactory(next_review=date(2026, 11, 1))
    client.force_login(personas.board)
    response = client.post(
        "/board/sessions/new/",
        {
            "title": "Q4 2026",
            "kind": "quarterly",
            "held_on": "2026-11-30",
            "attendees": [personas.board.pk],
        },
    )
    session = risk.review_sessions.get()
    assert response["Location"] == f"/board/sessions/{session.pk}/"
    response = client.post(
        f"/board/sessions/{session.pk}/decisions/",
        {"risk": risk.pk, "kind": "accept", "rationale": "Controls hold."},
    )
    assert response.status_code == 302
    page = client.get(f"/board/sessions/{session.pk}/").content.decode()
    assert "Controls hold." in page and "2027-02-28" in page
    assert "board@example.com" in page


def test_a_decision_without_rationale_names_the_field_and_saves_nothing(client, personas):
    risk = RiskFactory()
    session = ad_hoc_session(personas, risk)
    client.force_login(personas.board)
    response = client.post(
        f"/board/sessions/{session.pk}/decisions/",
        {
            "risk": risk.pk,
            "kind": "mitigate",
            "rationale": "Fix it",
            "mitigation_due": "2099-01-01",
        },
    )
    assert response.status_code == 400
    assert "Mitigation owner: Name who owns the mitigation." in response.content.decode()
    assert not RiskDecision.objects.exists()


def test_an_ad_hoc_session_without_reason_is_refused_by_field(client, personas):
    client.force_login(personas.board)
    response = client.post(
        "/board/sessions/new/", {"title": "x", "kind": "ad_hoc", "held_on": "2026-11-30"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Ad-hoc reason: Say what prompted the ad-hoc review" in page
    assert "Risks to review (ad-hoc): Choose the risks" in page


def test_auditors_read_the_minutes_but_cannot_decide_or_close(client, personas):
    risk = RiskFactory()
    session = ad_hoc_session(personas, risk)
    client.force_login(personas.auditor)
    page = client.get(f"/board/sessions/{session.pk}/").content.decode()
    assert "Minutes" in page and "Record a decision" not in page
    post = {"risk": risk.pk, "kind": "accept", "rationale": "x"}
    assert client.post(f"/board/sessions/{session.pk}/decisions/", post).status_code == 403
    assert client.post(f"/board/sessions/{session.pk}/close/").status_code == 403
    client.force_login(personas.owner)
    assert client.get(f"/board/sessions/{session.pk}/").status_code == 404


def test_a_closed_sessions_page_offers_no_change(client, personas):
    risk = RiskFactory()
    session = ad_hoc_session(personas, risk)
    session_close(actor=personas.board, session=session)
    client.force_login(personas.board)
    page = client.get(f"/board/sessions/{session.pk}/").content.decode()
    assert "Record a decision" not in page and "Close the session" not in page
    response = client.post(
        f"/board/sessions/{session.pk}/decisions/",
        {"risk": risk.pk, "kind": "accept", "rationale": "late"},
    )
    assert response.status_code == 400
    assert "This session is closed" in response.content.decode()


def test_the_minutes_page_costs_the_same_at_one_and_at_many_decisions(
    client, personas, django_assert_max_num_queries
):
    risks = RiskFactory.create_batch(8)
    session = session_open(
        actor=personas.board,
        title="x",
        kind="ad_hoc",
        reason="new_use_case",
        held_on=date(2026, 11, 30),
        risks=risks,
        attendees=[personas.board],
    )
    client.force_login(personas.auditor)
    decision_record(
        actor=personas.board, session=session, risk=risks[0], kind="accept", rationale="a"
    )
    with django_assert_max_num_queries(30) as few:
        client.get(f"/board/sessions/{session.pk}/")
    for risk in risks[1:]:
        decision_record(
            actor=personas.board, session=session, risk=risk, kind="escalate", rationale="b"
        )
    with django_assert_max_num_queries(30) as many:
        client.get(f"/board/sessions/{session.pk}/")
    assert len(few.captured_queries) == len(many.captured_queries)


def test_a_page_of_sessions_that_does_not_exist_is_a_400_naming_it(client, personas):
    client.force_login(personas.board)
    response = client.get("/board/sessions/?page=nine")
    assert response.status_code == 400
    assert "page: Use a whole number from 1." in response.content.decode()


def test_the_heat_maps_page_costs_the_same_at_one_and_at_many_risks(
    client, personas, django_assert_max_num_queries
):
    client.force_login(personas.board)
    RiskFactory()
    with django_assert_max_num_queries(12) as few:
        client.get("/board/heat-maps/")
    RiskFactory.create_batch(20, residual_likelihood=1)
    with django_assert_max_num_queries(12) as many:
        response = client.get("/board/heat-maps/")
    assert len(few.captured_queries) == len(many.captured_queries)
    assert "likelihood 1, impact 3 (low): 20 risks</title>" in response.content.decode()


@time_machine.travel(DAY, tick=False)
def test_every_link_of_the_landing_page_opens_a_page_that_lists_it(client, personas):
    portfolio_needing_the_board(personas)
    client.force_login(personas.board)
    blocks = client.get("/board/").context["blocks"]
    for block in blocks:
        assert client.get(block.url).status_code == 200, block.url
        for item in block.items:
            assert client.get(item.url).status_code == 200, item.url
    high = next(b for b in blocks if b.key == "high_unaccepted")
    listed = client.get(high.url).content.decode()
    assert high.items[0].text.split()[0] in listed  # the risk is on the linked list


def _cells(svg_page: str, which: str) -> list[tuple[str, int]]:
    """(the cell's link, the number it shows) for every cell of the `which` map."""
    start = svg_page.index(f'id="heat-map-{which}"')
    figure = svg_page[start : svg_page.index("</figure>", start)]
    found = re.findall(
        r'<a href="([^"]+)"><title>[^<]*</title><rect[^>]*/><text[^>]*>(\d+)<', figure
    )
    return [(html.unescape(href), int(count)) for href, count in found]


@time_machine.travel(DAY, tick=False)
def test_a_heat_map_cell_opens_exactly_the_open_risks_it_counts(client, personas):
    """Finding: the cell said 1, its list showed 2, a closed risk among them."""
    counted = RiskFactory(
        inherent_likelihood=4, inherent_impact=4, residual_likelihood=2, residual_impact=3
    )
    RiskFactory(
        status="closed",
        inherent_likelihood=4,
        inherent_impact=4,
        residual_likelihood=2,
        residual_impact=3,
    )
    RiskFactory(inherent_likelihood=5, inherent_impact=5, residual_likelihood=1, residual_impact=1)
    client.force_login(personas.auditor)
    page = client.get("/board/heat-maps/").content.decode()
    for which in ("residual", "inherent"):
        cells = _cells(page, which)
        assert len(cells) == 25
        for href, count in cells:
            listed = re.findall(
                r'<th scope="row"><a href="/risks/(RISK-\d+)/">', client.get(href).content.decode()
            )
            assert len(listed) == count, (which, href)
        assert sum(count for _, count in cells) == 2  # the closed risk counted nowhere
    residual_cell = dict(_cells(page, "residual"))[
        "/risks/?status=open&residual_likelihood=2&residual_impact=3"
    ]
    assert residual_cell == 1
    listed = client.get("/risks/?status=open&residual_likelihood=2&residual_impact=3")
    assert f"/risks/{counted.risk_id}/" in listed.content.decode()


def test_a_heat_map_is_of_the_inherent_or_the_residual_rating():
    from governance.selectors.board import heat_map_cell_params

    with pytest.raises(ValueError, match="inherent or the residual"):
        heat_map_cell_params("gross", 1, 1)


def _listed(client, url: str) -> list[str]:
    """The risk IDs the register lists at `url` (all of them: one page of 100)."""
    sep = "&" if "?" in url else "?"
    page = client.get(f"{url}{sep}page_size=100").content.decode()
    return re.findall(r'<th scope="row"><a href="/risks/(RISK-\d+)/">', page)


def _accept(personas, risk, *, corrected: bool = False):
    session = ad_hoc_session(personas, risk)
    accepted = decision_record(
        actor=personas.board, session=session, risk=risk, kind="accept", rationale="Fine."
    )
    if corrected:
        decision_record(
            actor=personas.board,
            session=session,
            risk=risk,
            kind="escalate",
            rationale="New evidence.",
            corrects=accepted,
        )


@time_machine.travel(DAY, tick=False)
def test_the_sign_off_block_opens_exactly_the_risks_it_counts(client, personas):
    """Finding: the block counted risks without a standing acceptance, its link opened
    every open risk sorted by residual (accepted, medium and low ones included)."""
    later = date(2027, 1, 1)
    counted = {
        RiskFactory(residual_likelihood=4, residual_impact=4, next_review=later).risk_id,
        RiskFactory(residual_likelihood=5, residual_impact=5, next_review=later).risk_id,
    }
    corrected = RiskFactory(residual_likelihood=4, residual_impact=4, next_review=later)
    _accept(personas, corrected, corrected=True)  # its acceptance no longer stands
    counted.add(corrected.risk_id)
    _accept(personas, RiskFactory(residual_likelihood=4, residual_impact=4, next_review=later))
    RiskFactory(residual_likelihood=5, residual_impact=5, status="closed", next_review=later)
    RiskFactory(residual_likelihood=1, residual_impact=2, next_review=later)  # low
    client.force_login(personas.board)
    response = client.get("/board/")
    block = next(b for b in response.context["blocks"] if b.key == "high_unaccepted")
    assert block.count == 3
    assert set(_listed(client, block.url)) == counted
    assert 'data-count="3"' in response.content.decode()
    listed_page = client.get(block.url).content.decode()
    assert "3 risks match the filters." in listed_page
    assert "the board has not accepted</p>" in listed_page  # the scope said in words
    assert "High or critical, not accepted by the board" in listed_page  # the filter's label


@time_machine.travel(DAY, tick=False)
def test_the_review_block_opens_exactly_the_risks_it_counts(client, personas):
    """Finding: the block counted reviews due today or past, its link (overdue_review)
    listed only those before today: a review due today was counted and not listed."""
    today = timezone.localdate()
    counted = {
        RiskFactory(next_review=today).risk_id,
        RiskFactory(next_review=today - timedelta(days=3)).risk_id,
    }
    RiskFactory(next_review=today - timedelta(days=3), status="closed")
    RiskFactory(next_review=today + timedelta(days=1))
    client.force_login(personas.board)
    block = next(b for b in client.get("/board/").context["blocks"] if b.key == "risks_due")
    assert block.count == 2
    assert set(_listed(client, block.url)) == counted


@time_machine.travel(DAY, tick=False)
def test_the_register_filters_of_the_board_blocks_through_the_api(client, personas):
    today = timezone.localdate()
    due = RiskFactory(next_review=today, residual_likelihood=1, residual_impact=1)
    high = RiskFactory(residual_likelihood=4, residual_impact=4, next_review=date(2027, 1, 1))
    client.force_login(personas.board)

    def ids(query):
        body = client.get(f"/api/v1/risks/?{query}").json()
        return {row["risk_id"] for row in body["results"]}

    assert ids("awaiting_sign_off=true") == {high.risk_id}
    assert ids("awaiting_sign_off=false") == {due.risk_id}
    assert ids("review_due=true") == {due.risk_id}
    assert ids("review_due=false") == {high.risk_id}
    response = client.get("/api/v1/risks/?awaiting_sign_off=maybe")
    assert response.status_code == 400
    assert "awaiting_sign_off" in response.content.decode()


def _systems_listed(client, url: str) -> set[str]:
    """The system IDs the system list shows at `url` (one page of 100)."""
    page = client.get(f"{url}&page_size=100").content.decode()
    return set(re.findall(r'<th scope="row"><a href="/systems/(SYS-\d+)/">', page))


@time_machine.travel(DAY, tick=False)
def test_the_approval_block_opens_exactly_the_systems_it_counts(client, personas):
    """Finding: the block counted critical systems without board approval, its link
    opened every critical system, the approved ones included."""
    portfolio_needing_the_board(personas, count=2)  # and one approved critical system
    client.force_login(personas.board)
    blocks = client.get("/board/").context["blocks"]
    block = next(b for b in blocks if b.key == "unapproved_critical")
    assert block.count == 2
    counted = set(
        AISystem.objects.filter(risk_tier="critical")
        .exclude(controls__status="implemented")
        .values_list("system_id", flat=True)
    )
    assert len(counted) == 2
    assert _systems_listed(client, block.url) == counted
    page = client.get(block.url).content.decode()
    assert "Board or executive approval in place" in page  # the filter in words
    assert "2 systems" in page


@time_machine.travel(DAY, tick=False)
def test_the_classification_block_opens_exactly_the_systems_it_counts(client, personas):
    """Finding: for the board (not a classifier) the block counted proposals waiting and
    flagged systems, its link listed only the flagged ones."""
    from registry.services import system_classify
    from tests.factories import HIRING_SCREENER

    flagged = AISystemFactory(reclassification_needed=True)
    proposed = AISystemFactory(owner_team=personas.people_ops)
    system_classify(
        actor=personas.owner, system=proposed, inputs=HIRING_SCREENER, rationale="Mine."
    )
    assert proposed.classifications.get().status == "proposed"
    AISystemFactory()  # neither
    client.force_login(personas.board)
    blocks = client.get("/board/").context["blocks"]
    block = next(b for b in blocks if b.key == "classifications_waiting")
    assert block.count == 2
    assert _systems_listed(client, block.url) == {flagged.system_id, proposed.system_id}
