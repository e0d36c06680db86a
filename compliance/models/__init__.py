"""Compliance (DOMAIN.md section 3, issue 19): frameworks as data, what a reviewer
accepted as evidence for a system's requirement, the documents uploaded as evidence,
and the computed statuses the board's matrix reads."""

from .annex import AnnexIvRender
from .assessments import EvidenceAcceptance, NotApplicable
from .documents import ComplianceDocument
from .frameworks import Framework, Requirement, RequirementMapping
from .snapshots import CoverageMonth, StatusSnapshot

__all__ = [
    "AnnexIvRender",
    "ComplianceDocument",
    "CoverageMonth",
    "EvidenceAcceptance",
    "Framework",
    "NotApplicable",
    "Requirement",
    "RequirementMapping",
    "StatusSnapshot",
]
