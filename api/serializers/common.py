from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cases.models import CaseKind, Party, PartyKind


@extend_schema_field({"type": "string", "description": "Parttype: " + " | ".join(PartyKind.values)})
class PartyKindField(serializers.CharField):
    """`municipality` | `health_trust`."""


@extend_schema_field({"type": "string", "enum": CaseKind.values})
class CaseKindField(serializers.CharField):
    """`task_transfer` | `invoice_objection` | `dispute`."""


class PartyRefSerializer(serializers.ModelSerializer):
    kind = PartyKindField(read_only=True)

    class Meta:
        model = Party
        fields = ["id", "name", "kind"]
        read_only_fields = fields


def is_hidden_person(context: dict, user_id) -> bool:
    """Whether the caller may not see this user by name on the case in hand: the context's
    `hidden_person` (`cases.selectors.hidden_person_id`)."""
    hidden = context.get("hidden_person")
    return hidden is not None and hidden == user_id
