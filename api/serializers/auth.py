from rest_framework import serializers

from workflows.inputs import StrictSerializer

from .common import PartyRefSerializer


class TokenInputSerializer(StrictSerializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True)
    expires_at = serializers.DateTimeField(
        read_only=True, help_text="Når tokenet slutter å virke (401 `token_expired`)."
    )


class RoleSerializer(serializers.Serializer):
    committee = serializers.IntegerField()
    committee_name = serializers.CharField()
    kind = serializers.CharField()
    competence = serializers.CharField(allow_null=True)
    is_chair = serializers.BooleanField()


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Din bruker-id (den skjemaene tar).")
    username = serializers.CharField()
    full_name = serializers.CharField()
    email = serializers.EmailField()
    party = PartyRefSerializer(allow_null=True)
    roles = RoleSerializer(many=True)
