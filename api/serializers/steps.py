"""Input serializers of the human steps: they parse types and resolve ids into objects.

Every rule (required justification, panel composition, quorum, consensus…) stays in
`cases.services`; the validated data is the normalized dict `workflows.task_transfer.steps`
takes, the same the web forms produce.
"""

from django.contrib.auth import get_user_model
from rest_framework import serializers

from cases.models import Competence, Party, SsuOutcome
from cases.services.task_transfer import ASSESSMENT_SIDES, CRITERIA, FOLLOW_UP_ITEMS

User = get_user_model()


def _users():
    return User.objects.filter(is_active=True)


def _text(**kwargs):
    return serializers.CharField(required=False, allow_blank=True, default="", **kwargs)


class CriteriaSerializer(serializers.Serializer):
    """R-TT-2: criteria a–g, each `true` or `false`."""

    def get_fields(self):
        return {
            key: serializers.BooleanField(required=False, help_text=label)
            for key, label in CRITERIA.items()
        }


class ScreenInputSerializer(serializers.Serializer):
    """Sekretariatets vurdering (R-TT-2, R-TT-3)."""

    decision = serializers.ChoiceField(choices=["proceed", "reject"])
    criteria = CriteriaSerializer()
    justification = _text(help_text="Påkrevd ved avslag (R-TT-3).")


class PanelMemberInputSerializer(serializers.Serializer):
    user = serializers.PrimaryKeyRelatedField(queryset=_users())
    party = serializers.PrimaryKeyRelatedField(
        queryset=Party.objects.all(), required=False, allow_null=True
    )
    competence = serializers.ChoiceField(choices=Competence.values)


class AppointPanelInputSerializer(serializers.Serializer):
    """SSU oppnevner faglig utvalg (R-TT-4)."""

    members = PanelMemberInputSerializer(many=True)
    deviation_reason = _text(help_text="Påkrevd når utvalget avviker fra standard sammensetning.")


class AssessmentSerializer(serializers.Serializer):
    def get_fields(self):
        return {side: _text() for side in ASSESSMENT_SIDES}


class RecommendInputSerializer(serializers.Serializer):
    """Faglig utvalgs innstilling (R-TT-6, R-TT-8)."""

    recommendation = serializers.ChoiceField(choices=["for", "against"])
    assessment = AssessmentSerializer()
    consultation = serializers.BooleanField(required=False, default=False)
    consultees = serializers.PrimaryKeyRelatedField(
        queryset=Party.objects.all(), many=True, required=False
    )
    consultation_due_on = serializers.DateField(required=False, allow_null=True)


class GpCouncilInputSerializer(serializers.Serializer):
    """Fastlegerådets vurdering (R-TT-7)."""

    conclusion = serializers.ChoiceField(choices=["supports", "does_not_support"])
    assessment = _text()


class PositionInputSerializer(serializers.Serializer):
    member = serializers.PrimaryKeyRelatedField(queryset=_users())
    position = serializers.ChoiceField(choices=["agree", "object"])


class FollowUpSerializer(serializers.Serializer):
    def get_fields(self):
        return {key: _text(help_text=label) for key, label in FOLLOW_UP_ITEMS.items()}


class SsuDecideInputSerializer(serializers.Serializer):
    """SSUs behandling (R-TT-9, R-TT-10, R-TT-11)."""

    positions = PositionInputSerializer(many=True)
    outcome = serializers.ChoiceField(choices=SsuOutcome.values)
    decision_text = _text()
    effective_on = serializers.DateField(required=False, allow_null=True)
    follow_up = FollowUpSerializer(required=False)
    consultees = serializers.PrimaryKeyRelatedField(
        queryset=Party.objects.all(), many=True, required=False
    )
    consultation_due_on = serializers.DateField(required=False, allow_null=True)


STEP_INPUTS: dict[str, type[serializers.Serializer]] = {
    "screen": ScreenInputSerializer,
    "appoint_panel": AppointPanelInputSerializer,
    "recommend": RecommendInputSerializer,
    "gp_council": GpCouncilInputSerializer,
    "ssu_decide": SsuDecideInputSerializer,
}

_TYPES = [
    (serializers.BooleanField, "boolean"),
    (serializers.DateField, "date"),
    (serializers.ChoiceField, "choice"),
    (serializers.ManyRelatedField, "array"),
    (serializers.PrimaryKeyRelatedField, "id"),
    (serializers.IntegerField, "integer"),
    (serializers.CharField, "string"),
]


def describe_form(serializer: serializers.Serializer) -> list[dict]:
    """The fields of an input serializer as `[{name, type, required, choices}]`."""
    out = []
    for name, field in serializer.fields.items():
        entry = {"name": name, "required": bool(field.required), "choices": None}
        if isinstance(field, serializers.ListSerializer):
            entry |= {"type": "array", "fields": describe_form(field.child)}
        elif isinstance(field, serializers.Serializer):
            entry |= {"type": "object", "fields": describe_form(field)}
        else:
            entry["type"] = next((t for cls, t in _TYPES if isinstance(field, cls)), "string")
            if isinstance(field, serializers.ChoiceField):
                entry["choices"] = [str(c) for c in field.choices]
            if isinstance(field, serializers.ManyRelatedField):
                entry["items"] = "id"
        out.append(entry)
    return out
