"""Vendors and their products: create and change (assessors only)."""

from __future__ import annotations

from django.db import transaction

from core.audit import audit_record
from core.permissions import require
from core.writes import row_update
from vendors.models import Vendor, VendorProduct


@transaction.atomic
def vendor_create(*, actor, name: str, website: str = "", notes: str = "") -> Vendor:
    """Record a provider. A taken name is refused naming `name`."""
    require(actor, "vendors.vendor.change")
    vendor = Vendor(name=name.strip(), website=website.strip(), notes=notes.strip())
    vendor.full_clean()
    vendor.save(force_insert=True)
    audit_record(
        actor=actor, action="vendor.created", obj=vendor,
        changes={"name": vendor.name, "website": vendor.website},
    )  # fmt: skip
    return vendor


@transaction.atomic
def vendor_update(
    *, actor, vendor: Vendor, name: str | None = None, website: str | None = None,
    notes: str | None = None,
) -> Vendor:  # fmt: skip
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
    product = VendorProduct(
        vendor=vendor, name=name.strip(), kind=kind, description=description.strip()
    )
    product.full_clean()
    product.save(force_insert=True)
    audit_record(
        actor=actor, action="vendor_product.created", obj=product,
        changes={"vendor": vendor.name, "name": product.name, "kind": kind},
    )  # fmt: skip
    return product
