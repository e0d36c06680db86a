"""The main navigation, by role: each entry shows only to those who may open it."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from core.permissions import can

# (label, url name, action that must be allowed)
NAV_ENTRIES = [
    ("Portfolio", "registry:portfolio", "registry.system.view"),
    ("AI systems", "registry:system_list", "registry.system.view"),
    ("Audit trail", "core:audit_list", "core.audit.view"),
]


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    active: bool


def navigation_for(user, current_path: str) -> list[NavItem]:
    """The entries the user may open; the one whose URL is the longest start of the
    current path is active (the portfolio lives under the system list's /systems/)."""
    entries = []
    for label, name, action in NAV_ENTRIES:
        if not can(user, action):
            continue
        try:
            entries.append((label, reverse(name)))
        except NoReverseMatch:
            continue
    matching = [url for _, url in entries if url != "/" and current_path.startswith(url)]
    active = max(matching, key=len, default=None)
    return [NavItem(label, url, url == active) for label, url in entries]
