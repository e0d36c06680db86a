"""When a model card's review is due (DOMAIN.md 7, issue 18): the review schedule the
approved version declares (governance.review_months), else the months between system
reviews for the system's tier (registry's cadence in force), else a year. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from dateutil.relativedelta import relativedelta

UNCLASSIFIED_MONTHS = 12  # a system not classified yet is reviewed yearly


def card_review_months(*, declared: int | None, tier: str, cadence: Mapping[str, int]) -> int:
    """The months between reviews of a card: what it declares when it declares a
    positive number, else its system tier's cadence."""
    if declared is not None and declared > 0:
        return declared
    return cadence.get(tier) or UNCLASSIFIED_MONTHS


def card_review_due_at(*, approved_at: datetime, months: int) -> datetime:
    """Whole calendar months after the approval (31 January + 1 month is the end of
    February)."""
    return approved_at + relativedelta(months=months)
