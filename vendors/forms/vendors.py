"""The vendor pages' forms: a vendor, a product, a vendor change (thin: the services
check the rules and name the field)."""

from django import forms

from core.forms import OneOfSeveral
from vendors import choices as c
from vendors.models import Vendor, VendorProduct


class VendorForm(forms.ModelForm):
    website = forms.URLField(required=False, assume_scheme="https", max_length=200)

    class Meta:
        model = Vendor
        fields = ["name", "website", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class ProductForm(OneOfSeveral, forms.ModelForm):
    ids = "product"  # the vendor page has the change form too (core.forms.OneOfSeveral)

    class Meta:
        model = VendorProduct
        fields = ["name", "kind", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class VendorChangeForm(OneOfSeveral, forms.Form):
    ids = "change"
    product = forms.ModelChoiceField(queryset=VendorProduct.objects.none(), label="Product")
    kind = forms.ChoiceField(choices=c.ChangeKind.choices, label="What changed")
    description = forms.CharField(
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Recording it starts an immediate re-assessment of the product.",
    )

    def __init__(self, *args, vendor: Vendor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = vendor.products.all()
