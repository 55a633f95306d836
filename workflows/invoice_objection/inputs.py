"""API input of the human steps of fakturainnsigelse: types parsed, nothing decided.

Every rule (R-OBJ-4: every disputed line answered, accepted + rejected = disputed, a
justification; who may decide or cosign an appeal) stays in `cases.services.invoice_objection`,
so a missing item is refused there with its field named (`lines[0].justification`). The
validated data is the normalized dict `steps` takes, the same the web forms produce. `line`
is the id of the invoice line, as when the objection was filed.
"""

from rest_framework import serializers

from workflows.inputs import StrictSerializer


def _text(**kwargs):
    return serializers.CharField(required=False, allow_blank=True, default="", **kwargs)


def _days(help_text: str):
    return serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=0, help_text=help_text
    )


def _line():
    return serializers.IntegerField(help_text="Fakturalinjens id (som i innsigelsen).")


class AnswerLineInputSerializer(StrictSerializer):
    line = _line()
    accepted_days = _days("Døgn enheten godtar innsigelsen for (krediteres).")
    rejected_days = _days("Døgn enheten holder fast ved.")
    justification = _text(help_text="Enhetens begrunnelse for svaret (R-OBJ-4).")


class AnswerInputSerializer(StrictSerializer):
    """Utskrivende enhets svar (R-OBJ-4, R-OBJ-5): hver omstridte linje besvart."""

    lines = AnswerLineInputSerializer(many=True, allow_empty=True)


class ReviewInputSerializer(StrictSerializer):
    """Kommunens vurdering av svaret (R-OBJ-6): godta det, eller klage til seksjon for
    samhandling med begrunnelse."""

    decision = serializers.ChoiceField(choices=["accept", "appeal"])
    grounds = _text(help_text="Klagens begrunnelse; påkrevd ved klage.")


class AppealLineInputSerializer(StrictSerializer):
    line = _line()
    accepted_days = _days("Døgn som godtas etter klagen (i alt for linjen).")


class AppealDecisionInputSerializer(StrictSerializer):
    """Seksjon for samhandlings avgjørelse av klagen (R-OBJ-6)."""

    outcome = serializers.ChoiceField(choices=["upheld", "overturned"])
    decision_text = _text(help_text="Avgjørelsen og begrunnelsen for den.")
    lines = AppealLineInputSerializer(
        many=True, required=False, default=list, help_text="Ved omgjøring: godtatte døgn per linje."
    )


class CosignInputSerializer(StrictSerializer):
    """Juristens medsignatur på klageavgjørelsen (R-OBJ-6)."""

    confirm = serializers.BooleanField(help_text="`true`: signerer; `false`: sender tilbake.")
    comment = _text(help_text="Merknad; påkrevd når juristen ikke signerer.")


class ReviewDecisionInputSerializer(StrictSerializer):
    """Kommunens vurdering av klageavgjørelsen (R-OBJ-7): godta den, eller bringe saken inn
    for Nasjonal tvisteløsningsnemnd."""

    decision = serializers.ChoiceField(choices=["accept", "board"])
    subject = _text(help_text="Hva nemnda skal ta stilling til; påkrevd ved nemndsbehandling.")
