"""The API writes every time as Django REST framework's DateTimeField does (ISO 8601 in
the active zone, "Z" for UTC): core.lists.api_time writes aware times itself for speed
(300 a page of 50 incidents), so it must agree with DRF to the character."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st
from rest_framework.fields import DateTimeField

from core.lists import api_time

ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe"]
moments = st.datetimes(
    min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.just(UTC)
)


@given(at=moments, zone=st.sampled_from(ZONES))
def test_api_time_writes_what_drf_writes(at, zone):
    with timezone.override(ZoneInfo(zone)):
        assert api_time(at) == DateTimeField().to_representation(at)


def test_api_time_of_a_worked_example():
    at = datetime(2026, 3, 4, 9, 30, 15, 250000, tzinfo=UTC)
    with timezone.override(ZoneInfo("UTC")):
        assert api_time(at) == "2026-03-04T09:30:15.250000Z"
    with timezone.override(ZoneInfo("Europe/Berlin")):
        assert api_time(at) == "2026-03-04T10:30:15.250000+01:00"
        assert api_time(at + timedelta(days=120)) == "2026-07-02T11:30:15.250000+02:00"
    assert api_time(None) is None
