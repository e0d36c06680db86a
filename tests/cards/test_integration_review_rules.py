"""When a model card's review is due (cards.rules.review): its declared schedule, else
its system tier's cadence, else a year; whole calendar months after the approval."""

from datetime import UTC, datetime

import pytest

from cards.rules.review import card_review_due_at, card_review_months

CADENCE = {"critical": 3, "high": 12, "medium": 6, "low": 12}


@pytest.mark.parametrize(
    ("declared", "tier", "months"),
    [
        (3, "high", 3),  # the card's own schedule wins
        (None, "critical", 3),
        (None, "medium", 6),
        (0, "medium", 6),  # nothing declared
        (None, "", 12),  # not classified yet
    ],
)
def test_the_months_between_reviews(declared, tier, months):
    assert card_review_months(declared=declared, tier=tier, cadence=CADENCE) == months


def test_due_whole_months_later_at_the_end_of_a_shorter_month():
    approved = datetime(2026, 1, 31, 9, 30, tzinfo=UTC)
    assert card_review_due_at(approved_at=approved, months=1) == datetime(
        2026, 2, 28, 9, 30, tzinfo=UTC
    )
