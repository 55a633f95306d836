"""A step's input serializer described as a form a REST client can fill in."""

from django.urls import reverse
from rest_framework import serializers

_TYPES = [
    (serializers.BooleanField, "boolean"),
    (serializers.DateField, "date"),
    (serializers.ChoiceField, "choice"),
    (serializers.ManyRelatedField, "array"),
    (serializers.PrimaryKeyRelatedField, "id"),
    (serializers.IntegerField, "integer"),
    (serializers.CharField, "string"),
]


def choices_url(source: str | None, *, community_id=None, committees=None) -> str | None:
    """Where the ids of a field come from. `source` is the field's `style["choices"]`:
    `parties`, `units`, or `committee:<kind>` (the members of the case's committee)."""
    if source == "parties":
        return reverse("api:party-list")
    if source == "units":
        return reverse("api:unit-list")
    if source and source.startswith("committee:") and committees is not None:
        committee_id = committees.get((community_id, source.split(":", 1)[1]))
        if committee_id is not None:
            return reverse("api:committee-members", args=[committee_id])
    return None


def describe_form(serializer: serializers.Serializer, **where) -> list[dict]:
    """The fields of an input serializer as `[{name, type, required, choices, choices_url}]`.
    `where` (community_id, committees) resolves `choices_url` for the task's case."""
    out = []
    for name, field in serializer.fields.items():
        entry = {"name": name, "required": bool(field.required), "choices": None}
        if isinstance(field, serializers.ListSerializer):
            entry |= {"type": "array", "fields": describe_form(field.child, **where)}
        elif isinstance(field, serializers.Serializer):
            entry |= {"type": "object", "fields": describe_form(field, **where)}
        else:
            entry["type"] = next((t for cls, t in _TYPES if isinstance(field, cls)), "string")
            if isinstance(field, serializers.ChoiceField):
                entry["choices"] = [str(c) for c in field.choices]
            if isinstance(field, serializers.ManyRelatedField):
                entry["items"] = "id"
            url = choices_url(field.style.get("choices"), **where)
            if url:
                entry["choices_url"] = url
        out.append(entry)
    return out
