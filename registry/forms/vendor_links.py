"""The system page's form to link a vendor product (issue 9 part 4)."""

from django import forms
from django.forms.models import ModelChoiceIterator

from core.widgets import PlainSelect
from vendors.models import VendorProduct


class ProductChoices(ModelChoiceIterator):
    """Every product as "Vendor Product" (its str), in the products' order, from plain
    rows: an enterprise offers 1,000 products, and a model instance with its vendor per
    option, each drawn through Django's option template, was most of the system page's
    time (bench/scale.py: 1.94x the demo's page)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        rows = self.queryset.values_list("pk", "vendor__name", "name")
        for pk, vendor, name in rows:
            yield (pk, f"{vendor} {name}")


class ProductChoiceField(forms.ModelChoiceField):
    """A product chosen among all of them; what is posted is read back as the model."""

    iterator = ProductChoices
    widget = PlainSelect


class ProductLinkForm(forms.Form):
    product = ProductChoiceField(
        queryset=VendorProduct.objects.select_related("vendor"),  # the posted one, named
        label="Vendor product",
        help_text="Only a product whose current assessment approves its use can be linked.",
    )
