"""Who may do what in the registry.

Members of the organisation read every system. Administrators change any system;
product owners change the systems their teams own; auditors change nothing.
Classification follows the RACI (DOMAIN.md 2.1): the owning product owner proposes
(a self-assessment); the AI safety lead and the engineering manager (R) and the CISO
(A) decide, and their own classifications take effect at once. The owner of a
system never decides its risk, whatever other role they hold. Only the CISO
reopens a classification. Administrators publish the scoring scheme.
A required control is set by whoever changes the system, except an approval control
(registry.rules.APPROVAL_CONTROL_ROLES): only the role whose approval it is sets that,
and a control of the RACI (registry.rules.RACI_CONTROL_ROLES): only its responsible roles.
Nobody approves a system their team owns in another role (may_approve_as): approval
slots, approval controls and classification decisions alike (DOMAIN.md 14).
Gates: only a product owner of the owning team requests one; approval slots are filled
by their role's holders, never by the requester (the product owner's own sign-off
aside); a failing non-blocking gate proceeds with a remediation plan by decision of a
slot holder or the CISO; the plan is marked done by its owner, the CISO, or anyone who
may decide on remediation for that request.
"""

from core.choices import Role
from core.permissions import has_role, is_admin, is_member, register, teams_where
from registry import rules

CLASSIFIERS = (Role.AI_SAFETY, Role.ENG_MANAGER, Role.CISO)  # decide on classifications
AI_ACT_SCREENERS = (Role.LEGAL, Role.DPO, Role.AI_SAFETY)


def owns(user, system) -> bool:
    """A product owner of the team that owns this system."""
    return system is not None and system.owner_team_id in teams_where(user, Role.PRODUCT_OWNER)


def may_register(user, _obj=None) -> bool:
    return may_register_running(user) or bool(teams_where(user, Role.PRODUCT_OWNER))


def may_register_running(user, _obj=None) -> bool:
    """Register a system that already runs elsewhere at its real stage (DOMAIN.md 4)."""
    return is_admin(user) or has_role(user, Role.CISO)


def may_change(user, system) -> bool:
    return is_admin(user) or owns(user, system)


def may_propose(user, system) -> bool:
    return owns(user, system)


def may_decide_classification(user, system) -> bool:
    """A reviewer who does not own the system: confirm, answer differently, reject."""
    return has_role(user, *CLASSIFIERS) and not owns(user, system)


def may_classify(user, system) -> bool:
    """Open the classify page: as a proposer or as a reviewer."""
    return may_propose(user, system) or may_decide_classification(user, system)


def may_reopen_classification(user, system) -> bool:
    return has_role(user, Role.CISO) and not owns(user, system)


def may_set_control(user, control) -> bool:
    """`control` is a SystemControl (with its `control` definition loaded). An approval
    control by its approver, never one whose team owns the system; a control of the
    RACI (privacy impact assessment, security assessment, bias evaluation) by its
    responsible roles only (DOMAIN.md 14); any other by whoever changes the system."""
    if control is None:
        return False
    if rules.control_approver_role(control.control.key) is not None:
        return may_approve_as(
            user, control.system, rules.control_approver_role(control.control.key)
        )
    roles = rules.control_setter_roles(control.control.key)
    if roles:
        return has_role(user, *roles)
    return may_change(user, control.system)


def may_approve_as(user, system, role: str) -> bool:
    """Approve `system` in `role`: a holder of the role whose team does not own the
    system. Owners never approve their own system in another role (DOMAIN.md 14)."""
    return has_role(user, role) and not owns(user, system)


def may_screen_ai_act(user, system) -> bool:
    return may_change(user, system) or has_role(user, *AI_ACT_SCREENERS)


def may_decide_against_presumption(user, _system=None) -> bool:
    """Only Legal may decide that a presumed high-risk system is not high-risk."""
    return has_role(user, Role.LEGAL)


