"""What every request serializer of the API shares."""

from __future__ import annotations

from django.http import QueryDict
from rest_framework import serializers

from core.control_characters import control_character_message

NUMBER_FIELDS = (serializers.FloatField, serializers.IntegerField, serializers.DecimalField)


class StrictInput:
    """Mixin for request serializers: a field the serializer does not name, a number or a
    list where text is expected, text with control characters, a number where true or
    false is, or true or false where a number is, is refused with a 400 naming it, never
    ignored or quietly turned into text. The schema says the same (core.api.schema)."""

    def to_internal_value(self, data):
        if hasattr(data, "keys"):
            errors = {key: ["Unexpected field."] for key in sorted(set(data) - set(self.fields))}
            for name, field in self.fields.items():
                value = data.get(name) if name in data else ""
                if isinstance(field, serializers.CharField) and not isinstance(value, str | None):
                    errors[name] = ["Not a valid string."]
                elif isinstance(field, serializers.CharField) and (
                    refused := control_character_message(value or "")
                ):
                    # A ModelSerializer's fields carry the model's validators instead of
                    # the class defaults (core.control_characters), so checked here too.
                    errors[name] = [refused]
                elif (
                    isinstance(field, serializers.BooleanField)
                    and name in data
                    and not isinstance(data, QueryDict)  # a form's "true" is text
                    and not isinstance(value, bool | None)
                ):
                    errors[name] = ["Must be true or false."]  # not 0, 1 or "yes"
                elif isinstance(field, NUMBER_FIELDS) and isinstance(value, bool):
                    errors[name] = ["Must be a number, not true or false."]  # float(False) is 0
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


class ErrorSerializer(serializers.Serializer):
    """403, 404 and other refusals."""

    detail = serializers.CharField()
