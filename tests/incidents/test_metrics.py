"""incidents.rules.metrics: times to each step and SLA compliance, computed from rows."""

from datetime import UTC, datetime, timedelta

from incidents.rules.charts import compliance_svg, duration_svg
from incidents.rules.metrics import sla_compliance, time_to

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def row(severity, triage_min=None, contain_min=None, notify_min=None):
    at = lambda m: None if m is None else T0 + timedelta(minutes=m)  # noqa: E731
    return {
        "severity": severity,
        "discovered_at": T0,
        "triaged_at": at(triage_min),
        "contained_at": at(contain_min),
        "notified_at": at(notify_min),
    }


def test_median_time_to_triage_per_severity_skips_steps_not_reached():
    rows = [
        row("critical", 10),
        row("critical", 20),
        row("critical", 90),
        row("high", 45),
        row("high"),
    ]
    by = {d.severity: d for d in time_to(rows, "triage")}
    assert (by["critical"].incidents, by["critical"].median_minutes) == (3, 20)
    assert (by["high"].incidents, by["high"].median_minutes) == (1, 45)
    assert (by["low"].incidents, by["low"].median_minutes) == (0, None)


def test_compliance_counts_met_on_time_late_and_breached_but_not_running():
    now = datetime(2026, 12, 15, tzinfo=UTC)
    nov, dec = datetime(2026, 11, 10, tzinfo=UTC), datetime(2026, 12, 10, tzinfo=UTC)
    clocks = [
        {"severity": "high", "due_at": nov, "met_at": nov - timedelta(minutes=1)},  # on time
        {"severity": "high", "due_at": nov, "met_at": nov + timedelta(minutes=1)},  # late
        {"severity": "high", "due_at": dec, "met_at": None},  # breached
        {"severity": "high", "due_at": now + timedelta(hours=1), "met_at": None},  # running
        {"severity": "low", "due_at": dec, "met_at": dec},  # exactly at the due time
    ]
    result = {
        (c.severity, c.month): (c.on_time, c.decided, c.percent)
        for c in sla_compliance(clocks, now)
    }
    assert result == {
        ("high", "2026-11"): (1, 2, 50),
        ("high", "2026-12"): (0, 1, 0),
        ("low", "2026-12"): (1, 1, 100),
    }


def test_charts_write_every_number_as_text():
    svg = duration_svg(time_to([row("critical", 10), row("high", 180)], "triage"), label="Triage")
    assert "10 min (n=1)" in svg and "3.0 h (n=1)" in svg and "<script" not in svg
    nov = datetime(2026, 11, 10, tzinfo=UTC)
    comp = sla_compliance([{"severity": "high", "due_at": nov, "met_at": nov}], nov)
    svg = compliance_svg(comp, severity="high", label="High")
    assert "100%" in svg and "2026-11" in svg and "1 of 1 on time" in svg
