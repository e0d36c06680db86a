"""The yearly re-assessment of a product on core's clocks engine (not a use case: the
scoring and the vendor-change services call it in their own transaction)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from core.clocks.services import deadline_meet, deadline_move, deadline_open
from core.models import Deadline
from vendors.contributions import REASSESSMENT
from vendors.models import VendorProduct

REASSESSMENT_WARNING = timedelta(days=30)
DUE_TIME = time(9, 0)  # UTC: a due date falls due in the morning of that day


def day_due_at(day: date) -> datetime:
    return datetime.combine(day, DUE_TIME, tzinfo=UTC)


def reassessment_deadline(product: VendorProduct) -> Deadline | None:
    """The product's open re-assessment deadline, if any."""
    return Deadline.objects.filter(
        subject_type__app_label="vendors",
        subject_type__model="vendorproduct",
        subject_id=str(product.pk),
        kind=REASSESSMENT,
        met_at__isnull=True,
        cancelled_at__isnull=True,
    ).first()


def reassessment_clock_set(
    *, actor, product: VendorProduct, due_at: datetime, owner, met: bool = False
) -> Deadline:
    """Make the product's re-assessment fall due at `due_at`: with `met`, the open one is
    met (a scoring did the re-assessment) and the next opened; else it is moved (a vendor
    change makes it due now), or opened when the product had none."""
    open_one = reassessment_deadline(product)
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
