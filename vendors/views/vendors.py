"""The vendor pages (issue 9 part 1): the list, registering a vendor, the vendor page
with its products, adding a product and recording a vendor change."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.forms import form_submit
from core.lists.views import render_list
from core.permissions import can
from core.views.common import require_can
from core.views.responder import form_saved
from vendors.forms.vendors import ProductForm, VendorChangeForm, VendorForm
from vendors.selectors.vendors import vendor_list_for, vendor_page_for
from vendors.services.catalogue import product_create, vendor_create
from vendors.services.changes import vendor_change_record
from vendors.views.common import (
    form_again,
    form_context,
    form_page,
    vendor_for,
)


@require_GET
def vendor_list(request):
    require_can(request, "vendors.vendor.view")
    return render_list(request, vendor_list_for(request.user, request.GET), "vendors/list.html")


@require_http_methods(["GET", "POST"])
def vendor_new(request):
    require_can(request, "vendors.vendor.change")
    form = VendorForm(request.POST or None)
    context = form_context(
        form, action=request.path, button="Register vendor", title="Register a vendor"
    )
    if request.method == "GET":
        return form_page(request, context)
    saved = form_submit(form, lambda data: vendor_create(actor=request.user, **data))
    if not saved:
        return form_again(request, context)
    vendor = saved.result
    url = reverse("vendors:vendor_detail", args=[vendor.pk])
    return form_saved(request, url=url, message=f"{vendor.name} registered.")


def _vendor_context(request, page) -> dict:
    vendor = page.vendor
    may_change = can(request.user, "vendors.vendor.change", vendor)
    return {
        "vendor": vendor,
        "products": page.products,
        "may_change": may_change,
        "product_form": ProductForm() if may_change else None,
        "change_form": VendorChangeForm(vendor=vendor) if may_change and page.products else None,
    }


@require_GET
def vendor_detail(request, pk: int):
    require_can(request, "vendors.vendor.view")
    page = vendor_page_for(request.user, pk)
    return render(request, "vendors/detail.html", _vendor_context(request, page))


@require_POST
def product_add(request, pk: int):
    vendor = vendor_for(request, pk, "vendors.vendor.change")
    form = ProductForm(request.POST)
    form.instance.vendor = vendor  # so the form checks the name is unique for this vendor
    action = reverse("vendors:product_add", args=[vendor.pk])
    context = form_context(
        form, action=action, button="Add product", title=f"Add a product to {vendor}"
    )
    if form_submit(form, lambda data: product_create(actor=request.user, vendor=vendor, **data)):
        url = reverse("vendors:vendor_detail", args=[vendor.pk])
        return form_saved(request, url=url, message=f"Product {form.cleaned_data['name']} added.")
    return form_again(request, context)


@require_POST
def vendor_change(request, pk: int):
    """A vendor changed its model, terms or data handling: re-assess the product now."""
    vendor = vendor_for(request, pk, "vendors.assessment.change")
    form = VendorChangeForm(request.POST, vendor=vendor)
    action = reverse("vendors:vendor_change", args=[vendor.pk])
    context = form_context(
        form, action=action, button="Record the change", title="Record a vendor change"
    )
    if form_submit(form, lambda data: vendor_change_record(actor=request.user, **data)):
        url = reverse("vendors:vendor_detail", args=[vendor.pk])
        message = "Change recorded: the product is being re-assessed now."
        return form_saved(request, url=url, message=message)
    return form_again(request, context)
