"""Which vendor products a system uses (issue 9 part 4): link, unlink, and the warning
of the dependent systems' owners when a product must be re-assessed (after a vendor
change, through vendors' hook; before the yearly re-assessment, through core's clocks)."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.choices import Role
from core.clocks.recipients import Recipient
from core.clocks.rules import OWNER, Threshold
from core.models import Deadline, User
from core.permissions import require
from core.selectors import users_with_role
from core.services import notification_send
from core.writes import link_remove, row_create, row_lock
from registry.models import AISystem, SystemVendorProduct
from registry.selectors.vendor_links import dependent_systems, product_use_refusal
from registry.services.common import clean_except
from vendors.models import VendorProduct


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
    """Registered with vendors.contributions (registry.contributions): when a vendor
    change makes `product` due for re-assessment, the product owners of every system
    using it learn it, and why; each system is flagged on its page by the product's open
    re-assessment (registry.selectors.vendor_links). Runs inside the vendors service's
    transaction. The yearly re-assessment warns them through core's clocks instead
    (reassessment_warning_recipients)."""
    for owner, systems in dependent_owners(product):
        for system in systems:
            notification_send(
                recipient=owner,
                title=f"{system.system_id}: {product} is being re-assessed",
                reason="You own a system that uses this vendor product.",
                body=_why(reason),
                link=reverse("registry:system_detail", args=[system.system_id]),
                subject=system,
                # Once per day and kind of change.
                dedupe_key=f"vendor-product-{product.pk}-{reason}-{system.pk}-{owner.pk}"
                f"-{timezone.localdate().isoformat()}",
            )


def reassessment_warning_recipients(deadline: Deadline, threshold: Threshold) -> list[Recipient]:
    """Registered with core's clocks for the vendors' re-assessment deadlines
    (registry.contributions): at the deadline's warning (30 days before it is due), the
    sweep also tells the product owners of the systems that use the product, once per
    due date, each with a link to their system. Read only (it runs in the sweep)."""
    if threshold.audience != OWNER or threshold.offset <= timedelta(0):
        return []
    product = VendorProduct.objects.filter(pk=int(deadline.subject_id)).first()
    if product is None:
        return []
    recipients = []
    for owner, systems in dependent_owners(product):
        names = [system.system_id for system in systems]
        named = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
        uses = "uses" if len(names) == 1 else "use"
        recipients.append(
            Recipient(
                user=owner,
                why=f"you own {named}, which {uses} this vendor product",
                link=reverse("registry:system_detail", args=[systems[0].system_id]),
            )
        )
    return recipients


def dependent_owners(product: VendorProduct) -> list[tuple[User, list[AISystem]]]:
    """The product owners of the systems using `product`, each once with their systems
    (by system ID)."""
    owners: dict[int, tuple[User, list[AISystem]]] = {}
    for system in dependent_systems(product).order_by("system_id"):
        for owner in users_with_role(Role.PRODUCT_OWNER, team=system.owner_team_id):
            owners.setdefault(owner.pk, (owner, []))[1].append(system)
    return list(owners.values())


def _why(reason: str) -> str:
    """The notice's body: what the vendor changed ("vendor_change:<kind>")."""
    if reason.startswith("vendor_change:"):
        return f"The vendor recorded a change of its {reason.split(':', 1)[1].replace('_', ' ')}."
    return "It must be re-assessed."
