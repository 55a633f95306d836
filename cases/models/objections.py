"""Fakturainnsigelse (R-OBJ-2..8): a municipality's objection to lines of an invoice, one case
per discharging unit, with the unit's answer, credit notes, the appeal and the journal."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django_fsm import transition

from .case import AppendOnlyModel, Case, CaseKind
from .documents import Document
from .invoices import Invoice, InvoiceLine
from .parties import HospitalUnit, Party


class ObjectionStatus(models.TextChoices):
    WITH_UNIT = "with_unit", "Til behandling hos utskrivende enhet"
    ANSWERED = "answered", "Besvart av utskrivende enhet"
    APPEALED = "appealed", "Påklaget til seksjon for samhandling"
    APPEAL_DECIDED = "appeal_decided", "Klagen er avgjort"
    CLOSED = "closed", "Avsluttet"
    AT_BOARD = "at_board", "Brakt inn for Nasjonal tvisteløsningsnemnd"


OBJECTION_FINAL = {ObjectionStatus.CLOSED, ObjectionStatus.AT_BOARD}


class InvoiceObjection(Case):
    """The objection to the lines of one invoice that one discharging unit answers. Every
    edge is declared here; `cases.services.invoice_objection` runs them via `run_transition`."""

    KIND = CaseKind.INVOICE_OBJECTION
    INITIAL_STATUS = ObjectionStatus.WITH_UNIT
    STATUS_LABELS = dict(ObjectionStatus.choices)
    FINAL_STATES = frozenset(OBJECTION_FINAL)
    SEARCH_FIELDS = ("comment",)

    invoice = models.ForeignKey(
        Invoice, on_delete=models.PROTECT, related_name="objections", verbose_name="faktura"
    )
    unit = models.ForeignKey(
        HospitalUnit,
        on_delete=models.PROTECT,
        related_name="objections",
        verbose_name="utskrivende enhet",
    )
    filed_on = models.DateField("mottatt av helseforetaket")
    late_accepted = models.BooleanField("godtatt etter fristen", default=False)
    comment = models.TextField("kommentar", blank=True)

    class Meta:
        verbose_name = "fakturainnsigelse"
        verbose_name_plural = "fakturainnsigelser"

    @classmethod
    def visibility(cls, viewer) -> Q:
        """R-AUD-2, R-PTY-2: the invoice's two parties only (the objection carries NPR-IDs)."""
        if viewer.party_id is None:
            return Q(pk__in=[])
        return Q(parties=viewer.party_id)

    # --- lifecycle --------------------------------------------------------------------
    @transition(field="status", source=ObjectionStatus.WITH_UNIT, target=ObjectionStatus.ANSWERED)
    def answer(self):
        """R-OBJ-4: the unit answered every disputed line."""

    @transition(field="status", source=ObjectionStatus.ANSWERED, target=ObjectionStatus.CLOSED)
    def accept_answer(self):
        """The municipality accepts the answer (or nothing is left to disagree with)."""

    @transition(field="status", source=ObjectionStatus.ANSWERED, target=ObjectionStatus.APPEALED)
    def appeal(self):
        """R-OBJ-6: the municipality appeals to the cooperation section."""

    @transition(
        field="status", source=ObjectionStatus.APPEALED, target=ObjectionStatus.APPEAL_DECIDED
    )
    def decide_appeal(self):
        """R-OBJ-6: decided and cosigned by the trust's lawyer."""

    @transition(
        field="status", source=ObjectionStatus.APPEAL_DECIDED, target=ObjectionStatus.CLOSED
    )
    def accept_decision(self):
        """The municipality accepts the appeal decision."""

    @transition(
        field="status", source=ObjectionStatus.APPEAL_DECIDED, target=ObjectionStatus.AT_BOARD
    )
    def bring_to_board(self):
        """R-OBJ-7: the municipality brings the case to the national dispute board."""


