"""PlainSelect draws the same <select> as Django's Select, without a template per option."""

import re

import pytest
from django import forms

from core.widgets import PlainSelect, PlainSelectMultiple

CHOICES = [("", "Any"), ("high", "High"), ("a&b", "Tom & <Jerry>")]


def without_layout_whitespace(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


@pytest.mark.parametrize("value", ["", "high", "a&b", None, "not-a-choice"])
def test_plain_select_matches_djangos_select(value):
    attrs = {"id": "id_tier", "aria-describedby": "id_tier_error", "required": True}
    ours = PlainSelect(choices=CHOICES).render("tier", value, attrs)
    django = forms.Select(choices=CHOICES).render("tier", value, attrs)
    assert ours == without_layout_whitespace(django)


def test_a_bound_field_marks_its_value_selected():
    class Filters(forms.Form):
        tier = forms.ChoiceField(choices=CHOICES, widget=PlainSelect, required=False)

    html = str(Filters({"tier": "high"})["tier"])
    assert '<option value="high" selected>High</option>' in html
    assert "Tom &amp; &lt;Jerry&gt;" in html


@pytest.mark.parametrize("value", [[], ["high"], ["high", "a&b"], None])
def test_plain_select_multiple_matches_djangos_select_multiple(value):
    attrs = {"id": "id_systems", "size": 6}
    ours = PlainSelectMultiple(choices=CHOICES).render("systems", value, attrs)
    django = forms.SelectMultiple(choices=CHOICES).render("systems", value, attrs)
    assert ours == without_layout_whitespace(django)


def test_a_several_choice_field_reads_every_value_sent():
    class Pack(forms.Form):
        tiers = forms.MultipleChoiceField(choices=CHOICES[1:], widget=PlainSelectMultiple)

    form = Pack({"tiers": ["high", "a&b"]})
    assert form.is_valid() and form.cleaned_data["tiers"] == ["high", "a&b"]
    assert '<option value="high" selected>High</option>' in str(form["tiers"])
