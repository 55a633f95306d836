"""Oppgaveoverføring: the proposal (write), its extra actions and its detailed read model."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cases.models import HospitalUnit, Party, StatementRequest, TaskTransfer
from cases.selectors import sees_contact
from cases.services.task_transfer import PROPOSAL_FIELDS
from workflows.inputs import StrictModelSerializer, StrictSerializer

from .cases import CaseSerializer


class ProposalInputSerializer(StrictModelSerializer):
    """Forslag til oppgaveoverføring (R-TT-1)."""

    community = serializers.SlugField(
        required=False,
        write_only=True,
        help_text="Helsefellesskapet (slug); bare for forslagsstillere uten part (pasienter).",
    )

    class Meta:
        model = TaskTransfer
        fields = [*PROPOSAL_FIELDS, "community"]


class StatementRequestInputSerializer(StrictSerializer):
    """R-TT-5: faglig utvalg ber en berørt part eller enhet om uttalelse."""

    party = serializers.PrimaryKeyRelatedField(queryset=Party.objects.all())
    unit = serializers.PrimaryKeyRelatedField(
        queryset=HospitalUnit.objects.all(), required=False, allow_null=True
    )
    due_on = serializers.DateField(required=False, allow_null=True)


class StatementReceiveInputSerializer(StrictSerializer):
    text = serializers.CharField(allow_blank=True)


class WithdrawInputSerializer(StrictSerializer):
    reason = serializers.CharField(allow_blank=True, required=False, default="")


class ConsultationResponseInputSerializer(StrictSerializer):
    """R-TT-8: one response per consultee."""

    party = serializers.PrimaryKeyRelatedField(queryset=Party.objects.all())
    text = serializers.CharField(allow_blank=True)


class ConsultationResponseResultSerializer(serializers.Serializer):
    party = serializers.IntegerField()
    consultation_closed = serializers.BooleanField(
        help_text="Svaret var det siste; høringen er lukket og saken går videre."
    )


class StatementSerializer(serializers.ModelSerializer):
    recipient = serializers.CharField(read_only=True)

    class Meta:
        model = StatementRequest
        fields = [
            "id",
            "party",
            "unit",
            "recipient",
            "due_on",
            "requested_at",
            "received_at",
            "text",
        ]
        read_only_fields = fields


class PanelMemberSerializer(serializers.Serializer):
    user = serializers.CharField(source="user.username")
    party = serializers.IntegerField(source="party_id", allow_null=True)
    competence = serializers.CharField()


class ScreeningSerializer(serializers.Serializer):
    criteria = serializers.DictField(child=serializers.BooleanField())
    passed = serializers.BooleanField()
    justification = serializers.CharField()
    screened_at = serializers.DateTimeField()


class RecommendationSerializer(serializers.Serializer):
    in_favour = serializers.BooleanField()
    assessment = serializers.DictField(child=serializers.CharField())
    given_at = serializers.DateTimeField()


class GpAssessmentSerializer(serializers.Serializer):
    supports = serializers.BooleanField()
    assessment = serializers.CharField()
    given_at = serializers.DateTimeField()


class ConsultationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    due_on = serializers.DateField()
    opened_at = serializers.DateTimeField()
    closed_at = serializers.DateTimeField(allow_null=True)
    consultees = serializers.SerializerMethodField()
    responded = serializers.SerializerMethodField()

    def get_consultees(self, consultation) -> list[int]:
        return [p.pk for p in consultation.consultees.all()]

    def get_responded(self, consultation) -> list[int]:
        return [r.party_id for r in consultation.responses.all()]


class TreatmentSerializer(serializers.Serializer):
    positions = serializers.ListField(child=serializers.DictField())
    quorum_met = serializers.BooleanField()
    outcome = serializers.CharField()
    decision_text = serializers.CharField()
    effective_on = serializers.DateField(allow_null=True)
    follow_up = serializers.DictField()
    recorded_at = serializers.DateTimeField()


class TaskTransferSerializer(CaseSerializer):
    """The case, plus the proposal and the record of every step. The proposer's contact
    details are null for a caller the case's rule keeps them from (`sees_contact`)."""

    proposer_name = serializers.CharField(
        read_only=True, allow_null=True, help_text="Null hvis du ikke kan se forslagsstilleren."
    )
    proposer_email = serializers.EmailField(
        read_only=True, allow_null=True, help_text="Null hvis du ikke kan se forslagsstilleren."
    )
    panel_members = serializers.SerializerMethodField()
    panel_deviation_reason = serializers.CharField(read_only=True)
    screening = serializers.SerializerMethodField()
    statements = StatementSerializer(many=True, read_only=True)
    recommendation = serializers.SerializerMethodField()
    gp_assessment = serializers.SerializerMethodField()
    consultations = ConsultationSerializer(many=True, read_only=True)
    treatments = TreatmentSerializer(many=True, read_only=True)

    class Meta(CaseSerializer.Meta):
        model = TaskTransfer
        fields = [
            *CaseSerializer.Meta.fields,
            *PROPOSAL_FIELDS[1:],
            "panel_members",
            "panel_deviation_reason",
            "screening",
            "statements",
            "recommendation",
            "gp_assessment",
            "consultations",
            "treatments",
        ]
        read_only_fields = fields

    def to_representation(self, case):
        data = super().to_representation(case)
        request = self.context.get("request")
        if not sees_contact(getattr(request, "user", None), case):
            data.update(dict.fromkeys(TaskTransfer.CONTACT_FIELDS))
        return data

    @extend_schema_field(PanelMemberSerializer(many=True))
    def get_panel_members(self, case):
        if not case.panel_id:
            return []
        rows = case.panel.memberships.select_related("user").order_by("pk")
        return PanelMemberSerializer(rows, many=True).data

    @extend_schema_field(ScreeningSerializer(allow_null=True))
    def get_screening(self, case):
        obj = getattr(case, "screening", None)
        return ScreeningSerializer(obj).data if obj else None

    @extend_schema_field(RecommendationSerializer(allow_null=True))
    def get_recommendation(self, case):
        obj = getattr(case, "recommendation", None)
        return RecommendationSerializer(obj).data if obj else None

    @extend_schema_field(GpAssessmentSerializer(allow_null=True))
    def get_gp_assessment(self, case):
        obj = getattr(case, "gp_assessment", None)
        return GpAssessmentSerializer(obj).data if obj else None
