"""Which audience a person may notify, and who watches the regulatory clocks (DOMAIN.md
sections 1 and 6), on top of incidents.permissions' `incidents.notification.draft` and
`.send` (may they notify about this incident at all):

- a regulator: those who file with authorities (`incidents.regulator.notify`: the DPO
  and Legal); a GDPR Art. 33 report only the DPO, whom it names as the contact point;
- affected users and leadership: those who work the incident (responders, the lead,
  the system's incident contact).
"""

from core.choices import Role
from core.permissions import can, has_role, register
from incidents.choices import Audience, ClockKind


def may_notify_audience(user, notification) -> bool:
    """`notification` is an IncidentNotification, saved or a draft about to be."""
    if notification is None:
        return False
    if notification.audience == Audience.REGULATOR:
        if notification.regime == ClockKind.GDPR_72H:
            return has_role(user, Role.DPO)
        return can(user, "incidents.regulator.notify", notification.incident)
    return can(user, "incidents.incident.work", notification.incident)


def may_watch_clocks(user, _obj=None) -> bool:
    """The page of running regulatory clocks: those incidents.permissions lets watch them
    (DPO, Legal, CISO, board, auditors, administrators) and the responders who work the
    incidents; in the navigation for the DPO, Legal and responders."""
    return can(user, "incidents.regulatory.view") or has_role(user, Role.RESPONDER)


def clocks_in_navigation(user, _obj=None) -> bool:
    return has_role(user, Role.DPO, Role.LEGAL, Role.RESPONDER)


def incidents_in_navigation(user, _obj=None) -> bool:
    """The navigation fits one line at 1366 px for every role: the DPO, Legal and
    responders get "Clocks" (whose page links every incident), the security lead
    "Incidents"; everyone else reaches incidents from a system's page (its panel), the
    board's page or their inbox."""
    return has_role(user, Role.SECURITY_LEAD) and not clocks_in_navigation(user)


register("incidents.notification.audience", may_notify_audience)
register("incidents.clocks.view", may_watch_clocks)
register("incidents.clocks.nav", clocks_in_navigation)
register("incidents.nav", incidents_in_navigation)
