from .audit import AuditEvent
from .checkpoints import AuditCheckpoint
from .deadlines import Deadline, DeadlineAlert
from .evidence import EvidenceFile, EvidenceLink, linked_once
from .notifications import Notification
from .organisation import OrganisationProfile
from .outbound_mail import OutboundMail
from .people import RoleAssignment, Team, User, person_or_team, user_fk
from .sso import SsoGroupMapping, SsoRoleGrant
from .tokens import ApiToken

__all__ = [
    "ApiToken",
    "AuditCheckpoint",
    "AuditEvent",
    "Deadline",
    "DeadlineAlert",
    "EvidenceFile",
    "EvidenceLink",
    "Notification",
    "OrganisationProfile",
    "OutboundMail",
    "RoleAssignment",
    "SsoGroupMapping",
    "SsoRoleGrant",
    "Team",
    "User",
    "linked_once",
    "person_or_team",
    "user_fk",
]
