"""Form widgets the list pages render many times over."""

from html import escape

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

SELECTED = mark_safe(" selected")


class PlainSelect(forms.Select):
    """A single-choice <select> rendered in Python.

    Django renders every <option> through a template of its own; a filter bar
    of eight selects cost about 12 ms a page that way, most of a list page's time.
    Flat choices only (no option groups), which is all the filter bars use.
    """

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = {"name": name, **self.build_attrs(self.attrs, attrs)}  # Django's order
        if self.allow_multiple_selected:
            final_attrs["multiple"] = True
        chosen = {str(v) for v in self.format_value(value)}
        # f-strings and the standard library's escape: format_html per option was most
        # of a filter bar's time.
        options = "".join(
            f'<option value="{escape(str(key))}"{SELECTED if str(key) in chosen else ""}>'
            f"{escape(str(label))}</option>"
            for key, label in self.choices
        )
        return mark_safe(f"<select{_attributes(final_attrs)}>{options}</select>")  # noqa: S308


class PlainSelectMultiple(PlainSelect):
    """A several-choice <select> rendered in Python: the packs page offers every system
    the person may export, 2,000 of them at an enterprise's size (bench/scale.py)."""

    allow_multiple_selected = True
    value_from_datadict = forms.SelectMultiple.value_from_datadict
    value_omitted_from_data = forms.SelectMultiple.value_omitted_from_data


def _attributes(attrs: dict) -> str:
    """HTML attributes in the given order (flatatt sorts them); True alone, False left out."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", k) if v is True else format_html(' {}="{}"', k, v),)
            for k, v in attrs.items()
            if v is not None and v is not False
        ),
    )


class PlainTextInput(forms.TextInput):
    """A one-line text input rendered in Python, for the filter bars (see PlainSelect)."""

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = {"type": self.input_type, "name": name}
        shown = self.format_value(value)
        if shown is not None:
            final_attrs["value"] = shown
        final_attrs.update(self.build_attrs(self.attrs, attrs))
        return format_html("<input{}>", _attributes(final_attrs))
