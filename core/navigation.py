"""The main navigation, by role: each entry shows only to those who may open it.

Core lists only its own pages; every app adds its entries with `register_nav_entry`
in its AppConfig.ready() (core names no app). An entry's `position` orders the bar
(lower first; equal positions keep the order of registration). Entries naming the same
`group` ("Systems", "Incidents") fold into one menu of the bar, placed where its first
entry would stand, so the bar keeps to a few areas however many pages arrive; an entry
without a group stands on the bar itself. An entry may carry a
count provider, `count(user) -> int`, shown beside its label (e.g. the reviewers'
queue). A provider costs at most one query; a dearer count ("Waiting for me": one
query or two per source the person's roles ask, core.work) names a view that answers
the badge alone, which htmx asks for once the page is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import KW_ONLY, dataclass

from django.urls import NoReverseMatch, reverse

from core.permissions import can

CountProvider = Callable[[object], int]


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    action: str  # the action that must be allowed for the entry to show
    _: KW_ONLY
    count: CountProvider | None = None
    count_label: str = "waiting"  # read after the count by screen readers: "2 overdue"
    position: int = 100
    group: str = ""  # the menu of the bar it sits in; "" stands on the bar itself
    # A count that costs more than one query comes after the page, from this URL name
    # (a view answering the badge alone), so no page waits for it.
    count_url_name: str = ""


def _overdue(user) -> int:
    """The user's own overdue deadlines, beside "My deadlines" (one query)."""
    from core.clocks.selectors import overdue_count_for

    return overdue_count_for(user)


# Core's own: "Waiting for me" on the bar itself, and the "Records" menu (the audit packs
# and any app's records join it).
NAV_ENTRIES: list[NavEntry] = [
    NavEntry(
        "Waiting for me",
        "core:waiting_for_me",
        "core.work.view",
        count_url_name="core:waiting_count",
        count_label="waiting for you",
        position=1,
    ),
    NavEntry(
        "My deadlines",
        "core:my_deadlines",
        "core.deadline.view_own",
        count=_overdue,
        count_label="overdue",
        position=80,
        group="Records",
    ),
    NavEntry("Audit trail", "core:audit_list", "core.audit.view", position=82, group="Records"),
    NavEntry(
        "Portfolio deadlines",
        "core:portfolio_deadlines",
        "core.deadline.view_portfolio",
        position=83,
        group="Records",
    ),
]


def register_nav_entry(entry: NavEntry) -> None:
    """Add an app's entry (once: a second registration under the same URL is ignored)."""
    if all(known.url_name != entry.url_name for known in NAV_ENTRIES):
        NAV_ENTRIES.append(entry)
        NAV_ENTRIES.sort(key=lambda known: known.position)


@dataclass(frozen=True)
class NavItem:
    """A link of the bar, or a menu (`children`: its links; `url` empty)."""

    label: str
    url: str
    active: bool
    count: int | None = None
    count_label: str = "waiting"
    children: tuple[NavItem, ...] = ()
    count_url: str = ""


def navigation_for(user, current_path: str) -> list[NavItem]:
    """The bar for this person: their links, folded into their groups' menus."""
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
    bar: list[NavItem] = []
    menus: dict[str, list[NavItem]] = {}
    for entry, url in shown:
        count = entry.count(user) if entry.count else None
        count_url = reverse(entry.count_url_name) if entry.count_url_name else ""
        item = NavItem(entry.label, url, url == active, count, entry.count_label, (), count_url)
        if not entry.group:
            bar.append(item)
        elif entry.group not in menus:
            menus[entry.group] = [item]
            bar.append(NavItem(entry.group, "", False))  # its place; filled below
        else:
            menus[entry.group].append(item)
    return [_menu(item.label, menus[item.label]) if not item.url else item for item in bar]


def _menu(label: str, links: list[NavItem]) -> NavItem:
    """A group's menu: active when one of its links is, counting what its links count."""
    counts = [link.count for link in links if link.count]
    return NavItem(
        label,
        "",
        any(link.active for link in links),
        sum(counts) if counts else None,
        links[0].count_label if len(counts) == 1 else "waiting",
        tuple(links),
    )


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
