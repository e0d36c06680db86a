"""Enumerations of the kernel: the roles of DOMAIN.md section 1."""

from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "Administrator"
    BOARD = "board", "Governance board member"
    PRODUCT_OWNER = "product_owner", "Product owner"
    DPO = "dpo", "Data protection officer"
    AUDITOR = "auditor", "Auditor"
    CISO = "ciso", "CISO"
    SECURITY_LEAD = "security_lead", "Security lead"
    LEGAL = "legal", "Legal"
    ENG_MANAGER = "eng_manager", "Engineering manager"
    AI_SAFETY = "ai_safety", "AI safety lead"
    RESPONDER = "responder", "Incident responder"


# Roles whose assignment names a team: a product owner owns their team's systems.
TEAM_SCOPED_ROLES = frozenset({Role.PRODUCT_OWNER})
