"""API input of the human steps of oppgaveoverføring: types parsed, ids resolved into objects.

Every rule (required justification, panel composition, quorum, consensus…) stays in
`cases.services.task_transfer`; the validated data is the normalized dict `steps` takes,
the same the web forms produce. A field that takes ids names where its values come from
(`style["choices"]`, turned into a `choices_url` by the task API).
"""

from django.contrib.auth import get_user_model
from rest_framework import serializers

from cases.models import CommitteeKind, Competence, Party, SsuOutcome
from cases.services.task_transfer import ASSESSMENT_SIDES, CRITERIA, FOLLOW_UP_ITEMS
from workflows.inputs import StrictSerializer

User = get_user_model()


def _users():
    return User.objects.filter(is_active=True)


def _text(**kwargs):
    return serializers.CharField(required=False, allow_blank=True, default="", **kwargs)


def parties_field(**kwargs):
    return serializers.PrimaryKeyRelatedField(
        queryset=Party.objects.all(), style={"choices": "parties"}, **kwargs
    )


def members_of(kind: str, **kwargs):
    """A user id chosen among the members of the community's committee of `kind`."""
    return serializers.PrimaryKeyRelatedField(
        queryset=_users(), style={"choices": f"committee:{kind}"}, **kwargs
    )


class CriteriaSerializer(StrictSerializer):
    """R-TT-2: criteria a–g, each `true` or `false`."""

    def get_fields(self):
        return {
            key: serializers.BooleanField(required=False, help_text=label)
            for key, label in CRITERIA.items()
        }


class ScreenInputSerializer(StrictSerializer):
    """Sekretariatets vurdering (R-TT-2, R-TT-3)."""

    decision = serializers.ChoiceField(choices=["proceed", "reject"])
    criteria = CriteriaSerializer()
    justification = _text(
        help_text="Påkrevd ved avslag, og når et kriterium er besvart nei (R-TT-2, R-TT-3)."
    )


class PanelMemberInputSerializer(StrictSerializer):
    user = members_of(CommitteeKind.EXPERT_POOL)
    party = parties_field(required=False, allow_null=True)
    competence = serializers.ChoiceField(choices=Competence.values)


class AppointPanelInputSerializer(StrictSerializer):
    """SSU oppnevner faglig utvalg (R-TT-4)."""

    members = PanelMemberInputSerializer(many=True)
    deviation_reason = _text(help_text="Påkrevd når utvalget avviker fra standard sammensetning.")


class AssessmentSerializer(StrictSerializer):
    def get_fields(self):
        return {side: _text() for side in ASSESSMENT_SIDES}


class RecommendInputSerializer(StrictSerializer):
    """Faglig utvalgs innstilling (R-TT-5, R-TT-6, R-TT-8)."""

    recommendation = serializers.ChoiceField(choices=["for", "against"])
    assessment = AssessmentSerializer()
    no_statement_reason = _text(help_text="Påkrevd når ingen uttalelse er bedt om (R-TT-5).")
    consultation = serializers.BooleanField(required=False, default=False)
    consultees = parties_field(many=True, required=False)
    consultation_due_on = serializers.DateField(required=False, allow_null=True)


class GpCouncilInputSerializer(StrictSerializer):
    """Fastlegerådets vurdering (R-TT-7)."""

    conclusion = serializers.ChoiceField(choices=["supports", "does_not_support"])
    assessment = _text()


class PositionInputSerializer(StrictSerializer):
    member = members_of(CommitteeKind.SSU)
    position = serializers.ChoiceField(choices=["agree", "object"])


class FollowUpSerializer(StrictSerializer):
    def get_fields(self):
        return {key: _text(help_text=label) for key, label in FOLLOW_UP_ITEMS.items()}


class SsuDecideInputSerializer(StrictSerializer):
    """SSUs behandling (R-TT-9, R-TT-10, R-TT-11)."""

    positions = PositionInputSerializer(many=True)
    outcome = serializers.ChoiceField(choices=SsuOutcome.values)
    decision_text = _text()
    effective_on = serializers.DateField(required=False, allow_null=True)
    follow_up = FollowUpSerializer(required=False)
    consultees = parties_field(many=True, required=False)
    consultation_due_on = serializers.DateField(required=False, allow_null=True)
