"""A version's lifecycle and who decides on it (DOMAIN.md 7 and 14), as pure rules."""

from __future__ import annotations

import pytest

from cards.rules.lifecycle import (
    CARD_APPROVER_ROLES,
    DATASHEET_APPROVER_ROLES,
    card_transition_allowed,
    changelog_required,
    datasheet_transition_allowed,
    may_decide_version,
)

STATES = ("draft", "in_review", "approved", "superseded")
CARD_MOVES = {
    ("draft", "in_review"),
    ("in_review", "approved"),
    ("in_review", "draft"),
    ("approved", "superseded"),
}


@pytest.mark.parametrize("current", STATES)
@pytest.mark.parametrize("target", STATES)
def test_a_card_version_moves_only_forward_or_back_to_its_author(current, target):
    assert card_transition_allowed(current, target) == ((current, target) in CARD_MOVES)


def test_a_datasheet_is_approved_from_draft_and_then_superseded():
    assert datasheet_transition_allowed("draft", "approved")
    assert datasheet_transition_allowed("approved", "superseded")
    assert not datasheet_transition_allowed("superseded", "approved")
    assert not datasheet_transition_allowed("draft", "in_review")


def decide(roles=frozenset({"ai_safety"}), *, approver=7, writers=frozenset({1, 2}), owns=False):
    return may_decide_version(
        approver_roles=frozenset(roles),
        approver_roles_allowed=CARD_APPROVER_ROLES,
        approver_id=approver,
        writer_ids=writers,
        approver_owns_subject=owns,
    )


def test_the_ai_safety_lead_approves_a_card_someone_else_wrote():
    assert decide()


def test_other_roles_do_not_approve_a_card():
    assert not decide({"ciso", "dpo", "board", "product_owner"})


def test_nobody_approves_a_version_they_wrote_or_submitted():
    assert not decide(approver=1)
    assert not decide(approver=2)


def test_nobody_approves_a_card_of_a_system_their_team_owns():
    assert not decide({"ai_safety", "product_owner"}, owns=True)


def test_a_datasheet_is_approved_by_the_ai_safety_lead_or_the_dpo():
    assert {"ai_safety", "dpo"} == DATASHEET_APPROVER_ROLES


def test_a_changelog_is_required_from_version_2_on():
    assert not changelog_required(1)
    assert changelog_required(2)
