"""The rows of the DPO's regulatory clocks page, drawn in Python.

At an enterprise's size the page lists 50 clocks a page (the demo a few in all). Drawn
through the template language, each row's four includes (incidents/_when.html twice,
incidents/_countdown.html and components/countdown.html) resolved some 330 variables and
cost about 0.3 ms, 15 ms of a 42 ms page (bench/scale.py); drawn here, a row costs a
tenth of that. The markup is the components' own, character for character
(tests/incidents/test_clock_rows.py renders both and compares them), so the page, its
live countdowns (static/js/countdown.js) and its words do not change.
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from html import escape  # Django's escape is this one, behind a lazy-text wrapper

from django import template
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from core.dates import moment_text
from incidents.contributions import incident_link
from incidents.selectors.incident import Clock, RegulatoryClock

register = template.Library()

STATE_WORDS = {"urgent": ", at risk", "warning": ", due soon"}


def _iso_utc(at: datetime) -> str:
    """`{{ at|utc|date:'c' }}`."""
    return at.astimezone(UTC).isoformat()


def _zone_name(local: datetime) -> str:
    """`{{ at|date:"T" }}`: the zone's abbreviation (CET), and, as Django's filter writes
    it, nothing in the hour that a change back from summer time repeats."""
    zone = local.tzinfo
    if zone.utcoffset(local.replace(fold=not local.fold)) != zone.utcoffset(local):
        return ""
    return str(local.tzname())


def when_html(at: datetime | None, zone: tzinfo) -> str:
    """incidents/_when.html: the moment in the viewer's `zone` with the zone's name, and UTC."""
    if not at:
        return "—"
    utc = at.astimezone(UTC)
    return (
        f'<time datetime="{utc.isoformat()}">{moment_text(at, zone)}'
        f" {escape(_zone_name(at.astimezone(zone)))}</time>"
        f' <span class="muted small">({utc:%H:%M} UTC)</span>'
    )


def countdown_html(clock: Clock, zone: tzinfo) -> str:
    """incidents/_countdown.html: how a met clock was met, else components/countdown.html."""
    if clock.met_at:
        late = " late" if clock.breached else ""
        badge = "badge-danger" if clock.breached else "badge-success"
        return f'<span class="badge {badge}">Met{late}</span>'
    state = escape(clock.state)
    moments = "".join(
        f' data-{name}="{_iso_utc(at)}"'
        for name, at in (("warn-at", clock.warn_at), ("risk-at", clock.at_risk_at))
        if at
    )
    words = "overdue since" if clock.state == "breached" else "due"
    return (
        f'<time class="countdown" datetime="{_iso_utc(clock.due_at)}"{moments}'
        f' data-state="{state}">{words} {moment_text(clock.due_at, zone)}</time>'
        f'<span class="countdown-state" data-state="{state}">'
        f"{STATE_WORDS.get(clock.state, '')}</span>"
    )


def _met_html(clock: Clock, zone: tzinfo) -> str:
    if not clock.met_at:
        return '<span class="muted">running</span>'
    by = f" by {escape(clock.met_by)}" if clock.met_by else ""
    return when_html(clock.met_at, zone) + by


@register.simple_tag
def regulatory_clock_row(row: RegulatoryClock) -> SafeString:
    """One `<tr>` of the clocks page: due, time left, incident, clock, system, met."""
    incident, clock = row.incident, row.clock
    breached = ' <span class="badge badge-danger">Breached</span>' if clock.breached else ""
    css = "clock-row-breached" if clock.breached and not clock.met_at else ""
    system, zone = incident.system, timezone.get_current_timezone()  # the viewer's
    return mark_safe(  # noqa: S308 - every value from the database is escaped above or here
        f'<tr class="{css}" data-clock="{escape(clock.kind.value)}">'
        f'<td class="nowrap">{when_html(clock.due_at, zone)}</td>'
        f"<td>{countdown_html(clock, zone)}</td>"
        f'<th scope="row" class="wide"><a href="{escape(incident_link(incident.incident_id))}">'
        f"{escape(incident.incident_id)}</a> {escape(incident.title)}</th>"
        f"<td>{escape(clock.kind.label)}{breached}</td>"
        f"<td>{escape(system.system_id)} {escape(system.name)}</td>"
        f"<td>{_met_html(clock, zone)}</td></tr>"
    )
