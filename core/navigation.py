"""The main navigation, by role: each entry shows only to those who may open it.

Core lists only its own pages; every app adds its entries with `register_nav_entry`
in its AppConfig.ready() (core names no app). An entry's `position` orders the bar
(lower first; equal positions keep the order of registration). An entry may carry a
count provider, `count(user) -> int`, shown beside its label (e.g. the reviewers'
queue). A provider costs at most one query.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from core.permissions import can

CountProvider = Callable[[object], int]


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    action: str  # the action that must be allowed for the entry to show
    count: CountProvider | None = None
    count_label: str = "waiting"  # read after the count by screen readers: "2 overdue"
    position: int = 100


def _overdue(user) -> int:
    """The user's own overdue deadlines, beside "My deadlines" (one query)."""
    from core.clocks.selectors import overdue_count_for

    return overdue_count_for(user)


# The portfolio's deadlines are reached from My deadlines and the board's page, so
# the board's navigation fits one line at 1366 px.
NAV_ENTRIES: list[NavEntry] = [
    NavEntry("Audit trail", "core:audit_list", "core.audit.view", position=30),
    NavEntry(
        "My deadlines",
        "core:my_deadlines",
        "core.deadline.view_own",
        count=_overdue,
        count_label="overdue",
        position=40,
    ),
]


def register_nav_entry(entry: NavEntry) -> None:
    """Add an app's entry (once: a second registration under the same URL is ignored)."""
    if all(known.url_name != entry.url_name for known in NAV_ENTRIES):
        NAV_ENTRIES.append(entry)
        NAV_ENTRIES.sort(key=lambda known: known.position)


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    active: bool
    count: int | None = None
    count_label: str = "waiting"


def navigation_for(user, current_path: str) -> list[NavItem]:
    shown = []
    for entry in NAV_ENTRIES:
        if not can(user, entry.action):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        shown.append((entry, url))
    # The longest matching URL is the one page the visitor is on: /systems/portfolio/
    # must not also mark /systems/ active.
    matching = [url for _, url in shown if url != "/" and current_path.startswith(url)]
    active = max(matching, key=len, default=None)
    return [
        NavItem(
            entry.label,
            url,
            url == active,
            entry.count(user) if entry.count else None,
            entry.count_label,
        )
        for entry, url in shown
    ]


# --- links an app adds to another's page ----------------------------------------------
# A page names a slot ("core.audit_list"); an app registers a link for it (the audit
# trail links to the audit packs an app above keeps), shown to those who may open it.
_page_links: dict[str, list[NavEntry]] = {}


def register_page_link(slot: str, entry: NavEntry) -> None:
    """Add a link to the page's `slot` (once per URL name)."""
    known = _page_links.setdefault(slot, [])
    if all(link.url_name != entry.url_name for link in known):
        known.append(entry)


def page_links_for(user, slot: str) -> list[NavItem]:
    """The links of `slot` this user may open, in the order they were registered."""
    return [
        NavItem(entry.label, reverse(entry.url_name), False)
        for entry in _page_links.get(slot, [])
        if can(user, entry.action)
    ]
