"""Tvisteløsning: opening a dispute and its actions (write), and its read model with the
ladder and where the case stands on it (R-DSP-1..6). Input is parsed here; every rule is in
`cases.services.dispute`."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cases.models import Dispute, DisputeKind, Party, StageKind
from cases.services.dispute import STATE_LABELS, ladder_progress
from workflows.inputs import StrictSerializer

from .cases import CaseSerializer


def _text(**kwargs):
    return serializers.CharField(allow_blank=True, **kwargs)


class DisputeOpenInputSerializer(StrictSerializer):
    """Reis en tvist (R-DSP-6: et krav om mislighold oppgir beløpet)."""

    parties = serializers.PrimaryKeyRelatedField(
        queryset=Party.objects.all(),
        many=True,
        help_text="De to partene: din egen og motparten.",
    )
    subject = _text(help_text="Hva uenigheten gjelder.")
    agreement_clause = _text(required=False, default="", max_length=200)
    kind = serializers.ChoiceField(choices=DisputeKind.values)
    claim_amount = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True, default=None
    )
    title = _text(required=False, default="", max_length=300)
    linked_case = serializers.UUIDField(
        required=False, allow_null=True, default=None, help_text="Saken tvisten reises fra."
    )


class TextInputSerializer(StrictSerializer):
    text = _text()


class StageInputSerializer(StrictSerializer):
    stage = serializers.ChoiceField(choices=StageKind.values, help_text="Trinnets type.")


class TermsInputSerializer(StrictSerializer):
    terms = _text(help_text="Vilkårene partene er enige om (R-DSP-3).")


class ReasonInputSerializer(StrictSerializer):
    reason = _text(required=False, default="")


class EmptyInputSerializer(StrictSerializer):
    pass


class InterestQuerySerializer(serializers.Serializer):
    principal = serializers.DecimalField(max_digits=14, decimal_places=2)
    start = serializers.DateField(help_text="Første rentedag.")
    end = serializers.DateField(help_text="Dagen etter siste rentedag.")


class InterestLineSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField(help_text="Til, ikke med.")
    days = serializers.IntegerField()
    rate = serializers.DecimalField(max_digits=5, decimal_places=2, help_text="Prosent per år.")
    amount = serializers.DecimalField(max_digits=16, decimal_places=2)


class InterestSerializer(serializers.Serializer):
    principal = serializers.DecimalField(max_digits=14, decimal_places=2)
    start = serializers.DateField()
    end = serializers.DateField()
    days = serializers.IntegerField()
    total = serializers.DecimalField(max_digits=16, decimal_places=2)
    lines = InterestLineSerializer(many=True)


class LadderStageSerializer(serializers.Serializer):
    stage = serializers.CharField(source="stage.kind")
    label = serializers.CharField()
    state = serializers.CharField(help_text="passed, skipped, current eller ahead.")
    state_display = serializers.SerializerMethodField()
    needs_both_consent = serializers.BooleanField(source="stage.needs_both_consent")
    one_party_may_raise = serializers.BooleanField()
    gives_statement = serializers.BooleanField(source="stage.gives_statement")
    statement_may_bind = serializers.BooleanField(source="stage.statement_may_bind")
    venue = serializers.CharField(source="stage.venue")
    consented = serializers.ListField(child=serializers.IntegerField())
    bound = serializers.ListField(child=serializers.IntegerField())
    statement = serializers.BooleanField(help_text="Trinnets uttalelse er registrert.")

    def get_state_display(self, progress) -> str:
        return STATE_LABELS[progress.state]

    def to_representation(self, progress):
        data = super().to_representation(progress)
        data["consented"], data["bound"] = sorted(progress.consented), sorted(progress.bound)
        return data


class PositionSerializer(serializers.Serializer):
    stage = serializers.CharField(source="stage.kind")
    party = serializers.IntegerField(source="party_id")
    text = serializers.CharField()
    recorded_at = serializers.DateTimeField()


class DisagreementRecordSerializer(serializers.Serializer):
    text = serializers.CharField()
    drafted_at = serializers.DateTimeField()


class ConsentSerializer(serializers.Serializer):
    stage = serializers.CharField(source="stage.kind")
    party = serializers.IntegerField(source="party_id")
    purpose = serializers.CharField()
    given_at = serializers.DateTimeField()


class StageStatementSerializer(serializers.Serializer):
    stage = serializers.CharField(source="stage.kind")
    text = serializers.CharField()
    recorded_at = serializers.DateTimeField()


class ResolutionSerializer(serializers.Serializer):
    stage = serializers.CharField(source="stage.kind")
    terms = serializers.CharField()
    recorded_at = serializers.DateTimeField()


class LadderSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    agreement = serializers.CharField()


class DisputeSerializer(CaseSerializer):
    """The dispute, the stage it is at, the ladder with where it stands, and every record."""

    dispute_kind = serializers.CharField(read_only=True)
    claimant = serializers.IntegerField(source="claimant_id", read_only=True)
    respondent = serializers.IntegerField(source="respondent_id", read_only=True)
    stage = serializers.CharField(source="stage.kind", read_only=True)
    stage_display = serializers.CharField(source="stage.get_kind_display", read_only=True)
    ladder = LadderSerializer(read_only=True)
    ladder_progress = serializers.SerializerMethodField()
    positions = PositionSerializer(many=True, read_only=True)
    disagreement_record = serializers.SerializerMethodField()
    consents = ConsentSerializer(many=True, read_only=True)
    statements = StageStatementSerializer(source="stage_statements", many=True, read_only=True)
    resolution = serializers.SerializerMethodField()

    class Meta(CaseSerializer.Meta):
        model = Dispute
        fields = [
            *CaseSerializer.Meta.fields,
            "dispute_kind",
            "subject",
            "agreement_clause",
            "claim_amount",
            "claimant",
            "respondent",
            "stage",
            "stage_display",
            "ladder",
            "ladder_progress",
            "positions",
            "disagreement_record",
            "consents",
            "statements",
            "resolution",
        ]
        read_only_fields = fields

    @extend_schema_field(LadderStageSerializer(many=True))
    def get_ladder_progress(self, case):
        return LadderStageSerializer(ladder_progress(case), many=True).data

    @extend_schema_field(DisagreementRecordSerializer(allow_null=True))
    def get_disagreement_record(self, case):
        record = getattr(case, "disagreement_record", None)
        return DisagreementRecordSerializer(record).data if record else None

    @extend_schema_field(ResolutionSerializer(allow_null=True))
    def get_resolution(self, case):
        resolution = getattr(case, "resolution", None)
        return ResolutionSerializer(resolution).data if resolution else None
