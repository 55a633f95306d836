"""Requests any case may make of the parties: statements (uttalelser) and public
consultations (høringer) with their responses. Each has a deadline (R-DL-3)."""

from django.conf import settings
from django.db import models

from .case import Case
from .parties import HospitalUnit, Party


class StatementRequest(models.Model):
    """A statement asked of an affected party or unit, with a deadline (e.g. R-TT-5)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="statements")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, verbose_name="part")
    unit = models.ForeignKey(
        HospitalUnit, on_delete=models.PROTECT, null=True, blank=True, verbose_name="enhet"
    )
    due_on = models.DateField("frist")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    received_at = models.DateTimeField(null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    text = models.TextField("uttalelse", blank=True)

    class Meta:
        ordering = ["requested_at", "id"]

    def __str__(self) -> str:
        return f"Uttalelse fra {self.recipient} ({self.case.reference})"

    @property
    def recipient(self) -> str:
        return str(self.unit) if self.unit else self.party.name


class Consultation(models.Model):
    """A public consultation (høring) with consultees and a deadline (e.g. R-TT-8)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="consultations")
    consultees = models.ManyToManyField(Party, verbose_name="høringsinstanser")
    due_on = models.DateField("høringsfrist")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["opened_at", "id"]
        indexes = [
            models.Index(
                fields=["due_on"],
                condition=models.Q(closed_at__isnull=True),
                name="open_consultation_due_idx",
            )
        ]

    def __str__(self) -> str:
        return f"Høring i {self.case.reference} (frist {self.due_on:%d.%m.%Y})"


class ConsultationResponse(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.PROTECT, related_name="responses"
    )
    party = models.ForeignKey(Party, on_delete=models.PROTECT)
    text = models.TextField("høringssvar")
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    given_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "party"], name="one_response_per_consultee"
            )
        ]

    def __str__(self) -> str:
        return f"Høringssvar fra {self.party}"
