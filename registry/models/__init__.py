"""The registry's models: systems and their classification (systems.py), lifecycle
gates and their requests (gates.py), changes of what a system runs (changes.py), links
to evidence files (evidence_links.py), the vendor products a system uses
(vendor_links.py)."""

from .changes import SystemChange
from .evidence_links import ChecklistEvidence, ControlEvidence
from .gates import (
    GateApproval,
    GateArtifact,
    GateDefinition,
    GateRequest,
    GateTestResult,
)
from .systems import (
    LONG_TEXT,
    SYSTEM_ID_URL_PATTERN,
    AIActScreening,
    AISystem,
    Classification,
    ControlDefinition,
    ReviewCadence,
    ScoringScheme,
    SystemControl,
    SystemReview,
    system_id_validator,
)
from .vendor_links import SystemVendorProduct

__all__ = [
    "LONG_TEXT",
    "SYSTEM_ID_URL_PATTERN",
    "AIActScreening",
    "AISystem",
    "ChecklistEvidence",
    "Classification",
    "ControlDefinition",
    "ControlEvidence",
    "GateApproval",
    "GateArtifact",
    "GateDefinition",
    "GateRequest",
    "GateTestResult",
    "ReviewCadence",
    "ScoringScheme",
    "SystemChange",
    "SystemControl",
    "SystemReview",
    "SystemVendorProduct",
    "system_id_validator",
]
