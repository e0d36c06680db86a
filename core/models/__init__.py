from .audit import AuditEvent
from .checkpoints import AuditCheckpoint
from .deadlines import Deadline, DeadlineAlert
from .evidence import EvidenceFile
from .notifications import Notification
from .organisation import OrganisationProfile
from .outbound_mail import OutboundMail
from .people import RoleAssignment, Team, User
from .tokens import ApiToken

__all__ = [
    "ApiToken",
    "AuditCheckpoint",
    "AuditEvent",
    "Deadline",
    "DeadlineAlert",
    "EvidenceFile",
    "Notification",
    "OrganisationProfile",
    "OutboundMail",
    "RoleAssignment",
    "Team",
    "User",
]
