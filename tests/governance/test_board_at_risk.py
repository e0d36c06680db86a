"""One warning rule (issue 15, section 1): the board's "at risk" block, the countdown
colours and countdown.js read the SLA policy's warning offsets, as stored on each clock
(core.clocks.rules.warning_times). Found: three of them hard-coded six hours and a
quarter of the window."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from core.clocks.rules import WarningTimes, warning_state, warning_times
from governance.selectors.board import regulatory_alerts
from incidents.selectors import sla_policy_current
from incidents.services.report import incident_report
from incidents.services.sla_policy import sla_policy_change
from tests.factories import AISystemFactory

T = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
H = timedelta(hours=1)


def test_warning_and_at_risk_fall_at_the_first_and_second_warning():
    due = T + 72 * H
    times = warning_times(due, [6 * H, 36 * H, 18 * H])
    assert times == WarningTimes(warn_at=T + 36 * H, at_risk_at=T + 54 * H)
    assert warning_times(due, [2 * H]) == WarningTimes(due - 2 * H, due - 2 * H)
    assert warning_times(due, []) == WarningTimes(None, None)
    states = [warning_state(times, due, T + h * H) for h in (35, 36, 53, 54, 71, 72)]
    assert states == ["ok", "warning", "warning", "urgent", "urgent", "breached"]


@pytest.fixture
def gdpr_incident(personas):
    """A policy warning at a quarter and half of a window and 12 h before a GDPR clock
    (offsets 54 h, 36 h and 12 h before it is due), and a personal-data breach reported
    at T: its GDPR clock is due T + 72 h, "at risk" from T + 36 h."""
    current = sla_policy_current()
    sla_policy_change(
        actor=personas.admin,
        minutes=current.minutes,
        business_day_severities=current.business_day_severities,
        warn_fractions=[0.25, 0.5],
        gdpr_warn_hours=12,
    )
    system = AISystemFactory(system_id="SYS-001", owner_team=personas.people_ops)
    with time_machine.travel(T, tick=False):
        return incident_report(
            actor=personas.dpo,
            system=system,
            type="privacy_violation",
            severity="high",
            discovered_at=T,
            description="Applicants' data shown to others.",
            eu_residents_affected=True,
            personal_data_exposed=True,
            breach_nature=["disclosure"],
        )


def test_the_board_lists_a_clock_at_risk_by_the_policy_not_by_a_quarter(gdpr_incident):
    """Input: GDPR clock due T+72 h, policy warnings 54/36/12 h before, now T+42 h (30 h
    left). Expected: at risk (past the 36 h warning). Got before: not listed (30 h is
    more than a quarter of the window and more than six hours)."""
    with time_machine.travel(T + 42 * H, tick=False):
        listed = [(a.incident_id, a.clock.kind, a.breached) for a in regulatory_alerts()]
    assert ("INC-0001", "gdpr_72h", False) in listed


def test_the_board_does_not_list_a_clock_before_its_second_warning(gdpr_incident):
    with time_machine.travel(T + 30 * H, tick=False):
        assert [a for a in regulatory_alerts() if a.clock.kind == "gdpr_72h"] == []


def test_the_countdown_carries_the_policys_warning_moments(gdpr_incident, client, personas):
    """The incident page's GDPR countdown: data-warn-at T+18 h, data-risk-at T+36 h,
    coloured "urgent" at T+40 h; no fixed six hours (data-warn-hours) for the script."""
    client.force_login(personas.dpo)
    with time_machine.travel(T + 40 * H, tick=False):
        html = client.get("/incidents/INC-0001/").content.decode()
    gdpr = re.search(r'<tr[^>]*data-clock="gdpr_72h".*?</tr>', html, re.S).group(0)
    countdown = re.search(r'<time class="countdown"[^>]*>', gdpr).group(0)
    assert 'data-warn-at="2026-12-02T03:00:00+00:00"' in countdown
    assert 'data-risk-at="2026-12-02T21:00:00+00:00"' in countdown
    assert 'data-state="urgent"' in countdown
    assert "data-warn-hours" not in html and "data-start" not in countdown


def test_the_board_page_shows_the_clock_at_risk_with_the_same_moments(
    gdpr_incident, client, personas
):
    client.force_login(personas.board)
    with time_machine.travel(T + 42 * H, tick=False):
        html = client.get("/board/").content.decode()
    block = html[html.index('id="block-regulatory-clocks"') :]
    block = block[: block.index("</section>")]
    assert "At risk" in block and "INC-0001" in block
    assert 'data-risk-at="2026-12-02T21:00:00+00:00"' in block


def test_countdown_js_compares_the_servers_moments_and_holds_no_fraction_of_its_own():
    from django.conf import settings

    script = (settings.BASE_DIR / "static" / "js" / "countdown.js").read_text()
    assert "dataset.warnAt" in script and "dataset.riskAt" in script
    assert not re.search(r"0\.75|0\.5\b|warnHours|3600000", script)
