"""How the audit trail shows an event: the action in words and a link to the object.

Apps register both (in their AppConfig.ready), so core imports no app:
    register_action_labels({"system.created": "Registered a system", ...})
    register_object_link("registry.aisystem", lambda object_id, object_repr: url or None)
An action nobody registered shows as its code made readable; an object type nobody
registered shows its name without a link.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

ObjectLink = Callable[[str, str], str | None]  # (object id, object name) -> URL or None

_action_labels: dict[str, str] = {}
_object_links: dict[str, ObjectLink] = {}


def register_action_labels(labels: Mapping[str, str]) -> None:
    _action_labels.update(labels)


def register_object_link(object_type: str, link: ObjectLink) -> None:
    _object_links[object_type] = link


def action_label(code: str) -> str:
    if code in _action_labels:
        return _action_labels[code]
    return code.replace("_", " ").replace(".", ": ", 1).capitalize()


def action_choices() -> list[tuple[str, str]]:
    """The registered actions for the trail's pick-list, in words, alphabetically."""
    return sorted(_action_labels.items(), key=lambda item: item[1].lower())


def object_link(object_type: str, object_id: str, object_repr: str) -> str | None:
    link = _object_links.get(object_type)
    return link(object_id, object_repr) if link else None


register_action_labels(
    {
        "auth.login": "Signed in",
        "auth.logout": "Signed out",
        "auth.login_failed": "Failed sign-in",
        "auth.login_throttled": "Sign-in refused: too many failed attempts",
        "team.created": "Created a team",
        "team.changed": "Changed a team",
        "team.deleted": "Deleted a team",
        "user.created": "Created a user",
        "user.changed": "Changed a user's account",
        "user.superuser_granted": "Made a user a superuser",
        "organisation.updated": "Changed the organisation's profile",
        "ssogroupmapping.created": "Mapped a single sign-on group to a role",
        "ssogroupmapping.changed": "Changed a single sign-on group's role",
        "ssogroupmapping.deleted": "Removed a single sign-on group's role",
        "deadline.opened": "Opened a deadline",
        "deadline.moved": "Moved a deadline",
        "deadline.reassigned": "Gave a deadline to someone else",
        "deadline.met": "Met a deadline",
        "deadline.cancelled": "Cancelled a deadline",
        "user.time_zone_changed": "Changed a time zone",
        "role.granted": "Granted a role",
        "role.revoked": "Revoked a role",
        "api_token.issued": "Issued an API token",
        "api_token.revoked": "Revoked an API token",
        "audit.exported": "Exported the audit trail",
        "audit.verified": "Verified the audit trail's hash chain",
        "list.exported": "Exported a list",
        "evidence.uploaded": "Uploaded an evidence file",
        "evidence.downloaded": "Downloaded an evidence file",
        "backup.made": "Made a backup of the portal",
    }
)
