"""The audit trail as a list of the list kit: its filters and columns, declared once
for the page and the CSV export.

Query parameters (blank means any, see core.lists):
  object_name   a system ID or a whole word of the object's name, e.g. SYS-001
  object_type   a model label from the pick-list, e.g. registry.aisystem
  object_id     the object's id
  actor         part of the actor's name or e-mail
  action        an action code from the pick-list, e.g. system.classified
  hide_sign_in  true: leave out sign-ins, sign-outs and failed sign-ins
  date_from, date_to   calendar days in the viewer's time zone (inclusive)
  ordering      seq | -seq (default: newest first)
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import django_filters
from django import forms
from django.apps import apps
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q, QuerySet
from django.utils.html import format_html

from core.audit_display import action_choices, action_label, object_link
from core.lists import (
    Column,
    ListFilterSet,
    ListSpec,
    PersonSearchFilter,
    PlainChoiceFilter,
    StrictBooleanFilter,
)
from core.lists.paging import MAX_PAGE_SIZE, PAGE_SIZE, ListParamError, whole_number
from core.lists.spec import ListQuery
from core.models import AuditEvent, User

# Days a filter may name; beyond them "the day after" overflows Python's dates.
DATE_RANGE = [
    MinValueValidator(date(1970, 1, 1), "Choose a day from 1970 on."),
    MaxValueValidator(date(9999, 12, 30), "Choose a day before 9999-12-31."),
]
SIGN_IN_ACTIONS = "auth."
SUMMARY_LENGTH = 90


class TrueCheckbox(forms.CheckboxInput):
    """A checkbox that sends `true`, for a strict yes/no filter."""

    def __init__(self, attrs=None):
        super().__init__({"value": "true", **(attrs or {})}, check_test=lambda v: v is True)

    def value_from_datadict(self, data, files, name):
        return data.get(name)


def object_type_choices() -> list[tuple[str, str]]:
    """Every model the trail can name, by its label (taken from the app registry rather
    than a DISTINCT over the whole trail)."""
    models = apps.get_models()
    choices = {
        m._meta.label_lower: f"{m._meta.verbose_name.capitalize()} ({m._meta.label_lower})"
        for m in models
    }
    return sorted(choices.items(), key=lambda item: item[1])


class AuditFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end date is before the start date.")
        return cleaned


def _whole_words(text: str) -> str:
    """A pattern for `text` standing alone in what the trail calls an object, so that
    SYS-001 finds "SYS-001 Resume screener" and "SYS-001: Model card", not SYS-0012."""
    return rf"(^|[^[:alnum:]]){re.escape(text.strip())}($|[^[:alnum:]])"


def _local_midnight(day: date, zone: str) -> datetime:
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(zone))


class ActorFilter(PersonSearchFilter):
    """The actor box: people whose name or e-mail holds the text, by their id, and
    outsiders (a vendor contact, the console) by the label the event carries. Matching
    the people in their own small table lets PostgreSQL expect their many events: a
    text match over five million labels it guessed rare, and read and sorted every
    match rather than the newest by seq (issue 21, bench/scale.py)."""

    def filter(self, qs, value):
        if not value:
            return qs
        text = value.strip()
        people = User.objects.filter(Q(email__icontains=text) | Q(full_name__icontains=text))
        return qs.filter(
            Q(actor_id__in=people.values("pk")) | Q(actor__isnull=True, actor_label__icontains=text)
        )


class AuditFilter(ListFilterSet):
    object_name = django_filters.CharFilter(
        label="Object",
        method="filter_object_name",
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": "e.g. SYS-001"}),
    )
    object_type = PlainChoiceFilter("Object type", object_type_choices)
    object_id = django_filters.CharFilter(label="Object id", max_length=64)
    actor = ActorFilter("Actor")
    action = PlainChoiceFilter("Action", action_choices)
    hide_sign_in = StrictBooleanFilter(
        label="Hide sign-in events", method="filter_hide_sign_in", widget=TrueCheckbox
    )
    date_from = django_filters.DateFilter(
        label="From",
        method="filter_date_from",
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=DATE_RANGE,
    )
    date_to = django_filters.DateFilter(
        label="To",
        method="filter_date_to",
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=DATE_RANGE,
    )

    class Meta:
        model = AuditEvent
        fields: list[str] = []
        form = AuditFilterForm

    @property
    def zone(self) -> str:
        return self.context.get("time_zone", "UTC")

    def filter_object_name(self, qs: QuerySet, _name: str, value: str) -> QuerySet:
        return qs.filter(object_repr__iregex=_whole_words(value))

    def filter_hide_sign_in(self, qs: QuerySet, _name: str, value: bool) -> QuerySet:
        return qs.exclude(action__startswith=SIGN_IN_ACTIONS) if value else qs

    def filter_date_from(self, qs: QuerySet, _name: str, value: date) -> QuerySet:
        return qs.filter(at__gte=_local_midnight(value, self.zone))

    def filter_date_to(self, qs: QuerySet, _name: str, value: date) -> QuerySet:
        return qs.filter(at__lt=_local_midnight(value + timedelta(days=1), self.zone))


def _plain(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, dict | list):
        return json.dumps(value, default=str, ensure_ascii=False)
    return str(value)


def changes_summary(changes) -> str:
    """One line: `field: old → new` for diffs, `key: value` otherwise."""
    if not changes:
        return ""
    if not isinstance(changes, dict):
        return json.dumps(changes, default=str)
    parts = []
    for key, value in changes.items():
        if isinstance(value, list) and len(value) == 2:
            parts.append(f"{key}: {_plain(value[0])} → {_plain(value[1])}")
        else:
            parts.append(f"{key}: {_plain(value)}")
    return "; ".join(parts)


def changes_cell(row, _context) -> str:
    """Short changes in full; long ones cut, with the whole of them one click away."""
    summary = changes_summary(row["changes"])
    if not summary:
        return "—"
    if len(summary) <= SUMMARY_LENGTH:
        return format_html("{}", summary)
    return format_html(
        "<details><summary>{}…</summary><p>{}</p></details>",
        summary[: SUMMARY_LENGTH - 1],
        summary,
    )


def _local(row, context) -> datetime:
    return row["at"].astimezone(ZoneInfo(context.get("time_zone", "UTC")))


def time_cell(row, context) -> str:
    at = _local(row, context)
    return format_html('<time datetime="{}">{}</time>', at.isoformat(), f"{at:%Y-%m-%d %H:%M:%S}")


def actor_cell(row, _context) -> str:
    if not row["actor_label"]:
        return '<span class="muted">system</span>'
    if row["actor__full_name"]:
        return format_html(
            '{}<br><span class="muted">{}</span>', row["actor__full_name"], row["actor_label"]
        )
    return format_html("{}", row["actor_label"])


def action_cell(row, _context) -> str:
    return format_html('<span title="{}">{}</span>', row["action"], action_label(row["action"]))


def object_cell(row, _context) -> str:
    kind, pk, name = row["object_type"], row["object_id"], row["object_repr"]
    if not kind:
        return "—"
    shown = name or f"{kind}:{pk or '—'}"
    url = object_link(kind, pk, name)
    label = format_html('<a href="{}">{}</a>', url, shown) if url else format_html("{}", shown)
    if not pk:
        return label
    everything = format_html("?object_type={}&object_id={}", kind, pk)
    return format_html(
        '{}<br><a class="muted small" href="{}" title="All events of {}:{}">all events</a>',
        label,
        everything,
        kind,
        pk,
    )


def _exported(key: str, **kw) -> Column:
    return Column(key, key, page=False, **kw)


COLUMNS = (
    Column("seq", "Seq", sort="seq", css="num mono"),
    Column(
        "at_local",
        "Time",
        fields=("at",),
        cell=time_cell,
        css="nowrap",
        text=lambda row, context: _local(row, context).isoformat(),
    ),
    _exported("at_utc", fields=("at",), text=lambda row, _: row["at"].astimezone(UTC).isoformat()),
    Column(
        "actor",
        "Actor",
        fields=("actor_label", "actor__full_name"),
        cell=actor_cell,
        text=lambda row, _: row["actor_label"] or "system",
    ),
    Column("action", "Action", cell=action_cell),
    Column(
        "object",
        "Object",
        fields=("object_type", "object_id", "object_repr"),
        cell=object_cell,
        exported=False,
    ),
    _exported("object_type"),
    _exported("object_id"),
    _exported("object_repr"),
    Column(
        "changes",
        "Changes",
        cell=changes_cell,
        text=lambda row, _: json.dumps(
            row["changes"], sort_keys=True, default=str, ensure_ascii=False
        ),
        css="changes",
    ),
    Column(
        "request_id",
        "Request",
        css="mono muted request",
        cell=lambda row, _: format_html(
            '<span title="{0}">{1}</span>', row["request_id"], row["request_id"][:8] or "—"
        ),
    ),
    _exported("prev_hash"),
    _exported("hash"),
)

AUDIT_LIST = ListSpec(
    name="core.auditevent",
    filterset=AuditFilter,
    columns=COLUMNS,
    default_ordering="-seq",
    tie_breaker="seq",
    filename="audit-trail",
    caption="Audit events",
    pager=lambda query: keyset_page(query),  # defined below, with the trail's cursors
)


# Keyset pages: "Newer" and "Older" by seq rather than numbered pages, so that a page of
# a trail of millions is one index range read and never a COUNT(*) over the filter.
BEFORE, AFTER = "before", "after"
CURSORS = (BEFORE, AFTER, "page")


@dataclass(frozen=True)
class KeysetPage:
    """One page of the trail: its rows in the list's order, and the query strings of the
    newer and older pages ("" when there is none)."""

    object_list: list
    newer: str
    older: str
    size: int


def _cursor(params: Mapping) -> tuple[str, int] | None:
    if str(params.get("page", "1")).strip() != "1":  # a link from before the keyset pages
        raise ListParamError({"page": ["The trail pages by Newer and Older, not by number."]})
    named = [name for name in (BEFORE, AFTER) if params.get(name) not in (None, "")]
    if len(named) > 1:
        raise ListParamError({AFTER: ["Use either before or after, not both."]})
    if not named:
        return None
    return named[0], whole_number(params, named[0], 1, None)


def _link(params: Mapping, name: str, seq: int) -> str:
    kept = [
        (key, value)
        for key, values in (params.lists() if hasattr(params, "lists") else params.items())
        if key not in CURSORS
        for value in (values if isinstance(values, list) else [values])
    ]
    return "?" + urlencode([*kept, (name, seq)])


def keyset_page(query: ListQuery) -> KeysetPage:
    """The page `before` (older than) or `after` (newer than) the event of that seq asks
    for, or the first page; ListParamError naming `before`, `after` or `page_size`.
    One query: the page's rows and one more, to know whether there is a next page."""
    params = query.params
    size = whole_number(params, "page_size", PAGE_SIZE, MAX_PAGE_SIZE)
    cursor = _cursor(params)
    newest_first = query.ordering.startswith("-")
    rows = query.rows("page")
    if cursor:
        name, seq = cursor
        rows = rows.filter(seq__lt=seq) if name == BEFORE else rows.filter(seq__gt=seq)
        # Reading away from the cursor: against the list's order for the side it faces.
        if (name == AFTER) == newest_first:
            rows = rows.reverse()
    found = list(rows[: size + 1])
    more = len(found) > size
    found = found[:size]
    if cursor and (cursor[0] == AFTER) == newest_first:
        found.reverse()
    if not found:
        return KeysetPage([], "", "", size)
    newer_seq, older_seq = (found[0], found[-1]) if newest_first else (found[-1], found[0])
    onward = BEFORE if newest_first else AFTER  # the side the list's order reads on to
    if cursor is None or cursor[0] == onward:
        has_onward, has_back = more, cursor is not None
    else:
        has_onward, has_back = True, more
    has_older, has_newer = (has_onward, has_back) if newest_first else (has_back, has_onward)
    return KeysetPage(
        found,
        _link(params, AFTER, newer_seq["seq"]) if has_newer else "",
        _link(params, BEFORE, older_seq["seq"]) if has_older else "",
        size,
    )