class ObjectionLine(models.Model):
    """One disputed invoice line: what the municipality disputes, and the unit's answer."""

    objection = models.ForeignKey(InvoiceObjection, on_delete=models.PROTECT, related_name="lines")
    line = models.ForeignKey(InvoiceLine, on_delete=models.PROTECT, related_name="objection_lines")
    disputed_days = models.PositiveIntegerField("omstridte døgn")
    grounds = models.TextField("begrunnelse for innsigelsen")
    comment = models.TextField("kommentar", blank=True)
    accepted_days = models.PositiveIntegerField("godtatte døgn", null=True, blank=True)
    rejected_days = models.PositiveIntegerField("avviste døgn", null=True, blank=True)
    justification = models.TextField("enhetens begrunnelse", blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField("besvart", null=True, blank=True)
    appeal_accepted_days = models.PositiveIntegerField(
        "godtatte døgn etter klagen", null=True, blank=True
    )

    class Meta:
        verbose_name = "innsigelseslinje"
        verbose_name_plural = "innsigelseslinjer"
        ordering = ["objection", "line__position"]
        constraints = [
            models.UniqueConstraint(fields=["objection", "line"], name="one_objection_line")
        ]

    def __str__(self) -> str:
        return f"Innsigelse mot linje {self.line.position}"


class CreditNoteBasis(models.TextChoices):
    ANSWER = "answer", "Svar fra utskrivende enhet"
    APPEAL = "appeal", "Klageavgjørelse"


class CreditNote(models.Model):
    """R-OBJ-5: a credit note for exactly the accepted days × that year's døgnpris."""

    objection = models.ForeignKey(
        InvoiceObjection, on_delete=models.PROTECT, related_name="credit_notes"
    )
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="credit_notes")
    number = models.CharField("kreditnotanummer", max_length=20, unique=True)
    issued_at = models.DateTimeField("utstedt", auto_now_add=True)
    basis = models.CharField("grunnlag", max_length=10, choices=CreditNoteBasis.choices)
    days = models.PositiveIntegerField("døgn")
    amount = models.DecimalField("beløp (kr)", max_digits=12, decimal_places=2)
    lines = models.JSONField("linjer", default=list)
    accounting_notified_at = models.DateTimeField("regnskap varslet", null=True, blank=True)

    class Meta:
        verbose_name = "kreditnota"
        verbose_name_plural = "kreditnotaer"
        ordering = ["issued_at", "id"]

    def __str__(self) -> str:
        return self.number


class AppealOutcome(models.TextChoices):
    UPHELD = "upheld", "Svaret står ved lag"
    OVERTURNED = "overturned", "Svaret er omgjort"


class ObjectionAppeal(models.Model):
    """R-OBJ-6: the municipality's appeal and the cooperation section's cosigned decision."""

    objection = models.OneToOneField(
        InvoiceObjection, on_delete=models.PROTECT, related_name="appeal_record"
    )
    grounds = models.TextField("klagens begrunnelse")
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    filed_at = models.DateTimeField("klaget", auto_now_add=True)
    outcome = models.CharField("utfall", max_length=12, choices=AppealOutcome.choices, blank=True)
    decision_text = models.TextField("avgjørelse", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField("avgjort", null=True, blank=True)
    cosigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cosigned_at = models.DateTimeField("medundertegnet", null=True, blank=True)

    class Meta:
        verbose_name = "klage på svar"
        verbose_name_plural = "klager på svar"

    def __str__(self) -> str:
        return f"Klage i {self.objection.reference}"


class JournalKind(models.TextChoices):
    OBJECTION = "objection", "Innsigelse"
    ANSWER = "answer", "Svar"
    APPEAL = "appeal", "Klage"
    DECISION = "decision", "Klageavgjørelse"
    BOARD = "board", "Begjæring om nemndsbehandling"


class JournalEntry(models.Model):
    """R-OBJ-8: an archivable record of a letter between the parties."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="journal_entries")
    number = models.PositiveIntegerField("journalnummer")
    at = models.DateTimeField("dato", auto_now_add=True)
    kind = models.CharField("type", max_length=12, choices=JournalKind.choices)
    title = models.CharField("tittel", max_length=300)
    sender = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="+", verbose_name="avsender"
    )
    recipient = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="+", verbose_name="mottaker"
    )
    recipient_unit = models.ForeignKey(
        HospitalUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="mottakende enhet",
    )
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="journal_entries")

    class Meta:
        verbose_name = "journalpost"
        verbose_name_plural = "journalposter"
        ordering = ["case", "number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="unique_journal_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}: {self.title}"


class ReadChannel(models.TextChoices):
    API = "api", "API"
    WEB = "web", "Nettsider"


class PatientDataRead(AppendOnlyModel):
    """R-AUD-2, append-only: who read an invoice's or objection's patient data, when, how."""

    at = models.DateTimeField("tidspunkt", auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="patient_reads")
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="patient_reads"
    )
    channel = models.CharField("kanal", max_length=10, choices=ReadChannel.choices)
    what = models.CharField("hva", max_length=200)

    IMMUTABLE = "Innsyn i pasientopplysninger (R-AUD-2)"

    class Meta:
        verbose_name = "innsyn i pasientopplysninger"
        verbose_name_plural = "innsyn i pasientopplysninger"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.what}"
