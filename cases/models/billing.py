"""Utskrivningsklare pasientdøgn: the billing rules of an agreement and the yearly rate, as data
(R-USK-1..6). The calculator that reads them is `cases.billing`."""

from django.core.exceptions import ValidationError
from django.db import models

from .parties import Community


class ChargeStart(models.TextChoices):
    """R-USK-2: the first chargeable day, counted from the day the municipality was notified."""

    SAME_DAY = "same_day", "Samme dag som varselet (forskriften)"
    NEXT_DAY = "next_day", "Dagen etter varselet"
    NEXT_BUSINESS_DAY = "next_business_day", "Påfølgende virkedag"


class BillingTerms(models.Model):
    """A community's agreement on paying for patients ready for discharge (e.g. delavtale 1,
    1.4-1.5, or UNN's fakturaveileder): how the chargeable days are counted."""

    community = models.OneToOneField(
        Community, on_delete=models.CASCADE, related_name="billing_terms"
    )
    agreement = models.CharField(
        "avtale og punkt",
        max_length=300,
        blank=True,
        help_text="For eksempel «Delavtale 1, punkt 1.4-1.5».",
    )
    charge_start = models.CharField(
        "første betalingsdag",
        max_length=20,
        choices=ChargeStart.choices,
        default=ChargeStart.SAME_DAY,
    )
    grace_hours = models.PositiveSmallIntegerField(
        "karenstid (timer)",
        default=0,
        help_text="Timer etter varselet før betaling kan begynne, når avtalen sier det.",
    )
    requires_discharge_summary = models.BooleanField(
        "krever epikrise",
        default=True,
        help_text="Ingen betaling uten at epikrise eller tilsvarende dokumentasjon er sendt.",
    )
    readmission_void_hours = models.PositiveSmallIntegerField(
        "reinnleggelse opphever betaling innen (timer)",
        default=48,
        help_text=(
            "Reinnlegges pasienten for samme problem innen så mange timer, faller betalingen"
            " for oppholdet bort."
        ),
    )

    class Meta:
        verbose_name = "betalingsregler for utskrivningsklare pasienter"
        verbose_name_plural = "betalingsregler for utskrivningsklare pasienter"

    def __str__(self) -> str:
        return f"{self.community}: {self.get_charge_start_display().lower()}"


class DailyRate(models.Model):
    """R-USK-5: the national døgnpris of one year (later years are entered as data)."""

    year = models.PositiveSmallIntegerField("år", unique=True)
    amount = models.DecimalField("døgnpris (kr)", max_digits=9, decimal_places=2)
    note = models.CharField(
        "merknad",
        max_length=200,
        blank=True,
        help_text="Hvor satsen er hentet fra, eller at den er et demotall.",
    )

    class Meta:
        verbose_name = "døgnpris"
        verbose_name_plural = "døgnpriser"
        ordering = ["year"]

    def __str__(self) -> str:
        note = f" ({self.note})" if self.note else ""
        return f"{self.year}: {self.amount} kr{note}"

    def clean(self):
        if self.amount is not None and self.amount <= 0:
            raise ValidationError({"amount": "Døgnprisen må være større enn null."})
        if self.year is not None and not 2000 <= self.year <= 2100:
            raise ValidationError({"year": "Oppgi et årstall mellom 2000 og 2100."})
