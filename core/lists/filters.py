"""The filter side of the list kit: a FilterSet base and the strict field types."""

from __future__ import annotations

import copy

import django_filters
from django import forms
from django.db.models import Q
from django.utils.datastructures import MultiValueDict
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from core.widgets import PlainSelect, PlainTextInput

YES_NO = [("true", "Yes"), ("false", "No")]
ANY = "Any"


class StrictBooleanField(forms.Field):
    """true or false; blank is "any"; anything else is an error."""

    widget = PlainSelect(choices=[("", ANY), *YES_NO])
    # Exactly the values the API schema declares, so that schema and behaviour agree.
    truthy, falsy = {"true"}, {"false"}

    def to_python(self, value):
        if value in (None, ""):
            return None
        text = str(value)
        if text in self.truthy:
            return True
        if text in self.falsy:
            return False
        raise forms.ValidationError("Use true or false.", code="invalid")


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


def words_match(value: str, *fields: str) -> Q:
    """Every word of `value` in one of `fields` (case ignored)."""
    found = Q()
    for word in value.split():
        either = Q()
        for name in fields:
            either |= Q(**{f"{name}__icontains": word})
        found &= either
    return found


class WordSearchFilter(django_filters.CharFilter):
    """The `q` box every list has: each word must appear in one of `fields`.

    Declared on a filter set as ``q = WordSearchFilter("name", "description")``.
    """

    def __init__(self, *fields: str, label: str = "Search", max_length: int = 200, **kwargs):
        super().__init__(label=label, max_length=max_length, widget=PlainTextInput, **kwargs)
        self.fields = fields

    def filter(self, qs, value):
        return qs.filter(words_match(value, *self.fields)) if value else qs


class PersonSearchFilter(django_filters.CharFilter):
    """A person's box (an actor, an owner): the text typed, as one piece, in one of
    `fields` (a name, an e-mail; case ignored). Declared on a filter set as
    ``owner = PersonSearchFilter("Owner", "owner__full_name", "owner__email")``.
    """

    def __init__(self, label: str, *fields: str, **kwargs):
        placeholder = {"placeholder": "Part of a name or e-mail"}
        widget = forms.TextInput(attrs=placeholder)
        super().__init__(label=label, max_length=254, widget=widget, **kwargs)
        self.fields = fields

    def filter(self, qs, value):
        if not value:
            return qs
        text, found = value.strip(), Q()
        for name in self.fields:
            found |= Q(**{f"{name}__icontains": text})
        return qs.filter(found)


class PlainChoiceFilter(django_filters.ChoiceFilter):
    """A pick-list of the filter bar, drawn in the list kit's plain select. Declared on a
    filter set as ``status = PlainChoiceFilter("Status", c.Status.choices)``; other
    arguments (`method`, `field_name`) are django-filter's."""

    def __init__(self, label: str, choices, **kwargs):
        super().__init__(label=label, choices=choices, widget=PlainSelect, **kwargs)


class ListFilterSet(django_filters.FilterSet):
    """A list's filters. `context` carries what a filter needs besides the query string
    (e.g. the viewer's time zone for calendar days); the spec adds `ordering`."""

    def __init__(self, data=None, queryset=None, *, context=None, request=None, prefix=None):
        # django-filter's own __init__ but for one line: the filters are copied shallowly.
        # What they hold (choices, querysets, labels) is never changed per request, and
        # deep-copying it was a tenth of a list request.
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or MultiValueDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = {name: copy.copy(flt) for name, flt in self.base_filters.items()}
        for flt in self.filters.values():
            flt.model = queryset.model
            flt.parent = self
            if flt.method is not None:
                flt.method = flt.method  # a FilterMethod of this copy, not of the base filter
        self.context = context or {}

    def get_form_class(self):
        """The filter form's class, built once per filter set class rather than on every
        request (django-filter makes a new class, and a new field per filter, each time).
        Safe to share: a form deep-copies its class's fields, and no filter here builds
        its field from the request."""
        cls = type(self)
        form_class = cls.__dict__.get("_shared_form_class")
        if form_class is None:
            form_class = super().get_form_class()
            cls._shared_form_class = form_class
        return form_class

    def filter_fields(self) -> list:
        """The bound fields of the filter bar, where an empty choice reads "Any"."""
        fields = []
        for name, field in self.form.fields.items():
            if name == "ordering":
                continue
            if getattr(field, "empty_label", None) not in (None, ANY):
                field.empty_label = ANY
                field.widget.choices = field.choices  # the widget keeps its own copy
            fields.append(self.form[name])
        return fields

    def filter_bar_html(self) -> SafeString:
        """The filter bar's fields as HTML, built in Python: through the template loop
        they were a fifth of a list page's time (see core.widgets on why)."""
        return mark_safe("".join(_filter_html(field) for field in self.filter_fields()))  # noqa: S308


def _filter_html(field) -> str:
    """One filter: label and widget (a checkbox after its label's text), then its errors."""
    label = f'<label for="{escape(field.id_for_label)}">{escape(str(field.label))}</label>'
    if field.widget_type == "checkbox":
        control = f'<div class="checkbox">{field.as_widget()} {label}</div>'
    else:
        control = f"{label}\n{field.as_widget()}"
    errors = ""
    if field.errors:
        items = "".join(f"<li>{escape(str(error))}</li>" for error in field.errors)
        errors = f'<ul class="field-error" id="{escape(field.auto_id)}_error">{items}</ul>'
    invalid = " field-invalid" if field.errors else ""
    return f'<div class="filter{invalid}">{control}{errors}</div>'