register("registry.system.view", is_member)
register("registry.system.export", is_member)
register("registry.system.create", may_register)
register("registry.system.register_running", may_register_running)
register("registry.system.change", may_change)
register("registry.system.classify", may_classify)
register("registry.classification.decide", may_decide_classification)
register("registry.classification.reopen", may_reopen_classification)
register("registry.classification.review_queue", lambda user, _obj: has_role(user, *CLASSIFIERS))
register("registry.scheme.view", is_member)
register("registry.scheme.publish", is_admin)
register("registry.control.change", may_set_control)
register("registry.ai_act.screen", may_screen_ai_act)
register("registry.ai_act.override_presumption", may_decide_against_presumption)


def may_record_review(user, system) -> bool:
    """The RACI's "annual AI system review": the CISO (A); the AI safety lead, the
    engineering manager and a product owner of the owning team (R)."""
    return has_role(user, *REVIEWERS_OF_SYSTEMS) or owns(user, system)


REVIEWERS_OF_SYSTEMS = (Role.CISO, Role.AI_SAFETY, Role.ENG_MANAGER)
register("registry.system.review_record", may_record_review)
register("registry.review_cadence.change", is_admin)


# --- lifecycle gates (DOMAIN.md sections 1 and 4) -----------------------------------------
# Separation of duties: nobody fills a slot of a request they submitted, except the
# product owner's own slot (submitting is their sign-off); one person fills one slot
# (checked by the service, which sees the slots already filled).


def _requested(user, request) -> bool:
    return request is not None and request.requested_by_id == user.pk


def may_request_gate(user, system) -> bool:
    """Only a product owner of the owning team opens a gate request."""
    return owns(user, system)


def may_contribute_to_gate(user, request) -> bool:
    """Add artifacts and test results: the requester or a product owner of the team."""
    return request is not None and (_requested(user, request) or owns(user, request.system))


def may_fill_slot(user, request, role: str) -> bool:
    """A slot of the request's gate, held by the user: the product owner's slot by a
    product owner of the owning team; any other by someone other than the requester."""
    if role not in request.gate.approvals:
        return False
    if role == Role.PRODUCT_OWNER:
        return owns(user, request.system)
    return may_approve_as(user, request.system, role) and not _requested(user, request)


def may_approve_gate(user, obj) -> bool:
    """obj: (request, role) for one slot, or a request for "any slot of it" (pages
    showing the approval form)."""
    if isinstance(obj, tuple):
        request, role = obj
        return request is not None and may_fill_slot(user, request, role)
    return obj is not None and any(may_fill_slot(user, obj, r) for r in obj.gate.approvals)


def may_remediate_gate(user, request) -> bool:
    """Let a failing non-blocking gate proceed with a remediation plan: a holder of one of
    the gate's approval roles (the product owner's through the owning team) or the CISO
    (the RACI's A for gates), never the requester."""
    if request is None or _requested(user, request):
        return False
    return may_approve_as(user, request.system, Role.CISO) or any(
        may_fill_slot(user, request, role) for role in request.gate.approvals
    )


def may_complete_remediation(user, request) -> bool:
    """Mark a remediation plan done: its owner, the CISO, or whoever may decide on
    remediation for the request (may_remediate_gate)."""
    if request is None:
        return False
    return (
        request.remediation_owner_id == user.pk
        or has_role(user, Role.CISO)
        or may_remediate_gate(user, request)
    )


def may_withdraw_gate(user, request) -> bool:
    return request is not None and (_requested(user, request) or owns(user, request.system))


def may_submit_gate(user, request) -> bool:
    """Submit a draft for approval (the approvers are asked): as for withdrawing it."""
    return may_withdraw_gate(user, request)


register("registry.gate.view", is_member)
register("registry.gate.request", may_request_gate)
register("registry.gate.contribute", may_contribute_to_gate)
register("registry.gate.approve", may_approve_gate)
register("registry.gate.remediate", may_remediate_gate)
register("registry.gate.remediation_complete", may_complete_remediation)
register("registry.gate.withdraw", may_withdraw_gate)
register("registry.gate.submit", may_submit_gate)
register("registry.gate.definition.change", is_admin)
