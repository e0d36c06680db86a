"""Which vendor products a system uses (issue 9 part 4): a typed link table, kept as a
history (an unlinked product keeps its row with `removed_at`)."""

from django.db import models
from django.utils import timezone

from core.models import linked_once, user_fk
from vendors.models import VendorProduct


class SystemVendorProduct(models.Model):
    """A system depends on a vendor product from `added_at` until `removed_at`."""

    system = models.ForeignKey(
        "registry.AISystem", on_delete=models.PROTECT, related_name="vendor_links"
    )
    product = models.ForeignKey(
        VendorProduct, on_delete=models.PROTECT, related_name="system_links"
    )
    # null: migrated from the former single vendor field
    added_by = user_fk(null=True, blank=True)
    added_at = models.DateTimeField(default=timezone.now)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [linked_once("system", "product", name="system_vendor_product_linked_once")]

    def __str__(self) -> str:
        return f"{self.system_id} uses {self.product}"
