"""Who a deadline's alert tells, and the contribution point for the people only an app
knows about.

The sweep tells the deadline's owner at every threshold, and the holders of its
escalation roles at an escalation. An app that knows more people concerned by a kind
of deadline (registry: the owners of the systems that use a vendor product due for
re-assessment) registers a function for that kind, from its contributions, called in
AppConfig.ready. At each threshold the sweep sends, the function names its extra
recipients, each with their part and, when it is not the deadline's own page, where
their notification leads. They are written in the same batch as the owner's, under the
same unique alert row (deadline, due date, threshold), so a retried, duplicated or
crashed sweep tells them once, as it tells the owner once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from core.choices import Role
from core.clocks import rules
from core.models import Deadline, User
from core.selectors import users_with_role


@dataclass(frozen=True)
class Recipient:
    """One person an alert tells: `why` is their part ("you own it"), shown in the
    notification's reason; `link` replaces the deadline's own link when set."""

    user: User
    why: str
    link: str = ""


ExtraRecipients = Callable[[Deadline, rules.Threshold], Iterable[Recipient]]
_extra_by_kind: dict[str, list[ExtraRecipients]] = {}


def deadline_recipients_register(kind: str, recipients: ExtraRecipients) -> None:
    """Called once by an app's contributions: `recipients(deadline, threshold)` names
    who else an alert of a deadline of `kind` tells (it may name nobody at a threshold
    that does not concern them). Runs inside the sweep's transaction: read only."""
    known = _extra_by_kind.setdefault(kind, [])
    if recipients not in known:
        known.append(recipients)


def alert_recipients(deadline: Deadline, threshold: rules.Threshold) -> list[Recipient]:
    """Who is told, each once, with their part: the owner always, at an escalation every
    active holder of an escalation role (under the first role they hold), then the
    people the apps name for the deadline's kind."""
    found = [Recipient(deadline.owner, "you own it")] if deadline.owner.is_active else []
    told = {deadline.owner_id}
    roles = [r for r in (deadline.escalation_role, *deadline.escalation_roles) if r]
    if threshold.audience == rules.ESCALATION:
        for role in map(Role, dict.fromkeys(roles)):
            why = f"it escalates to the {role.label.lower()}s, and you are one"
            for user in users_with_role(role).exclude(pk__in=told):
                found.append(Recipient(user, why))
                told.add(user.pk)
    for contributed in _extra_by_kind.get(deadline.kind, ()):
        for recipient in contributed(deadline, threshold):
            if recipient.user.pk not in told and recipient.user.is_active:
                found.append(recipient)
                told.add(recipient.user.pk)
    return found
