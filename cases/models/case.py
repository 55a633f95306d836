"""The case every process shares: identity, parties, status, audit trail and deadlines."""

import uuid

from django.conf import settings
from django.db import models
from django_fsm import FSMField

from .parties import Community, Party


class CaseKind(models.TextChoices):
    TASK_TRANSFER = "task_transfer", "Oppgaveoverføring"
    INVOICE_OBJECTION = "invoice_objection", "Fakturainnsigelse"
    DISPUTE = "dispute", "Tvisteløsning"


class Case(models.Model):
    """One case of any kind. Its lifecycle is declared on the kind's subclass."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField("sakstype", max_length=30, choices=CaseKind.choices, editable=False)
    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="cases")
    reference = models.CharField("referanse", max_length=30, unique=True, editable=False)
    ssu_case_number = models.CharField(
        "SSU-saksnummer", max_length=10, blank=True, default="", editable=False
    )
    title = models.CharField("tittel", max_length=300)
    status = FSMField("status", max_length=40, protected=True, editable=False)
    parties = models.ManyToManyField(Party, related_name="cases", verbose_name="parter")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="created_cases",
        verbose_name="opprettet av",
    )
    created_at = models.DateTimeField("opprettet", auto_now_add=True)
    updated_at = models.DateTimeField("endret", auto_now_add=True, db_index=True)
    closed_at = models.DateTimeField("avsluttet", null=True, blank=True)

    class Meta:
        verbose_name = "sak"
        verbose_name_plural = "saker"
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["updated_at", "id"], name="case_poll_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "ssu_case_number"],
                condition=~models.Q(ssu_case_number=""),
                name="unique_ssu_case_number",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def specific(self) -> "Case":
        """The kind's subclass instance, which carries the lifecycle."""
        return getattr(self, self.kind.replace("_", ""), self)

    @property
    def status_display(self) -> str:
        return self.specific.STATUS_LABELS.get(self.status, self.status)

    STATUS_LABELS: dict[str, str] = {}


class CaseEvent(models.Model):
    """Append-only audit trail (R-AUD-1): who did what, when, from which state to which."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField("tidspunkt", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    action = models.CharField("hendelse", max_length=60)
    from_status = models.CharField(max_length=40, blank=True)
    to_status = models.CharField(max_length=40, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = "hendelse"
        verbose_name_plural = "hendelser"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Hendelser kan ikke endres (R-AUD-1).")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Hendelser kan ikke slettes (R-AUD-1).")


class DeadlineState(models.TextChoices):
    OPEN = "open", "Åpen"
    MET = "met", "Overholdt"
    CANCELLED = "cancelled", "Bortfalt"


class Deadline(models.Model):
    """A deadline of a case, its task or one of its requests (R-DL-3)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField("type", max_length=40)
    due_on = models.DateField("frist")
    state = models.CharField(
        max_length=20, choices=DeadlineState.choices, default=DeadlineState.OPEN
    )
    task_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    subject_id = models.BigIntegerField(
        null=True, blank=True, help_text="Uttalelsesforespørsel eller høring fristen gjelder."
    )
    escalated_at = models.DateTimeField("eskalert", null=True, blank=True)

    class Meta:
        verbose_name = "frist"
        verbose_name_plural = "frister"
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["state", "due_on"], name="deadline_sweep_idx")]

    def __str__(self) -> str:
        return f"{self.kind} {self.due_on}"

    @property
    def overdue(self) -> bool:
        from cases.calendar import is_overdue

        return self.state == DeadlineState.OPEN and is_overdue(self.due_on)


class NumberSequence(models.Model):
    """Running numbers per series and year (case references, SSU case numbers)."""

    series = models.CharField(max_length=60)
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["series", "year"], name="unique_sequence_year")
        ]

    def __str__(self) -> str:
        return f"{self.series} {self.year}: {self.last}"
