"""Who owns each clock and who hears when it is overdue (DOMAIN.md sections 1 and 6)."""

from __future__ import annotations

from core.choices import Role
from incidents.choices import ClockKind as K

__all__ = ["ESCALATED_TO", "FILED_BY", "SLA_ESCALATED_TO", "escalated_to", "filed_by"]

# Who owns a clock (DOMAIN 1 and 6): a regulatory filing belongs to the roles that file
# it, in this order of preference; an SLA clock to the incident lead, or until one takes
# the lead to the on-call responders. Never to whoever happened to report the incident.
FILED_BY = {
    K.GDPR_72H: (Role.DPO,),
    K.AI_ACT_ART73: (Role.LEGAL, Role.DPO),
}
# Who hears when a clock is overdue, besides its owner.
ESCALATED_TO = {
    K.GDPR_72H: (Role.CISO, Role.DPO),
    K.AI_ACT_ART73: (Role.CISO, Role.LEGAL, Role.DPO),
}
SLA_ESCALATED_TO = (Role.CISO,)


def filed_by(kind: str) -> tuple[str, ...]:
    """The roles that own a regulatory clock, in order; () for an SLA clock."""
    return FILED_BY.get(K(kind), ())


def escalated_to(kind: str) -> tuple[str, ...]:
    return ESCALATED_TO.get(K(kind), SLA_ESCALATED_TO)
