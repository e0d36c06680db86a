from .audit import AuditEvent
from .notifications import Notification
from .people import RoleAssignment, Team, User
from .tokens import ApiToken

__all__ = ["ApiToken", "AuditEvent", "Notification", "RoleAssignment", "Team", "User"]
