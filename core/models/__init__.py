from .audit import AuditEvent
from .deadlines import Deadline, DeadlineAlert
from .notifications import Notification
from .people import RoleAssignment, Team, User
from .tokens import ApiToken

__all__ = [
    "ApiToken",
    "AuditEvent",
    "Deadline",
    "DeadlineAlert",
    "Notification",
    "RoleAssignment",
    "Team",
    "User",
]
