"""The organisation's business-day calendar for incident SLAs (DOMAIN.md 6, 13): its
time zone and the public holidays of its country and region, both from the organisation
profile, with the dates from the `holidays` package. Built here (not in rules.py) so
the rules stay pure and take the calendar as a value."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

import holidays as holiday_data

from core.selectors import organisation_profile_get
from incidents.rules.incident import BusinessCalendar


@lru_cache(maxsize=32)
def _holiday_dates(country: str, subdivision: str, years: tuple[int, ...]) -> frozenset:
    calendar = holiday_data.country_holidays(country, subdiv=subdivision or None, years=years)
    return frozenset(calendar.keys())


def business_calendar(around: datetime) -> BusinessCalendar:
    """The organisation's calendar covering `around`'s year and the next (a window may
    cross New Year): dates read in its time zone, its country's (and region's) public
    holidays; weekends only when the profile names no holiday country."""
    profile = organisation_profile_get()
    years = (around.year - 1, around.year, around.year + 1)
    days = frozenset()
    if profile.holiday_country:
        days = _holiday_dates(profile.holiday_country, profile.holiday_subdivision, years)
    return BusinessCalendar(holidays=days, zone=profile.time_zone or "UTC")
