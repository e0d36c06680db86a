"""The portal's one date format (core.dates) for Django's own rendering: a bare
{{ value }}, |date without a format, and the admin."""

from core.dates import DATE_FORMAT, DATETIME_FORMAT, TIME_FORMAT

SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
__all__ = [
    "DATE_FORMAT",
    "DATETIME_FORMAT",
    "SHORT_DATETIME_FORMAT",
    "SHORT_DATE_FORMAT",
    "TIME_FORMAT",
]
