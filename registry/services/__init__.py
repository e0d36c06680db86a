"""Every write of the registry: systems, classifications, controls, AI Act screening,
lifecycle gates (gate_requests, gate_artifacts, gate_approvals, gate_remediation; what
they share is in gate_common).

One module per use case. Each service is keyword-only and atomic, checks
`core.permissions.require` first, validates before it saves (a
`django.core.exceptions.ValidationError` with a field-named dict, nothing saved)
and records its audit event in the same transaction. The web pages, the API and
the admin all call these functions, through the names below.
"""

from registry.services.ai_act import AI_ACT_ANSWER_KEYS, ai_act_screening_record
from registry.services.classification import ClassificationOutcome, system_classify
from registry.services.classification_review import (
    classification_amend,
    classification_confirm,
    classification_reject,
    system_classification_reopen,
)
from registry.services.controls import control_update
from registry.services.gate_approvals import gate_approval_decide, gate_approvals_void
from registry.services.gate_artifacts import gate_artifact_add, gate_test_record
from registry.services.gate_remediation import (
    gate_remediation_complete,
    gate_request_proceed_with_remediation,
)
from registry.services.gate_requests import (
    gate_request_open,
    gate_request_submit,
    gate_request_withdraw,
)
from registry.services.reviews import review_cadence_change, system_review_record
from registry.services.scoring_scheme import SchemePublication, scoring_scheme_publish
from registry.services.systems import (
    DUPLICATE_SYSTEM_ID,
    STAGE_READ_ONLY,
    SYSTEM_CREATE_FIELDS,
    SYSTEM_EDITABLE_FIELDS,
    system_create,
    system_update,
)

__all__ = [
    "AI_ACT_ANSWER_KEYS",
    "DUPLICATE_SYSTEM_ID",
    "STAGE_READ_ONLY",
    "SYSTEM_CREATE_FIELDS",
    "SYSTEM_EDITABLE_FIELDS",
    "ClassificationOutcome",
    "SchemePublication",
    "ai_act_screening_record",
    "classification_amend",
    "classification_confirm",
    "classification_reject",
    "control_update",
    "gate_approval_decide",
    "gate_approvals_void",
    "gate_artifact_add",
    "gate_request_open",
    "gate_remediation_complete",
    "gate_request_proceed_with_remediation",
    "gate_request_submit",
    "gate_request_withdraw",
    "gate_test_record",
    "review_cadence_change",
    "scoring_scheme_publish",
    "system_classification_reopen",
    "system_classify",
    "system_create",
    "system_review_record",
    "system_update",
]
