"""The system page's form to link a vendor product (issue 9 part 4)."""

from django import forms

from vendors.models import VendorProduct


class ProductLinkForm(forms.Form):
    product = forms.ModelChoiceField(
        queryset=VendorProduct.objects.select_related("vendor"),
        label="Vendor product",
        help_text="Only a product whose current assessment approves its use can be linked.",
    )
