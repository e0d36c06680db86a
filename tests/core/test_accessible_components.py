"""The components that keep pages accessible whatever they hold: a wide table's box that a
keyboard can scroll ({% table_box %}), and forms sharing a page with their own element
ids (core.forms.OneOfSeveral)."""

from pathlib import Path

from django import forms
from django.conf import settings
from django.template import Context, Template

from core.forms import OneOfSeveral

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def test_a_table_box_is_a_named_region_that_takes_the_focus():
    html = Template(
        "{% load portal %}{% table_box label %}<table><tr><td>1</td></tr></table>{% endtable_box %}"
    ).render(Context({"label": 'Clocks of "INC-0001"'}))
    assert html.strip() == (
        '<div class="table-wrap" role="region" tabindex="0" aria-label="Clocks of '
        '&quot;INC-0001&quot;"><table><tr><td>1</td></tr></table></div>'
    )


def test_every_table_box_of_the_templates_is_the_component():
    """Written by hand, a box forgets its tabindex, role or label (three pages did)."""
    by_hand = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if 'class="table-wrap"' in path.read_text() and path.name != "table_box.html"
    ]
    assert by_hand == []


class SeverityForm(OneOfSeveral, forms.Form):
    ids = "severity"
    reason = forms.CharField(label="Reason")


class AwarenessForm(OneOfSeveral, forms.Form):
    ids = "awareness"
    reason = forms.CharField(label="Reason for the correction")


def test_two_forms_of_one_page_name_their_own_controls_and_post_their_field_names():
    page = str(SeverityForm()) + str(AwarenessForm())
    assert page.count('id="severity-reason"') == 1 and page.count('id="awareness-reason"') == 1
    assert 'for="severity-reason"' in page and 'for="awareness-reason"' in page
    assert page.count('name="reason"') == 2
    posted = AwarenessForm({"reason": "The alert came an hour earlier."})
    assert posted.is_valid() and posted.cleaned_data["reason"].startswith("The alert")
    assert posted["reason"].id_for_label == "awareness-reason"
