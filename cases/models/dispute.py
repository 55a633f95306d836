"""Tvisteløsning: a dispute between the two parties of an agreement and its records (R-DSP-*).

The dispute climbs the ladder of its community's agreement (`cases.models.ladders`); its
status is the kind of stage it stands on, or how it ended.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django_fsm import RETURN_VALUE, transition

from .case import Case, CaseKind
from .ladders import LAST_STAGES, DisputeLadder, LadderStage, StageKind
from .parties import Party


class DisputeKind(models.TextChoices):
    AGREEMENT = "agreement", "Uenighet om avtalen"
    USK_PAYMENT = "usk_payment", "Betaling for utskrivningsklare pasienter"
    BREACH = "breach", "Krav om erstatning for mislighold"


class DisputeStatus(models.TextChoices):
    DIALOGUE = StageKind.DIALOGUE.value, "Dialog og forhandlinger"
    SSU = StageKind.SSU.value, "Drøftes i strategisk samarbeidsutvalg"
    LOCAL_BODY = StageKind.LOCAL_BODY.value, "Til behandling i lokalt tvisteløsningsorgan"
    NATIONAL_BOARD = StageKind.NATIONAL_BOARD.value, "Til behandling i Nasjonal tvisteløsningsnemnd"
    COURT = StageKind.COURT.value, "Brakt inn for domstolene"
    ARBITRATION = StageKind.ARBITRATION.value, "Til behandling ved voldgift"
    RESOLVED = "resolved", "Løst ved enighet"
    BOUND_BY_STATEMENT = "bound_by_statement", "Avgjort ved bindende uttalelse"
    WITHDRAWN = "withdrawn", "Trukket"


DISPUTE_FINAL = {DisputeStatus.RESOLVED, DisputeStatus.BOUND_BY_STATEMENT, DisputeStatus.WITHDRAWN}
DISPUTE_OPEN = [s for s in DisputeStatus.values if s not in DISPUTE_FINAL]
# A dispute in court or arbitration goes no further up the ladder.
CLIMBING = [s for s in DISPUTE_OPEN if s not in LAST_STAGES]


class Dispute(Case):
    """A dispute (R-DSP-6 breach claims included) and its lifecycle. Every edge is declared
    here; services in `cases.services.dispute` run them through `cases.services.lifecycle`."""

    KIND = CaseKind.DISPUTE
    INITIAL_STATUS = DisputeStatus.DIALOGUE
    STATUS_LABELS = dict(DisputeStatus.choices)
    FINAL_STATES = frozenset(DISPUTE_FINAL)
    SEARCH_FIELDS = ("subject", "agreement_clause")

    dispute_kind = models.CharField("type tvist", max_length=20, choices=DisputeKind.choices)
    subject = models.TextField("hva uenigheten gjelder")
    agreement_clause = models.CharField("avtalepunkt", max_length=200, blank=True)
    claim_amount = models.DecimalField(
        "kravets beløp (kr)", max_digits=14, decimal_places=2, null=True, blank=True
    )
    claimant = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="disputes_raised", verbose_name="reist av"
    )
    respondent = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="disputes_against", verbose_name="motpart"
    )
    ladder = models.ForeignKey(
        DisputeLadder, on_delete=models.PROTECT, related_name="disputes", verbose_name="trapp"
    )
    stage = models.ForeignKey(
        LadderStage, on_delete=models.PROTECT, related_name="+", verbose_name="trinn"
    )
    stages_reached = models.ManyToManyField(
        LadderStage, through="DisputeStageEntry", related_name="disputes"
    )

    class Meta:
        verbose_name = "tvist"
        verbose_name_plural = "tvister"

    @classmethod
    def visibility(cls, viewer) -> Q:
        """R-PTY-2: the two parties, the one who opened it, and the committees that handle a
        stage the dispute has reached (its stage's `handled_by`)."""
        condition = super().visibility(viewer)
        for kind in {kind for kind, _, _ in viewer.seats}:
            condition |= Q(
                community_id__in=viewer.communities_where(kind),
                dispute__stages_reached__handled_by=kind,
            )
        return condition

    @property
    def dispute_parties(self) -> tuple[Party, Party]:
        return (self.claimant, self.respondent)

    # --- lifecycle --------------------------------------------------------------------
    @transition(field="status", source=CLIMBING, target=RETURN_VALUE(*DISPUTE_OPEN))
    def enter_stage(self, *, stage: LadderStage):
        """R-DSP-1, R-DSP-2, R-DSP-4: on to a later stage of the ladder (checked by the
        service); the status names the kind of stage."""
        self.stage = stage
        return stage.kind

    @transition(field="status", source=DISPUTE_OPEN, target=DisputeStatus.RESOLVED)
    def resolve(self):
        """R-DSP-3: agreement reached at any stage."""

    @transition(field="status", source=CLIMBING, target=DisputeStatus.BOUND_BY_STATEMENT)
    def bind_to_statement(self):
        """R-DSP-4: both parties recorded that the statement binds them."""

    @transition(field="status", source=DISPUTE_OPEN, target=DisputeStatus.WITHDRAWN)
    def withdraw(self):
        """R-AUD-1: a dispute is withdrawn, never deleted."""


class DisputeStageEntry(models.Model):
    """The path of the dispute: each stage it entered, when and on whose request."""

    dispute = models.ForeignKey(Dispute, on_delete=models.PROTECT, related_name="entries")
    stage = models.ForeignKey(LadderStage, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(auto_now_add=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["entered_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["dispute", "stage"], name="one_entry_per_stage")
        ]

    def __str__(self) -> str:
        return f"{self.dispute.reference}: {self.stage}"


class DisputePosition(models.Model):
    """One party's position at one stage."""

    dispute = models.ForeignKey(Dispute, on_delete=models.PROTECT, related_name="positions")
    stage = models.ForeignKey(LadderStage, on_delete=models.PROTECT, related_name="+")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    text = models.TextField("standpunkt")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["recorded_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dispute", "stage", "party"], name="one_position_per_party_and_stage"
            )
        ]

    def __str__(self) -> str:
        return f"{self.party}s standpunkt i {self.dispute.reference}"


class DisagreementRecord(models.Model):
    """R-DSP-1: the uenighetsprotokoll, drafted from the parties' recorded positions."""

    dispute = models.OneToOneField(
        Dispute, on_delete=models.PROTECT, related_name="disagreement_record"
    )
    text = models.TextField("uenighetsprotokoll")
    positions = models.JSONField("standpunkter")
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    drafted_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Uenighetsprotokoll i {self.dispute.reference}"


class ConsentPurpose(models.TextChoices):
    ENTER = "enter", "Samtykker til at saken bringes inn for trinnet"
    BIND = "bind", "Godtar at uttalelsen er bindende"


class DisputeConsent(models.Model):
    """R-DSP-2, R-DSP-4: one party's consent, once per stage and purpose."""

    dispute = models.ForeignKey(Dispute, on_delete=models.PROTECT, related_name="consents")
    stage = models.ForeignKey(LadderStage, on_delete=models.PROTECT, related_name="+")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField(max_length=10, choices=ConsentPurpose.choices)
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    given_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["given_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dispute", "stage", "party", "purpose"], name="one_consent_per_party"
            )
        ]

    def __str__(self) -> str:
        return f"{self.party}: {self.get_purpose_display()} ({self.stage})"


class StageStatement(models.Model):
    """R-DSP-4: the recommendation or statement of the body handling a stage."""

    dispute = models.ForeignKey(Dispute, on_delete=models.PROTECT, related_name="stage_statements")
    stage = models.ForeignKey(LadderStage, on_delete=models.PROTECT, related_name="+")
    text = models.TextField("uttalelse")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["dispute", "stage"], name="one_statement_per_stage")
        ]

    def __str__(self) -> str:
        return f"Uttalelse i {self.dispute.reference} ({self.stage})"


class DisputeResolution(models.Model):
    """R-DSP-3: the parties' agreement and its terms."""

    dispute = models.OneToOneField(Dispute, on_delete=models.PROTECT, related_name="resolution")
    stage = models.ForeignKey(LadderStage, on_delete=models.PROTECT, related_name="+")
    terms = models.TextField("vilkår")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    recorded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Enighet i {self.dispute.reference}"
