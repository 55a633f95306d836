"""Oppgaveoverføring: the proposal, its lifecycle and the records of each step (R-TT-*)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django_fsm import RETURN_VALUE, transition

from .case import Case, CaseKind
from .parties import Committee, CommitteeKind


class Direction(models.TextChoices):
    TRUST_TO_MUNICIPALITY = "trust_to_municipality", "Fra helseforetaket til kommunene"
    MUNICIPALITY_TO_TRUST = "municipality_to_trust", "Fra kommunene til helseforetaket"


class ProposerCategory(models.TextChoices):
    """R-TT-1: anyone may propose."""

    MUNICIPALITY = "municipality", "Kommune"
    GP = "gp", "Fastlege"
    HEALTH_TRUST = "health_trust", "Helseforetaket"
    PATIENT = "patient", "Pasient"
    RELATIVE = "relative", "Pårørende"
    OTHER_USER = "other_user", "Annen bruker"


class TTStatus(models.TextChoices):
    SUBMITTED = "submitted", "Til vurdering i sekretariatet"
    REJECTED_AT_SCREENING = "rejected_at_screening", "Avvist av sekretariatet"
    AWAITING_PANEL = "awaiting_panel", "Venter på oppnevning av faglig utvalg"
    UNDER_INVESTIGATION = "under_investigation", "Utredes av faglig utvalg"
    NOT_RECOMMENDED = "not_recommended", "Ikke innstilt av faglig utvalg"
    ON_CONSULTATION = "on_consultation", "På høring"
    GP_COUNCIL_REVIEW = "gp_council_review", "Til vurdering i fastlegerådet"
    AWAITING_SSU = "awaiting_ssu", "Til behandling i SSU"
    APPROVED = "approved", "Vedtatt overført"
    REJECTED = "rejected", "Ikke vedtatt i SSU"
    WITHDRAWN = "withdrawn", "Trukket av forslagsstiller"


TT_FINAL = {
    TTStatus.REJECTED_AT_SCREENING,
    TTStatus.NOT_RECOMMENDED,
    TTStatus.APPROVED,
    TTStatus.REJECTED,
    TTStatus.WITHDRAWN,
}


class TaskTransfer(Case):
    """Forslag til oppgaveoverføring (R-TT-1) and its lifecycle.

    Every edge of the lifecycle is declared here; services in `cases.services.task_transfer`
    call these methods through `cases.services.lifecycle`, which saves and appends the event.
    """

    KIND = CaseKind.TASK_TRANSFER
    INITIAL_STATUS = TTStatus.SUBMITTED
    STATUS_LABELS = dict(TTStatus.choices)
    FINAL_STATES = frozenset(TT_FINAL)
    SEARCH_FIELDS = ("task_description", "patient_group", "service_justification")
    # The standing bodies that handle every task transfer of their community.
    HANDLING_BODIES = (CommitteeKind.SECRETARIAT, CommitteeKind.SSU, CommitteeKind.GP_COUNCIL)

    proposer_category = models.CharField(
        "forslagsstiller er", max_length=20, choices=ProposerCategory.choices
    )
    proposer_name = models.CharField("forslagsstillers navn", max_length=200)
    proposer_email = models.EmailField("e-post for svar")
    task_description = models.TextField("oppgaven som foreslås overført")
    direction = models.CharField("retning", max_length=30, choices=Direction.choices)
    patient_group = models.CharField("pasientgruppe", max_length=300)
    expected_volume = models.CharField("forventet volum", max_length=300)
    service_justification = models.TextField("hvorfor gir endringen like god eller bedre tjeneste")
    consequences_professional = models.TextField("faglige konsekvenser")
    consequences_organisational = models.TextField("organisatoriske konsekvenser")
    consequences_economic = models.TextField("økonomiske konsekvenser")
    consequences_legal = models.TextField("juridiske konsekvenser")
    gps_affected = models.BooleanField("berører fastlegene")
    panel = models.OneToOneField(
        Committee,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="task_transfer",
        verbose_name="faglig utvalg",
    )
    panel_deviation_reason = models.TextField(
        "begrunnelse for avvik fra standard sammensetning", blank=True
    )

    class Meta:
        verbose_name = "oppgaveoverføring"
        verbose_name_plural = "oppgaveoverføringer"

    @classmethod
    def visibility(cls, viewer) -> Q:
        """R-PTY-2, R-TT-2 f: the parties it applies to and the proposer, the community's
        secretariat, SSU and GP council, and the members of its own panel."""
        condition = super().visibility(viewer)
        communities = viewer.communities_where(*cls.HANDLING_BODIES)
        if communities:
            condition |= Q(community_id__in=communities)
        if viewer.panel_case_ids:
            condition |= Q(pk__in=viewer.panel_case_ids)
        return condition

    CREATOR_ROLE = "Forslagsstilleren"
    # Who the proposer is and how to reach them; shown only as `contact_visible_to` allows.
    CONTACT_FIELDS = ("proposer_name", "proposer_email")

    def contact_visible_to(self, viewer) -> bool:
        """The proposer's contact details (name, e-mail) are for the proposer and the people
        who work the case: the community's secretariat and SSU, its GP council when the
        proposal affects the GPs, and the members of the case's own panel. The parties, and
        the GP council of a proposal that does not affect GPs, see the case without them."""
        if viewer.user_id is None:
            return False
        if viewer.user_id == self.created_by_id or self.pk in viewer.panel_case_ids:
            return True
        bodies = [CommitteeKind.SECRETARIAT, CommitteeKind.SSU]
        if self.gps_affected:
            bodies.append(CommitteeKind.GP_COUNCIL)
        return self.community_id in viewer.communities_where(*bodies)

    # --- conditions -------------------------------------------------------------------
    def gp_assessment_done(self) -> bool:
        """R-TT-7: the GP council has assessed a proposal that affects GPs."""
        return not self.gps_affected or hasattr(self, "gp_assessment")

    def _after_consultation_or_recommendation(self) -> str:
        if not self.gp_assessment_done():
            return TTStatus.GP_COUNCIL_REVIEW
        return TTStatus.AWAITING_SSU

    # --- lifecycle --------------------------------------------------------------------
    @transition(field="status", source=TTStatus.SUBMITTED, target=TTStatus.AWAITING_PANEL)
    def pass_screening(self):
        """R-TT-2: the proposal may meet the criteria; the SSU appoints a panel."""

    @transition(field="status", source=TTStatus.SUBMITTED, target=TTStatus.REJECTED_AT_SCREENING)
    def reject_at_screening(self):
        """R-TT-3."""

    @transition(field="status", source=TTStatus.AWAITING_PANEL, target=TTStatus.UNDER_INVESTIGATION)
    def appoint_panel(self):
        """R-TT-4."""

    @transition(
        field="status", source=TTStatus.UNDER_INVESTIGATION, target=TTStatus.NOT_RECOMMENDED
    )
    def recommend_against(self):
        """R-TT-6."""

    @transition(
        field="status",
        source=TTStatus.UNDER_INVESTIGATION,
        target=RETURN_VALUE(
            TTStatus.ON_CONSULTATION, TTStatus.GP_COUNCIL_REVIEW, TTStatus.AWAITING_SSU
        ),
    )
    def recommend_for(self, *, consultation: bool):
        """R-TT-6, R-TT-8, R-TT-7: on to consultation, the GP council, or the SSU."""
        if consultation:
            return TTStatus.ON_CONSULTATION
        return self._after_consultation_or_recommendation()

    @transition(
        field="status",
        source=TTStatus.ON_CONSULTATION,
        target=RETURN_VALUE(TTStatus.GP_COUNCIL_REVIEW, TTStatus.AWAITING_SSU),
    )
    def close_consultation(self):
        """R-TT-8: the consultation closed; R-TT-7 decides whether the GP council is next."""
        return self._after_consultation_or_recommendation()

    @transition(field="status", source=TTStatus.GP_COUNCIL_REVIEW, target=TTStatus.AWAITING_SSU)
    def record_gp_assessment(self):
        """R-TT-7."""

    @transition(
        field="status",
        source=TTStatus.AWAITING_SSU,
        target=TTStatus.APPROVED,
        conditions=[gp_assessment_done],
    )
    def approve(self):
        """R-TT-9, R-TT-10."""

    @transition(
        field="status",
        source=TTStatus.AWAITING_SSU,
        target=TTStatus.REJECTED,
        conditions=[gp_assessment_done],
    )
    def reject(self):
        """R-TT-9."""

    @transition(
        field="status",
        source=TTStatus.AWAITING_SSU,
        target=TTStatus.AWAITING_SSU,
        conditions=[gp_assessment_done],
    )
    def postpone(self):
        """R-TT-9: back on the SSU's agenda."""

    @transition(
        field="status",
        source=TTStatus.AWAITING_SSU,
        target=TTStatus.ON_CONSULTATION,
        conditions=[gp_assessment_done],
    )
    def send_on_consultation(self):
        """R-TT-9, R-TT-8."""

    @transition(
        field="status",
        source=[s for s in TTStatus.values if s not in TT_FINAL],
        target=TTStatus.WITHDRAWN,
    )
    def withdraw(self):
        """R-AUD-1: a proposal is withdrawn, never deleted."""


