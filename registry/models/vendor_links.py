"""Which vendor products a system uses (issue 9 part 4): a typed link table, kept as a
history (an unlinked product keeps its row with `removed_at`)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from vendors.models import VendorProduct


class SystemVendorProduct(models.Model):
    """A system depends on a vendor product from `added_at` until `removed_at`."""

    system = models.ForeignKey(
        "registry.AISystem", on_delete=models.PROTECT, related_name="vendor_links"
    )
    product = models.ForeignKey(
        VendorProduct, on_delete=models.PROTECT, related_name="system_links"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )  # null: migrated from the former single vendor field
    added_at = models.DateTimeField(default=timezone.now)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["system", "product"],
                condition=Q(removed_at__isnull=True),
                name="system_vendor_product_linked_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.system_id} uses {self.product}"
