"""Invoices for utskrivningsklare pasientdøgn (R-OBJ-1, R-USK-6): the trust's monthly invoice
to a municipality and its lines. A line names a patient by NPR-ID: patient data (R-AUD-2),
shown only to the two parties of the invoice and never logged."""

from django.conf import settings
from django.db import models

from .parties import Community, HospitalUnit, Party


class Invoice(models.Model):
    """One invoice from a health trust to the municipality that pays (the oppholdskommune)."""

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="invoices")
    health_trust = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="invoices_issued", verbose_name="helseforetak"
    )
    municipality = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="invoices_received", verbose_name="kommune"
    )
    number = models.CharField("fakturanummer", max_length=40)
    issued_on = models.DateField("fakturadato")
    received_on = models.DateField("mottatt av kommunen")
    due_on = models.DateField("forfallsdato")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="registrert av",
    )
    created_at = models.DateTimeField("registrert", auto_now_add=True)
    late_acceptance_reason = models.TextField(
        "begrunnelse for å godta innsigelse etter fristen", blank=True
    )
    late_accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="godtatt for sent av",
    )
    late_accepted_at = models.DateTimeField("godtatt for sent", null=True, blank=True)

    class Meta:
        verbose_name = "faktura"
        verbose_name_plural = "fakturaer"
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["health_trust", "number"], name="unique_invoice_number_per_trust"
            )
        ]

    def __str__(self) -> str:
        return f"Faktura {self.number}"

    @property
    def accepted_late(self) -> bool:
        return self.late_accepted_at is not None


class InvoiceLine(models.Model):
    """One patient's chargeable days in one period (a calendar month at most) at one unit."""

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField("linje")
    patient_ref = models.CharField("pasientens NPR-ID", max_length=40)
    unit = models.ForeignKey(
        HospitalUnit,
        on_delete=models.PROTECT,
        related_name="invoice_lines",
        verbose_name="utskrivende enhet",
    )
    period_start = models.DateField("periode fra")
    period_end = models.DateField("periode til")
    days = models.PositiveIntegerField("døgn")
    amount = models.DecimalField("beløp (kr)", max_digits=12, decimal_places=2)
    stay = models.JSONField(
        "oppholdets hendelser",
        null=True,
        blank=True,
        help_text="Hendelsene i oppholdet, for å beregne betalingsdøgnene.",
    )
    computed_days = models.PositiveIntegerField("beregnede døgn", null=True, blank=True)

    class Meta:
        verbose_name = "fakturalinje"
        verbose_name_plural = "fakturalinjer"
        ordering = ["invoice", "position"]
        constraints = [
            models.UniqueConstraint(fields=["invoice", "position"], name="unique_line_position"),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="line_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        # Never the NPR-ID: this text may reach logs and admin messages (R-AUD-2).
        return f"Linje {self.position} på faktura {self.invoice.number}"

    @property
    def flagged(self) -> bool:
        """The invoiced days disagree with the computed chargeable days."""
        return self.computed_days is not None and self.computed_days != self.days
