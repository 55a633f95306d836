"""Reference data a REST client needs to fill in the forms: parties, committees and their
members, hospital units."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cases.models import Committee, CommitteeKind, HospitalUnit, Membership, Party

from .common import PartyKindField, PartyRefSerializer


class PartySerializer(serializers.ModelSerializer):
    kind = PartyKindField(read_only=True)

    class Meta:
        model = Party
        fields = ["id", "name", "kind", "organisation_number", "municipality_number", "community"]
        read_only_fields = fields


@extend_schema_field({"type": "string", "enum": CommitteeKind.values})
class CommitteeKindField(serializers.CharField):
    pass


class CommitteeSerializer(serializers.ModelSerializer):
    kind = CommitteeKindField(read_only=True)
    case = serializers.UUIDField(source="case_id", allow_null=True, read_only=True)

    class Meta:
        model = Committee
        fields = ["id", "name", "kind", "community", "case"]
        read_only_fields = fields


class MemberSerializer(serializers.ModelSerializer):
    """A committee member: the `user` id is what step forms take (`choices_url`)."""

    user = serializers.IntegerField(source="user_id", read_only=True)
    full_name = serializers.SerializerMethodField()
    party = PartyRefSerializer(read_only=True, allow_null=True)
    competence = serializers.CharField(read_only=True, allow_null=True)
    chair = serializers.BooleanField(source="is_chair", read_only=True)

    class Meta:
        model = Membership
        fields = ["user", "full_name", "party", "competence", "chair"]
        read_only_fields = fields

    def get_full_name(self, membership) -> str:
        return membership.user.get_full_name() or membership.user.username

    def to_representation(self, membership):
        data = super().to_representation(membership)
        data["competence"] = membership.competence or None
        return data


class UnitSerializer(serializers.ModelSerializer):
    party = PartyRefSerializer(read_only=True)
    head = serializers.SerializerMethodField()

    class Meta:
        model = HospitalUnit
        fields = ["id", "name", "party", "head"]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_head(self, unit):
        return unit.head.get_full_name() if unit.head_id else None
