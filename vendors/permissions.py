"""Who may do what with vendors and their assessments (issue 9, DOMAIN.md 1 and 8).

Every member reads vendors and assessments (auditors too). Assessors, the CISO, the
security lead, the DPO and Legal (the RACI's security assessment and vendor DPA
negotiation), create and change vendors, products and assessments, score them, attach
evidence and record vendor changes. Only the CISO approves a high-tier product.
"""

from core.choices import Role
from core.permissions import has_role, is_member, register

ASSESSORS = (Role.CISO, Role.SECURITY_LEAD, Role.DPO, Role.LEGAL)


def may_assess(user, _obj=None) -> bool:
    return has_role(user, *ASSESSORS)


register("vendors.vendor.view", is_member)
register("vendors.vendor.export", is_member)
register("vendors.vendor.change", may_assess)
register("vendors.assessment.view", is_member)
register("vendors.assessment.export", is_member)
register("vendors.assessment.change", may_assess)
register("vendors.assessment.ciso_approve", lambda user, _obj: has_role(user, Role.CISO))
