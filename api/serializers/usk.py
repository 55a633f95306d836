"""Utskrivningsklare pasientdøgn: one stay's events in, the chargeable days out (R-USK-1..5).
Input is parsed here (field names = `cases.billing.Stay`); every rule is in `cases.billing`."""

from collections.abc import Mapping

from django.utils.dateparse import parse_datetime
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail, ValidationError

from cases.billing_stay import ANSWERS
from cases.models import BillingTerms, ChargeStart
from workflows.inputs import StrictSerializer


class AwareDateTimeField(serializers.DateTimeField):
    """ISO 8601 with a time zone: a moment without one is ambiguous, and refused."""

    default_error_messages = {
        "invalid": "Ugyldig tidspunkt; bruk ISO 8601 med tidssone, for eksempel"
        " 2025-03-03T10:00:00+01:00.",
        "naive": "Oppgi tidspunktet med tidssone, for eksempel 2025-03-03T10:00:00+01:00.",
    }

    def to_internal_value(self, value):
        parsed = super().to_internal_value(value)
        if isinstance(value, str) and (moment := parse_datetime(value)) and not moment.tzinfo:
            self.fail("naive")
        return parsed


def _moment(help_text: str, **kw):
    return AwareDateTimeField(help_text=help_text, **kw)


def _optional_moment(help_text: str):
    return _moment(help_text, required=False, allow_null=True, default=None)


def _optional_day(help_text: str):
    return serializers.DateField(help_text=help_text, required=False, allow_null=True, default=None)


class StayInputSerializer(StrictSerializer):
    """Ett sykehusopphold: hendelsene som avgjør betalingen. Ingen pasientopplysninger."""

    declared_ready_at = _moment("Når pasienten ble meldt utskrivningsklar (med tidssone).")
    notified_at = _optional_moment("Når kommunen ble varslet; tomt hvis den ikke ble varslet.")
    municipality_answer = serializers.ChoiceField(
        choices=list(ANSWERS),
        required=False,
        allow_null=True,
        default=None,
        help_text="Kommunens svar: `cannot_receive` eller `can_receive`; tomt = ikke svart.",
    )
    answered_at = _optional_moment("Når kommunen svarte.")
    taken_over_on = _optional_day("Dagen kommunen overtok pasienten (den dagen betales ikke).")
    discharged_at = _optional_moment("Når pasienten forlot sykehuset (samme dag som overtakelsen).")
    readmitted_at = _optional_moment("Når pasienten ble lagt inn igjen etter utskrivningen.")
    readmission_same_problem = serializers.BooleanField(
        required=False, default=True, help_text="Reinnleggelsen gjaldt samme problemstilling."
    )
    ill_again_on = _optional_day("Dagen pasienten ble syk igjen mens den ventet og ble innlagt.")
    discharge_summary_sent = serializers.BooleanField(
        required=False, default=True, help_text="Epikrise eller tilsvarende er sendt."
    )

    def to_internal_value(self, data):
        unknown = sorted(set(data) - set(self.fields)) if isinstance(data, Mapping) else []
        errors = {name: [ErrorDetail("Ukjent felt.", code="unknown")] for name in unknown}
        try:
            value = super().to_internal_value(data)
        except ValidationError as exc:
            if not isinstance(exc.detail, Mapping):
                raise
            errors = {**errors, **exc.detail}
        if errors:
            raise ValidationError(errors)
        return value


class YearPartSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    days = serializers.IntegerField()
    rate = serializers.DecimalField(max_digits=12, decimal_places=2)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)


class AppliedRuleSerializer(serializers.Serializer):
    rule = serializers.CharField(source="rule_id", help_text="Regelens id, f.eks. R-USK-2.")
    text = serializers.CharField(help_text="Hvorfor regelen ble brukt.")


class BillingTermsSerializer(serializers.ModelSerializer):
    charge_start = serializers.ChoiceField(choices=ChargeStart.choices)

    class Meta:
        model = BillingTerms
        fields = [
            "community",
            "agreement",
            "charge_start",
            "grace_hours",
            "requires_discharge_summary",
            "readmission_void_hours",
        ]
        read_only_fields = fields


class ChargeSerializer(serializers.Serializer):
    days = serializers.IntegerField(help_text="Betalingsdøgn.")
    first_day = serializers.DateField(allow_null=True, help_text="Første betalingsdag.")
    last_day = serializers.DateField(allow_null=True, help_text="Siste betalingsdag.")
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="Beløp i kroner.")
    by_year = YearPartSerializer(many=True, help_text="Døgn og beløp per år (R-USK-5).")
    rules = AppliedRuleSerializer(many=True, help_text="Reglene som ble brukt, og hvorfor.")
    terms = BillingTermsSerializer(help_text="Betalingsreglene i helsefellesskapets avtale.")
