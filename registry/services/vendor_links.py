"""Which vendor products a system uses (issue 9 part 4): link, unlink, and the warning
of the dependent systems' owners when a product must be re-assessed."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.choices import Role
from core.models import Deadline, User
from core.permissions import require
from core.services import notification_send
from core.writes import link_remove, row_create, row_lock
from registry.models import AISystem, SystemVendorProduct
from registry.selectors.vendor_links import dependent_systems, product_use_refusal
from registry.services.common import clean_except
from vendors.contributions import REASSESSMENT
from vendors.models import VendorProduct

REASSESSMENT_NOTICE = timedelta(days=30)


@transaction.atomic
def system_vendor_product_link(
    *, actor, system: AISystem, product: VendorProduct
) -> SystemVendorProduct:
    """Record that `system` uses `product`. Refused (naming `product`, with the reason)
    when the product's current assessment does not approve its use, or when the
    system already uses it."""
    row_lock(system)
    require(actor, "registry.system.change", system)
    refusal = product_use_refusal(product)
    if (
        refusal is None
        and system.vendor_links.filter(product=product, removed_at__isnull=True).exists()
    ):
        refusal = "This system already uses this product."
    if refusal is not None:
        raise ValidationError({"product": [refusal[0].upper() + refusal[1:] + "."]})
    return row_create(
        actor=actor,
        model=SystemVendorProduct,
        values={"system": system, "product": product, "added_by": actor},
        action="system.vendor_product_linked",
        audit_on=system,
        audit_changes=_product_named(product),
        validate=clean_except("system", "product", "added_by"),
    )


@transaction.atomic
def system_vendor_product_unlink(
    *, actor, system: AISystem, product: VendorProduct
) -> SystemVendorProduct:
    """The system no longer uses `product`; the link is kept with its end time."""
    row_lock(system)
    require(actor, "registry.system.change", system)
    link = system.vendor_links.filter(product=product, removed_at__isnull=True).first()
    if link is None:
        raise ValidationError({"product": ["This system does not use this product."]})
    return link_remove(
        actor=actor,
        link=link,
        action="system.vendor_product_unlinked",
        audit_on=system,
        audit_changes=_product_named(product),
    )


def _product_named(product: VendorProduct) -> dict:
    return {"product": str(product), "product_id": product.pk}


def product_dependents_warn(*, product: VendorProduct, reason: str, actor) -> None:
    """Registered with vendors.contributions (RegistryConfig.ready): the product owners of every
    system using `product` learn that it is being re-assessed, and why; each system is
    flagged on its page by the product's open re-assessment (registry.selectors.vendor_links).
    Runs inside the vendors service's transaction."""
    for system in dependent_systems(product).select_related("owner_team"):
        owners = User.objects.filter(
            role_assignments__role=Role.PRODUCT_OWNER,
            role_assignments__team=system.owner_team_id, is_active=True,
        ).distinct()  # fmt: skip
        for owner in owners:
            notification_send(
                recipient=owner,
                title=f"{system.system_id}: {product} is being re-assessed",
                reason="You own a system that uses this vendor product.",
                body=_why(reason),
                link=reverse("registry:system_detail", args=[system.system_id]),
                subject=system,
                dedupe_key=_dedupe_key(product, reason, system, owner),
            )


def _dedupe_key(product, reason: str, system, owner) -> str:
    """A yearly warning is sent once per re-assessment deadline (its reason names it);
    a vendor change once per day and kind."""
    key = f"vendor-product-{product.pk}-{reason}-{system.pk}-{owner.pk}"
    if reason.startswith("vendor_change:"):
        key += f"-{timezone.localdate().isoformat()}"
    return key


def vendor_reassessments_warn(*, now=None) -> int:
    """The daily sweep (registry.tasks): for each product whose yearly re-assessment
    falls due within 30 days (or is overdue), the owners of the systems using it are
    warned once per deadline. Returns the number of products warned about."""
    now = now or timezone.now()
    due = Deadline.objects.filter(
        kind=REASSESSMENT, subject_type__app_label="vendors",
        subject_type__model="vendorproduct", met_at__isnull=True, cancelled_at__isnull=True,
        due_at__lte=now + REASSESSMENT_NOTICE,
    ).values_list("pk", "subject_id")  # fmt: skip
    warned = 0
    for deadline_pk, product_pk in due:
        product = VendorProduct.objects.filter(pk=int(product_pk)).first()
        if product is not None and dependent_systems(product).exists():
            with transaction.atomic():
                product_dependents_warn(product=product, reason=f"annual:{deadline_pk}", actor=None)
            warned += 1
    return warned


def _why(reason: str) -> str:
    if reason.startswith("vendor_change:"):
        return f"The vendor recorded a change of its {reason.split(':', 1)[1].replace('_', ' ')}."
    return "Its yearly re-assessment falls due."
