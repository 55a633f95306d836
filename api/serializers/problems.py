from rest_framework import serializers


class FieldErrorSerializer(serializers.Serializer):
    field = serializers.CharField(
        allow_null=True, help_text="Sti til feltet, f.eks. `members[0].user`."
    )
    code = serializers.CharField(help_text="Stabil feilkode for feltet.")
    message = serializers.CharField()


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details (`application/problem+json`)."""

    type = serializers.URLField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    code = serializers.CharField(help_text="Stabil snake_case-kode, f.eks. `illegal_state`.")
    errors = FieldErrorSerializer(many=True, required=False)
