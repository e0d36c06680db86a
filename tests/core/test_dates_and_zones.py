"""Every time in the viewer's zone, htmx fragments included, and one date format across
pages, exports and PDFs (core.dates)."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.http import HttpResponse
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone

from core.dates import day_text, moment_text
from core.middleware import ViewerTimeZoneMiddleware
from tests.factories import UserFactory

AT = datetime(2026, 11, 30, 21, 25, tzinfo=UTC)  # 22:25 in Berlin


def zone_seen(path: str, user, **headers) -> str:
    """The zone a view under the middleware renders in."""
    seen = []

    def view(_request):
        seen.append(timezone.get_current_timezone_name())
        return HttpResponse()

    request = RequestFactory().get(path, **headers)
    request.user = user
    ViewerTimeZoneMiddleware(view)(request)
    return seen[0]


@pytest.mark.django_db
def test_every_page_and_fragment_renders_in_the_viewers_zone_and_the_api_in_utc():
    person = UserFactory(time_zone="Europe/Berlin")
    assert (
        zone_seen("/systems/SYS-001/gate-requests/1/approvals/", person, HTTP_HX_REQUEST="true")
        == "Europe/Berlin"
    )
    assert zone_seen("/incidents/", person) == "Europe/Berlin"
    assert zone_seen("/admin/", person) == "Europe/Berlin"
    assert zone_seen("/api/v1/incidents/", person) == "UTC"
    assert timezone.get_current_timezone_name() == "UTC"  # deactivated after the request
    person.time_zone = "Mars/Olympus"
    assert zone_seen("/incidents/", person) == "UTC"


def test_one_format_for_days_and_moments():
    berlin = ZoneInfo("Europe/Berlin")
    assert day_text(date(2026, 3, 29)) == "2026-03-29"
    assert day_text(date(1, 1, 1)) == "0001-01-01"  # a range from the calendar's start
    assert day_text(datetime(2026, 11, 30, 23, 30, tzinfo=UTC), berlin) == "2026-12-01"
    assert moment_text(AT, berlin) == "2026-11-30 22:25"
    assert moment_text(None) == "" and day_text(None) == ""


def test_templates_write_the_same_format_with_or_without_a_filter():
    template = Template(
        "{{ at|moment }} | {{ at|day }} | {{ at }} | {{ at|date }} | {{ on|day }}"
        " | {{ none|moment }}"
    )
    with timezone.override(ZoneInfo("Europe/Berlin")):
        text = template.render(Context({"at": AT, "on": date(2026, 3, 29), "none": None}))
    assert text == "2026-11-30 22:25 | 2026-11-30 | 2026-11-30 22:25 | 2026-11-30 | 2026-03-29 | "
