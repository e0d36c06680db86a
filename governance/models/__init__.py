"""The governance board's layer: the risk register, review sessions and their
decisions (risks.py), and the audit packs (packs.py)."""

from .packs import AuditPack
from .risks import RISK_ID_URL_PATTERN, ReviewSession, Risk, RiskDecision, risk_id_validator

__all__ = [
    "RISK_ID_URL_PATTERN",
    "AuditPack",
    "ReviewSession",
    "Risk",
    "RiskDecision",
    "risk_id_validator",
]
