"""The yearly re-assessment of a product on core's clocks engine (not a use case: the
scoring and the vendor-change services call it in their own transaction)."""

from __future__ import annotations

from datetime import datetime, timedelta

from core.clocks.selectors import deadline_open_for
from core.clocks.services import deadline_meet, deadline_move, deadline_open
from core.models import Deadline
from vendors.contributions import REASSESSMENT
from vendors.models import VendorProduct

REASSESSMENT_WARNING = timedelta(days=30)


def reassessment_clock_set(
    *, actor, product: VendorProduct, due_at: datetime, owner, met: bool = False
) -> Deadline:
    """Make the product's re-assessment fall due at `due_at`: with `met`, the open one is
    met (a scoring did the re-assessment) and the next opened; else it is moved (a vendor
    change makes it due now), or opened when the product had none."""
    open_one = deadline_open_for(subject=product, kind=REASSESSMENT)
    if open_one is not None and not met:
        return deadline_move(actor=actor, deadline=open_one, due_at=due_at)
    if open_one is not None:
        deadline_meet(actor=actor, deadline=open_one)
    return deadline_open(
        actor=actor,
        subject=product,
        kind=REASSESSMENT,
        label=f"Re-assess {product}",
        due_at=due_at,
        owner=owner,
        warn_before=[REASSESSMENT_WARNING],
    )
