"""Strict API input: a value must have the JSON type its field declares.

DRF coerces by default: `9.5` becomes user 9, `123` becomes the text "123", `"yes"` becomes
`true`. Every input serializer of the API derives from `StrictSerializer` (or
`StrictModelSerializer`), whose root checks the whole body once, nested objects and lists
included, before DRF parses it: a value of the wrong type is a field error `invalid_type`,
an integer outside 64 bits or a date outside `FIRST_YEAR`–`LAST_YEAR` is `out_of_range`.
Form-encoded input (multipart uploads, query strings) is all text and is left to DRF's parsing.
"""

from collections.abc import Mapping

from django.db import models
from django.http import QueryDict
from rest_framework import relations, serializers
from rest_framework.exceptions import ErrorDetail, ValidationError

MIN_INTEGER = -(2**63)
MAX_INTEGER = 2**63 - 1
FIRST_YEAR, LAST_YEAR = 1900, 2999

MESSAGES = {
    "string": "Må være tekst.",
    "integer": "Må være et heltall.",
    "number": "Må være et tall.",
    "boolean": "Må være true eller false.",
    "list": "Må være en liste.",
    "object": "Må være et objekt.",
}
OUT_OF_RANGE = {
    "integer": "Tallet er utenfor gyldig område.",
    "date": f"Datoen må ligge mellom år {FIRST_YEAR} og {LAST_YEAR}.",
}


def _is_integer(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_text(value) -> bool:
    return isinstance(value, str)


def _pk_is_integer(field) -> bool:
    pk = field.get_queryset().model._meta.pk
    return isinstance(pk, models.IntegerField)


def _choice_type(field) -> str:
    keys = list(field.choices)
    return "integer" if keys and all(map(_is_integer, keys)) else "string"


def expected_type(field) -> str | None:
    """The JSON type `field` takes; None where anything goes (files, raw JSON)."""
    if isinstance(field, serializers.BooleanField):
        return "boolean"
    if isinstance(field, serializers.MultipleChoiceField | relations.ManyRelatedField):
        return "list"
    if isinstance(field, serializers.ChoiceField):
        return _choice_type(field)
    if isinstance(field, serializers.IntegerField):
        return "integer"
    if isinstance(field, relations.PrimaryKeyRelatedField):
        return "integer" if _pk_is_integer(field) else "string"
    if isinstance(field, serializers.FloatField | serializers.DecimalField):
        return "number"
    if isinstance(
        field,
        serializers.CharField
        | serializers.DateField
        | serializers.DateTimeField
        | serializers.TimeField
        | serializers.UUIDField
        | serializers.DurationField,
    ):
        return "string"
    if isinstance(field, serializers.ListField | serializers.ListSerializer):
        return "list"
    if isinstance(field, serializers.DictField | serializers.Serializer):
        return "object"
    return None


def _has_type(kind: str, value, field) -> bool:
    if kind == "integer":
        return _is_integer(value)
    if kind == "number":
        accepts_text = isinstance(field, serializers.DecimalField)
        return _is_integer(value) or isinstance(value, float) or (accepts_text and _is_text(value))
    return {
        "string": _is_text,
        "boolean": lambda v: isinstance(v, bool),
        "list": lambda v: isinstance(v, list),
        "object": lambda v: isinstance(v, Mapping),
    }[kind](value)


def _range_error(kind: str, value, field) -> str | None:
    if kind == "integer" and not MIN_INTEGER <= value <= MAX_INTEGER:
        return OUT_OF_RANGE["integer"]
    dated = isinstance(field, serializers.DateField | serializers.DateTimeField)
    year = value[:4] if dated and value[4:5] == "-" else ""
    if year.isdigit() and not FIRST_YEAR <= int(year) <= LAST_YEAR:
        return OUT_OF_RANGE["date"]
    return None


def _children(field, value):
    if isinstance(field, serializers.ListSerializer):
        return [(i, field.child, v) for i, v in enumerate(value)]
    if isinstance(field, relations.ManyRelatedField):
        return [(i, field.child_relation, v) for i, v in enumerate(value)]
    if isinstance(field, serializers.ListField):
        return [(i, field.child, v) for i, v in enumerate(value)]
    if isinstance(field, serializers.DictField):
        return [(k, field.child, v) for k, v in value.items()]
    if isinstance(field, serializers.Serializer):
        writable = (f for f in field.fields.values() if not f.read_only)
        return [(f.field_name, f, value[f.field_name]) for f in writable if f.field_name in value]
    return []


def type_errors(field, value):
    """Errors in DRF's nested shape (`{name: [...]}`, `{index: {...}}`), or None."""
    kind = None if value is None else expected_type(field)
    if kind is None:
        return None
    if not _has_type(kind, value, field):
        return [ErrorDetail(MESSAGES[kind], code="invalid_type")]
    message = _range_error(kind, value, field)
    if message:
        return [ErrorDetail(message, code="out_of_range")]
    errors = {}
    for key, child, item in _children(field, value):
        error = type_errors(child, item)
        if error:
            errors[key] = error
    return errors or None


class StrictInput:
    """Checks the types of a whole JSON body at its root serializer (see the module). The
    fields of the right type are still parsed, so one answer lists every error."""

    def to_internal_value(self, data):
        if self.root is not self or not isinstance(data, Mapping) or isinstance(data, QueryDict):
            return super().to_internal_value(data)
        errors = type_errors(self, data)
        if not errors:
            return super().to_internal_value(data)
        try:
            super().to_internal_value({k: v for k, v in data.items() if k not in errors})
        except ValidationError as exc:
            if isinstance(exc.detail, Mapping):
                errors = {**exc.detail, **errors}
        raise ValidationError(errors)


class StrictSerializer(StrictInput, serializers.Serializer):
    pass


class StrictModelSerializer(StrictInput, serializers.ModelSerializer):
    pass
