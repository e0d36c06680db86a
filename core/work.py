""" "Waiting for me": one queue of what needs each person now, across every app.

Core names no app: each app registers its sources (`register_work_source`) from its
contributions module, as it does navigation entries and panels. A source says which
roles it asks (so nobody else pays for its query) and gives, for one person, the items
waiting for them: an approval slot, a clock to file, a breach to decide. The page
(core.views.work) groups them by source; the navigation shows their total.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone

from core.choices import Role
from core.clocks.rules import warning_state, warning_times
from core.permissions import roles_of


@dataclass(frozen=True)
class WorkItem:
    """One thing waiting: what it is, where to act on it, why it is this person's, and
    when it is due (None: no due time; such items come after the timed ones)."""

    title: str
    url: str
    why: str
    due_at: datetime | None = None
    warn_before: tuple[timedelta, ...] = ()  # the clock's warnings: the countdown's colour

    @property
    def warn_at(self) -> datetime | None:
        return warning_times(self.due_at, self.warn_before).warn_at if self.due_at else None

    @property
    def at_risk_at(self) -> datetime | None:
        return warning_times(self.due_at, self.warn_before).at_risk_at if self.due_at else None

    @property
    def state(self) -> str:
        """ok, warning, urgent or breached now (countdown.js keeps it current)."""
        if self.due_at is None:
            return "ok"
        times = warning_times(self.due_at, self.warn_before)
        return warning_state(times, self.due_at, timezone.now())


@dataclass(frozen=True)
class WorkSource:
    """A kind of work an app contributes. `items(user)` costs a fixed number of queries
    (one, as a rule) whatever the number of items."""

    key: str
    heading: str
    roles: frozenset[str]  # asked only of people holding one of these roles
    items: Callable[[object], Sequence[WorkItem]] = field(compare=False)
    position: int = 100
    # Deadline kinds this source lists itself (with their due time): core's own
    # "Your deadlines" leaves them out for the people this source asks, so one thing
    # waiting never counts twice under two titles.
    covers_deadline_kinds: frozenset[str] = frozenset()


class WorkShown(list):
    """A source's items when it shows only the first of a long queue: `total` says how
    many wait in all, so the page can say how many more there are and the count is true."""

    def __init__(self, items: Iterable[WorkItem], *, total: int):
        super().__init__(items)
        self.total = total


@dataclass(frozen=True)
class WorkGroup:
    key: str
    heading: str
    items: list[WorkItem]
    more: int = 0  # waiting too, beyond the items the source shows (WorkShown)

    @property
    def count(self) -> int:
        return len(self.items) + self.more


_sources: list[WorkSource] = []


def register_work_source(source: WorkSource) -> None:
    """Add an app's source (once per key), kept in the order of `position`."""
    if all(known.key != source.key for known in _sources):
        _sources.append(source)
        _sources.sort(key=lambda known: known.position)


def sources_for(user) -> list[WorkSource]:
    roles = roles_of(user)
    return [source for source in _sources if source.roles & roles]


def work_for(user) -> list[WorkGroup]:
    """The person's waiting work, source by source (empty sources left out), each
    source's items by due time, soonest first. A thing two sources both list (a
    clock the DPO files and also owns) shows once, in the first source."""
    groups, seen = [], set()
    for source in sources_for(user):
        found = source.items(user)
        more = max(getattr(found, "total", len(found)) - len(found), 0)
        items = [item for item in found if (item.title, item.url) not in seen]
        seen.update((item.title, item.url) for item in items)
        if items or more:
            ordered = sorted(items, key=_due_order)
            groups.append(WorkGroup(source.key, source.heading, ordered, more=more))
    return groups


def work_count_for(user) -> int:
    """How many things wait for the person: the navigation's count."""
    return sum(group.count for group in work_for(user))


def _due_order(item: WorkItem) -> tuple:
    return (item.due_at is None, item.due_at or datetime.max, item.title)


# --- core's own source: the person's deadlines due soon or overdue ---------------------
DUE_SOON = timedelta(days=14)


def deadlines_due_for(user) -> list[WorkItem]:
    """The person's open deadlines due within two weeks or overdue (one query): the
    system reviews, risk reviews and other due dates the apps give them, but for the
    kinds another of their sources lists itself (WorkSource.covers_deadline_kinds)."""
    from core.models import Deadline

    covered = set().union(*(source.covers_deadline_kinds for source in sources_for(user)))
    due = (
        Deadline.objects.filter(
            owner=user,
            met_at__isnull=True,
            cancelled_at__isnull=True,
            due_at__lte=timezone.now() + DUE_SOON,
        )
        .exclude(kind__in=covered)
        .order_by("due_at", "pk")
    )
    return [deadline_item(deadline, why="Yours: you own this deadline.") for deadline in due]


def deadline_item(deadline, *, why: str) -> WorkItem:
    """A clock (core.models.Deadline) as an item: its label, link, due time, warnings."""
    return WorkItem(
        title=deadline.label,
        url=deadline.link,
        why=why,
        due_at=deadline.due_at,
        warn_before=tuple(deadline.warn_before),
    )


register_work_source(
    WorkSource(
        key="core.deadlines",
        heading="Your deadlines in the next two weeks",
        roles=frozenset(Role.values),
        items=deadlines_due_for,
        position=90,
    )
)
