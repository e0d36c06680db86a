"""The one way the portal writes a date or a time, on pages, in exports and in PDFs.

ISO 8601's order (2026-12-06, 2026-12-06 14:30): read the same way in every country,
sorted as text, and what the CSV exports, the API and the audit trail already write.
A time is always the viewer's: templates render in the zone core.middleware activates
for the request (htmx fragments included); Python code converts with `moment_text`.

Templates use the filters `day` and `moment` (core.templatetags.dates, built in: no
{% load %} needed); a bare {{ value }} and `|date` with no format write the same, by
the formats in config/formats.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils import timezone

# Django's template date formats...
DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = "Y-m-d H:i"
TIME_FORMAT = "H:i"
# ...and for a spreadsheet's cells (Python code calls day_text and moment_text).
SPREADSHEET_DATE = "yyyy-mm-dd"
SPREADSHEET_DATETIME = "yyyy-mm-dd hh:mm"


def day_text(value: date | datetime | None, zone: tzinfo | None = None) -> str:
    """2026-12-06; a moment's day in `zone` (default: the active zone); "" for none."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = local_moment(value, zone).date()
    return value.isoformat()  # not strftime: %Y writes the year 1 as "1", not "0001"


def moment_text(value: datetime | None, zone: tzinfo | None = None) -> str:
    """2026-12-06 14:30 in `zone` (default: the active zone, the viewer's on a page);
    "" for none."""
    if value is None:
        return ""
    local = local_moment(value, zone)
    return f"{local.date().isoformat()} {local:%H:%M}"


def local_moment(value: datetime, zone: tzinfo | None = None) -> datetime:
    """An aware moment in `zone` (default: the active zone); a naive one as it is."""
    if timezone.is_naive(value):
        return value
    return value.astimezone(zone or timezone.get_current_timezone())


def user_zone(user) -> ZoneInfo:
    """A person's time zone (their profile's), or UTC when it is missing or unknown: what
    a page, a mail or an inbox line sent to them writes times in."""
    try:
        return ZoneInfo(getattr(user, "time_zone", "") or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")
