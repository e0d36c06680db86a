"""The organisation's business-day calendar for incident SLAs: weekends plus the public
holidays of the SLA policy's country, from the `holidays` package. Built here (not in
rules.py) so the rules stay pure and take the calendar as a value."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

import holidays as holiday_data
from django.conf import settings

from incidents.rules import BusinessCalendar


@lru_cache(maxsize=32)
def _holiday_dates(country: str, years: tuple[int, ...]) -> frozenset:
    return frozenset(holiday_data.country_holidays(country, years=list(years)).keys())


def business_calendar(country: str, around: datetime) -> BusinessCalendar:
    """The calendar covering `around`'s year and the next (a window may cross New Year),
    dates read in the portal's time zone (settings.TIME_ZONE)."""
    years = (around.year, around.year + 1)
    return BusinessCalendar(holidays=_holiday_dates(country, years), zone=settings.TIME_ZONE)
