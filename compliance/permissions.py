"""Who may do what in compliance (DOMAIN.md 1 and 3, issue 19).

Members read the frameworks and every system's coverage. A framework's reviewer role
(Legal for the EU AI Act and GDPR, the CISO for ISO/IEC 42001, the AI safety lead for
NIST AI RMF, by default) accepts or refuses evidence and finds a requirement not
applicable, never for a system their own team owns (DOMAIN.md 3: "accepted by a
reviewer who is not the system's owner"). Administrators import frameworks and change
who reviews. Whoever changes a system files its documents and records its EU database
registration (Legal too); organisation-wide policies are filed by administrators,
Legal, the CISO, the DPO and the AI safety lead.

Actions (obj in brackets):
  compliance.view                                        (none)
  compliance.framework.import, compliance.framework.edit (none or Framework)
  compliance.evidence.review                             (ReviewSubject)
  compliance.document.file                               (registry AISystem, or none: organisation)
  compliance.registration.record                         (registry AISystem)
  compliance.annex.render                                (registry AISystem)
  compliance.coverage.refresh                            (none: administrators, board)

Annex IV documentation is rendered (a background job, never an edit) by whoever changes
the system, Legal and the AI safety lead.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.choices import Role
from core.permissions import has_role, is_admin, is_member, register, roles_of
from registry.permissions import may_change, owns

POLICY_ROLES = (Role.LEGAL, Role.CISO, Role.DPO, Role.AI_SAFETY)


@dataclass(frozen=True)
class ReviewSubject:
    """A system's requirements of one framework, as a reviewer decides on them."""

    system: object  # registry AISystem
    framework: object  # compliance Framework


def may_review(user, subject: ReviewSubject | None) -> bool:
    if subject is None:
        return False
    if subject.framework.reviewer_role not in roles_of(user):
        return False
    return not owns(user, subject.system)


def may_file_document(user, system) -> bool:
    if system is None:
        return is_admin(user) or has_role(user, *POLICY_ROLES)
    return may_change(user, system)


def may_record_registration(user, system) -> bool:
    return system is not None and (may_change(user, system) or has_role(user, Role.LEGAL))


def may_refresh(user, _obj=None) -> bool:
    """Recompute the board's matrix now rather than at the next scheduled refresh."""
    return is_admin(user) or has_role(user, Role.BOARD)


def may_render_annex(user, system) -> bool:
    return system is not None and (
        may_change(user, system) or has_role(user, Role.LEGAL, Role.AI_SAFETY)
    )


register("compliance.view", is_member)
register("compliance.framework.import", is_admin)
register("compliance.framework.edit", is_admin)
register("compliance.evidence.review", may_review)
register("compliance.document.file", may_file_document)
register("compliance.registration.record", may_record_registration)
register("compliance.annex.render", may_render_annex)
register("compliance.coverage.refresh", may_refresh)
