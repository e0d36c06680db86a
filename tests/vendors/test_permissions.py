"""Who may do what with vendors (vendors/permissions.py), role by role."""

import pytest

from core.permissions import can

pytestmark = pytest.mark.django_db

ASSESSORS = {"ciso", "security", "dpo", "legal"}
EVERYONE = {
    "admin",
    "board",
    "owner",
    "dpo",
    "auditor",
    "ciso",
    "legal",
    "engmanager",
    "security",
    "safety",
    "responder",
    "outsider",
}


@pytest.mark.parametrize(
    ("action", "allowed"),
    [
        ("vendors.vendor.view", EVERYONE - {"outsider"}),
        ("vendors.assessment.view", EVERYONE - {"outsider"}),
        ("vendors.assessment.export", EVERYONE - {"outsider"}),
        ("vendors.vendor.change", ASSESSORS),
        ("vendors.assessment.change", ASSESSORS),
        ("vendors.assessment.ciso_approve", {"ciso"}),
    ],
)
def test_each_role_may_do_exactly_its_part(personas, action, allowed):
    permitted = {name for name in EVERYONE if can(getattr(personas, name), action)}
    assert permitted == allowed
