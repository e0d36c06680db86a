"""Who may do what in the registry.

Members of the organisation read every system. Administrators change any system;
product owners change the systems their teams own; auditors change nothing.
Classification follows the RACI (DOMAIN.md 2.1): the owning product owner proposes
(a self-assessment); the AI safety lead and the engineering manager (R) and the CISO
(A) decide, and their own classifications take effect at once. The owner of a
system never decides its risk, whatever other role they hold. Only the CISO
reopens a classification. Administrators publish the scoring scheme.
A required control is set by whoever changes the system, except an approval control
(registry.rules.APPROVAL_CONTROL_ROLES): only the role whose approval it is sets that.
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
    return is_admin(user) or bool(teams_where(user, Role.PRODUCT_OWNER))


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
    """`control` is a SystemControl (with its `control` definition loaded)."""
    if control is None:
        return False
    approver = rules.control_approver_role(control.control.key)
    if approver is not None:
        return has_role(user, approver)
    return may_change(user, control.system)


def may_screen_ai_act(user, system) -> bool:
    return may_change(user, system) or has_role(user, *AI_ACT_SCREENERS)


def may_decide_against_presumption(user, _system=None) -> bool:
    """Only Legal may decide that a presumed high-risk system is not high-risk."""
    return has_role(user, Role.LEGAL)


register("registry.system.view", lambda user, _obj: is_member(user))
register("registry.system.export", lambda user, _obj: is_member(user))
register("registry.system.create", may_register)
register("registry.system.change", may_change)
register("registry.system.classify", may_classify)
register("registry.classification.decide", may_decide_classification)
register("registry.classification.reopen", may_reopen_classification)
register("registry.classification.review_queue", lambda user, _obj: has_role(user, *CLASSIFIERS))
register("registry.scheme.view", lambda user, _obj: is_member(user))
register("registry.scheme.publish", lambda user, _obj: is_admin(user))
register("registry.control.change", may_set_control)
register("registry.ai_act.screen", may_screen_ai_act)
register("registry.ai_act.override_presumption", may_decide_against_presumption)


def may_record_review(user, system) -> bool:
    """The RACI's "annual AI system review": the CISO (A); the AI safety lead, the
    engineering manager and a product owner of the owning team (R)."""
    return has_role(user, *REVIEWERS_OF_SYSTEMS) or owns(user, system)


REVIEWERS_OF_SYSTEMS = (Role.CISO, Role.AI_SAFETY, Role.ENG_MANAGER)
register("registry.system.review_record", may_record_review)
register("registry.review_cadence.change", lambda user, _obj: is_admin(user))
