"""core.selectors.users_with_role: the one way to find people by the role they hold."""

from __future__ import annotations

import pytest

from core.choices import Role
from core.models import RoleAssignment
from core.selectors import users_with_role
from tests.factories import user_with_roles

pytestmark = pytest.mark.django_db


def emails(people) -> list[str]:
    return [person.email for person in people]


def test_the_holders_of_one_role(personas):
    assert emails(users_with_role(Role.DPO)) == ["dpo@example.com"]


def test_the_holders_of_any_of_several_roles_each_once(personas):
    RoleAssignment.objects.create(user=personas.dpo, role=Role.LEGAL)
    found = emails(users_with_role([Role.DPO, Role.LEGAL]))
    assert sorted(found) == ["dpo@example.com", "legal@example.com"]
    assert len(found) == len(set(found))


def test_a_team_scoped_role_narrowed_to_one_team(personas):
    assert emails(users_with_role(Role.PRODUCT_OWNER, team=personas.people_ops)) == [
        "owner@example.com"
    ]
    assert emails(users_with_role(Role.PRODUCT_OWNER, team=personas.customer_success.pk)) == [
        "owner2@example.com"
    ]
    assert sorted(emails(users_with_role(Role.PRODUCT_OWNER))) == [
        "owner2@example.com",
        "owner@example.com",
    ]


def test_inactive_accounts_are_left_out_unless_asked_for(personas):
    gone = user_with_roles("gone@example.com", Role.DPO)
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    assert emails(users_with_role(Role.DPO)) == ["dpo@example.com"]
    assert emails(users_with_role(Role.DPO, active=False)) == [
        "dpo@example.com",
        "gone@example.com",
    ]


def test_the_answer_costs_one_query(personas, django_assert_num_queries):
    for role in (Role.CISO, Role.SECURITY_LEAD):
        RoleAssignment.objects.create(user=personas.auditor, role=role)
    with django_assert_num_queries(1):
        found = list(users_with_role([Role.AUDITOR, Role.CISO, Role.SECURITY_LEAD]))
    assert len(found) == 3
