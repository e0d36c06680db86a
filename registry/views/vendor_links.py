"""The vendor products a system uses (issue 9 part 4): the block on the system page,
linking and unlinking, and the panel that registry gives the vendor page."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_POST

from core.permissions import can
from core.views.common import require_can
from registry.forms.systems import add_service_errors
from registry.forms.vendor_links import ProductLinkForm
from registry.selectors.systems import systems_visible_to
from registry.selectors.vendor_links import system_vendor_products, vendor_dependents
from registry.services.vendor_links import (
    system_vendor_product_link,
    system_vendor_product_unlink,
)
from registry.views.common import BAD_REQUEST, system_for
from vendors.models import Vendor, VendorProduct


def vendor_block_context(request, system, form=None) -> dict:
    """What the system page's "Vendor products" block needs."""
    may_change = can(request.user, "registry.system.change", system)
    return {
        "system": system,
        "product_uses": system_vendor_products(system),
        "may_change_vendors": may_change,
        "link_form": (form or ProductLinkForm()) if may_change else None,
    }


@require_POST
def product_link(request, system_id: str):
    system = system_for(request, system_id, "registry.system.change")
    form = ProductLinkForm(request.POST)
    status = 200
    if form.is_valid():
        try:
            system_vendor_product_link(
                actor=request.user, system=system, product=form.cleaned_data["product"]
            )
            form = None
        except ValidationError as exc:
            add_service_errors(form, exc)
    if form is not None and form.errors:
        status = BAD_REQUEST
    context = vendor_block_context(request, system, form)
    return render(request, "registry/_system_vendors.html", context, status=status)


@require_POST
def product_unlink(request, system_id: str, product_pk: int):
    system = system_for(request, system_id, "registry.system.change")
    product = get_object_or_404(VendorProduct, pk=product_pk)
    status = 200
    try:
        system_vendor_product_unlink(actor=request.user, system=system, product=product)
    except ValidationError:
        status = BAD_REQUEST  # not linked (a second click): the block shows what is true
    context = vendor_block_context(request, system)
    return render(request, "registry/_system_vendors.html", context, status=status)


@require_GET
def product_dependents_panel(request, vendor_pk: int):
    """The systems using each of the vendor's products, with the concentration warning
    (a panel of the vendor page: vendors cannot import registry)."""
    require_can(request, "registry.system.view")
    vendor = get_object_or_404(Vendor, pk=vendor_pk)
    panel = bool(request.headers.get("HX-Request"))
    context = {
        "vendor": vendor,
        "dependents": vendor_dependents(vendor, systems_visible_to(request.user)),
        "panel": panel,
        "base_template": "registry/_panel_base.html" if panel else "base.html",
    }
    return render(request, "registry/vendor_dependents_panel.html", context)
