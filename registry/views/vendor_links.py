"""The vendor products a system uses (issue 9 part 4): the block on the system page,
linking and unlinking, and the panel that registry gives the vendor page."""

from __future__ import annotations

import functools

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_POST

from core.forms import form_submit
from core.permissions import can
from core.views.common import require_can
from core.views.responder import form_refused
from registry.forms.vendor_links import ProductLinkForm
from registry.selectors.systems import systems_visible_to
from registry.selectors.vendor_links import system_vendor_products, vendor_dependents
from registry.services.vendor_links import (
    system_vendor_product_link,
    system_vendor_product_unlink,
)
from registry.views.common import saved_in_place, system_crumbs, system_for, system_url
from vendors.models import Vendor, VendorProduct

BLOCK = "registry/_system_vendors.html"


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

    def link(data):
        system_vendor_product_link(actor=request.user, system=system, product=data["product"])

    if form_submit(form, link):
        return _block_saved(request, system, f"{form.cleaned_data['product']} is linked.")
    return _block_refused(request, system, form)


@require_POST
def product_unlink(request, system_id: str, product_pk: int):
    system = system_for(request, system_id, "registry.system.change")
    product = get_object_or_404(VendorProduct, pk=product_pk)
    try:
        system_vendor_product_unlink(actor=request.user, system=system, product=product)
    except ValidationError:
        return _block_refused(request, system)  # not linked (a second click): what is true
    return _block_saved(request, system, f"{product} is no longer used.")


def _block_saved(request, system, message: str):
    """The vendor block as it now is (htmx), else the system page at the block."""
    url = system_url(system, "system-vendors")
    context = functools.partial(vendor_block_context, request, system)  # read after the save
    return saved_in_place(request, partial=BLOCK, context=context, url=url, message=message)


def _block_refused(request, system, form=None):
    """The vendor block again, with the refused link form: in place for htmx, else on a
    page of its own under the system."""
    return form_refused(
        request,
        partial=BLOCK,
        context=vendor_block_context(request, system, form),
        title=f"Vendor products of {system.system_id} {system.name}",
        crumbs=system_crumbs(system),
    )


@require_GET
def product_dependents_panel(request, vendor_pk: int):
    """The systems using each of the vendor's products, with the concentration warning
    (a panel of the vendor page: vendors cannot import registry)."""
    require_can(request, "registry.system.view")
    vendor = get_object_or_404(Vendor, pk=vendor_pk)
    panel = bool(request.htmx)
    context = {
        "vendor": vendor,
        "dependents": vendor_dependents(vendor, systems_visible_to(request.user)),
        "panel": panel,
        "base_template": "registry/_panel_base.html" if panel else "base.html",
    }
    return render(request, "registry/vendor_dependents_panel.html", context)
