"""The vendor pages (issue 9 part 1): the list, registering a vendor, the vendor page
with its products, adding a product and recording a vendor change."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.lists.views import render_list
from core.permissions import can
from core.views.common import require_can
from vendors.forms.vendors import ProductForm, VendorChangeForm, VendorForm
from vendors.selectors.vendors import vendor_get_for, vendor_list_for, vendor_page_for
from vendors.services.catalogue import product_create, vendor_create
from vendors.services.changes import vendor_change_record
from vendors.views.common import done, refused, run_service


@require_GET
def vendor_list(request):
    require_can(request, "vendors.vendor.view")
    return render_list(request, vendor_list_for(request.user, request.GET), "vendors/list.html")


@require_http_methods(["GET", "POST"])
def vendor_new(request):
    require_can(request, "vendors.vendor.change")
    form = VendorForm(request.POST or None)
    context = {"form": form, "action": request.path, "button": "Register vendor",
               "title": "Register a vendor"}  # fmt: skip
    if request.method == "POST":
        saved = {}

        def call():
            saved["vendor"] = vendor_create(actor=request.user, **form.cleaned_data)

        if form.is_valid() and run_service(form, call):
            url = reverse("vendors:vendor_detail", args=[saved["vendor"].pk])
            return done(request, url, f"{saved['vendor'].name} registered.")
        return refused(request, "vendors/_form.html", context)
    return render(request, "vendors/form_page.html", {**context, "partial": "vendors/_form.html"})


def _vendor_context(request, page, **forms) -> dict:
    vendor = page.vendor
    may_change = can(request.user, "vendors.vendor.change", vendor)
    return {
        "vendor": vendor,
        "products": page.products,
        "may_change": may_change,
        "product_form": forms.get("product_form") or (ProductForm() if may_change else None),
        "change_form": forms.get("change_form")
        or (VendorChangeForm(vendor=vendor) if may_change and page.products else None),
    }


@require_GET
def vendor_detail(request, pk: int):
    require_can(request, "vendors.vendor.view")
    page = vendor_page_for(request.user, pk)
    return render(request, "vendors/detail.html", _vendor_context(request, page))


@require_POST
def product_add(request, pk: int):
    require_can(request, "vendors.vendor.view")
    vendor = vendor_get_for(request.user, pk)
    require_can(request, "vendors.vendor.change", vendor)
    form = ProductForm(request.POST)
    form.instance.vendor = vendor  # so the form checks the name is unique for this vendor
    context = {"form": form, "button": "Add product", "title": f"Add a product to {vendor}",
               "action": reverse("vendors:product_add", args=[vendor.pk])}  # fmt: skip
    if form.is_valid() and run_service(
        form, lambda: product_create(actor=request.user, vendor=vendor, **form.cleaned_data)
    ):
        url = reverse("vendors:vendor_detail", args=[vendor.pk])
        return done(request, url, f"Product {form.cleaned_data['name']} added.")
    return refused(request, "vendors/_form.html", context)


@require_POST
def vendor_change(request, pk: int):
    """A vendor changed its model, terms or data handling: re-assess the product now."""
    require_can(request, "vendors.vendor.view")
    vendor = vendor_get_for(request.user, pk)
    require_can(request, "vendors.assessment.change", vendor)
    form = VendorChangeForm(request.POST, vendor=vendor)
    context = {"form": form, "button": "Record the change", "title": "Record a vendor change",
               "action": reverse("vendors:vendor_change", args=[vendor.pk])}  # fmt: skip
    if form.is_valid() and run_service(
        form, lambda: vendor_change_record(actor=request.user, **form.cleaned_data)
    ):
        url = reverse("vendors:vendor_detail", args=[vendor.pk])
        return done(request, url, "Change recorded: the product is being re-assessed now.")
    return refused(request, "vendors/_form.html", context)
