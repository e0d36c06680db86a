"""Vendors and their products: create and change (assessors only)."""

from __future__ import annotations

from django.db import transaction

from core.permissions import require
from core.writes import row_create, row_update
from vendors.models import Vendor, VendorProduct


def _clean_with_uniqueness(obj: Vendor | VendorProduct) -> None:
    """Every field and the names' uniqueness, so a taken name is refused naming `name`
    (a vendor's name is unique; a product's name within its vendor)."""
    obj.full_clean()


@transaction.atomic
def vendor_create(*, actor, name: str, website: str = "", notes: str = "") -> Vendor:
    """Record a provider. A taken name is refused naming `name`."""
    require(actor, "vendors.vendor.change")
    values = {"name": name.strip(), "website": website.strip(), "notes": notes.strip()}
    return row_create(
        actor=actor,
        model=Vendor,
        values=values,
        action="vendor.created",
        audit_changes={"name": values["name"], "website": values["website"]},
        validate=_clean_with_uniqueness,
    )


@transaction.atomic
def vendor_update(
    *,
    actor,
    vendor: Vendor,
    name: str | None = None,
    website: str | None = None,
    notes: str | None = None,
) -> Vendor:
    """Change a provider's name, website or notes (the fields given)."""
    require(actor, "vendors.vendor.change", vendor)
    given = {"name": name, "website": website, "notes": notes}
    values = {k: v.strip() for k, v in given.items() if v is not None}

    def validate(obj: Vendor) -> None:
        obj.full_clean(exclude=[f for f in ("name", "website", "notes") if f not in values])

    row_update(actor=actor, obj=vendor, values=values, action="vendor.updated", validate=validate)
    return vendor


@transaction.atomic
def product_create(
    *, actor, vendor: Vendor, name: str, kind: str, description: str = ""
) -> VendorProduct:
    """Add a product (a model, an API, licensed weights) to a vendor; its name is unique
    within the vendor."""
    require(actor, "vendors.vendor.change", vendor)
    values = {"vendor": vendor, "name": name.strip(), "kind": kind}
    return row_create(
        actor=actor,
        model=VendorProduct,
        values={**values, "description": description.strip()},
        action="vendor_product.created",
        audit_changes={"vendor": vendor.name, "name": values["name"], "kind": kind},
        validate=_clean_with_uniqueness,
    )