class Screening(models.Model):
    """R-TT-2: the secretariat's screening against criteria a–g."""

    case = models.OneToOneField(TaskTransfer, on_delete=models.PROTECT, related_name="screening")
    criteria = models.JSONField("kriterier a–g")
    passed = models.BooleanField("videre til SSU")
    justification = models.TextField("begrunnelse", blank=True)
    screened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    screened_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Screening av {self.case.reference}"


class Recommendation(models.Model):
    """R-TT-6: the panel's innstilling."""

    case = models.OneToOneField(
        TaskTransfer, on_delete=models.PROTECT, related_name="recommendation"
    )
    in_favour = models.BooleanField("innstiller på overføring")
    assessment = models.JSONField("utredning (faglig, organisatorisk, økonomisk, juridisk)")
    no_statement_reason = models.TextField(
        "begrunnelse for at ingen uttalelse ble innhentet", blank=True
    )
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    given_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Innstilling i {self.case.reference}"


class GpAssessment(models.Model):
    """R-TT-7: the GP council's assessment."""

    case = models.OneToOneField(
        TaskTransfer, on_delete=models.PROTECT, related_name="gp_assessment"
    )
    supports = models.BooleanField("fastlegerådet støtter forslaget")
    assessment = models.TextField("vurdering")
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    given_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Fastlegerådets vurdering av {self.case.reference}"


class SsuOutcome(models.TextChoices):
    APPROVE = "approve", "Vedtatt"
    REJECT = "reject", "Ikke vedtatt"
    POSTPONE = "postpone", "Utsatt"
    CONSULTATION = "consultation", "Sendt på høring"


class SsuTreatment(models.Model):
    """One treatment of the case in an SSU meeting (R-TT-9, R-TT-10)."""

    case = models.ForeignKey(TaskTransfer, on_delete=models.PROTECT, related_name="treatments")
    positions = models.JSONField("standpunkter")
    quorum_met = models.BooleanField("vedtaksført")
    outcome = models.CharField("utfall", max_length=20, choices=SsuOutcome.choices)
    decision_text = models.TextField("vedtak", blank=True)
    effective_on = models.DateField("iverksettes", null=True, blank=True)
    follow_up = models.JSONField("oppfølging", default=dict, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"SSU-behandling av {self.case.reference}: {self.get_outcome_display()}"
