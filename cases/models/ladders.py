"""Tvisteløsning: the ladders of the agreements, as data (R-DSP-*).

A ladder is the sequence of stages an agreement prescribes for a disagreement; each stage says
what it needs to be entered. Communities choose their agreement's ladder; code never asks
which ladder it is, only what its stages say.
"""

from django.core.exceptions import ValidationError
from django.db import models

from .parties import CommitteeKind


class StageKind(models.TextChoices):
    DIALOGUE = "dialogue", "Dialog og forhandlinger"
    SSU = "ssu", "Drøfting i strategisk samarbeidsutvalg"
    LOCAL_BODY = "local_body", "Lokalt tvisteløsningsorgan"
    NATIONAL_BOARD = "national_board", "Nasjonal tvisteløsningsnemnd"
    COURT = "court", "De ordinære domstoler"
    ARBITRATION = "arbitration", "Voldgift"


# The stages where the parties still seek a solution between themselves (R-DSP-1: leaving
# them needs a disagreement record), and those that end the ladder (nothing follows them).
DIALOGUE_PHASE = frozenset({StageKind.DIALOGUE, StageKind.SSU})
LAST_STAGES = frozenset({StageKind.COURT, StageKind.ARBITRATION})


class DisputeLadder(models.Model):
    """The dispute-resolution ladder of one agreement (e.g. hovedavtalen §8)."""

    slug = models.SlugField(unique=True)
    name = models.CharField("navn", max_length=200)
    agreement = models.CharField(
        "avtale og punkt", max_length=300, help_text="For eksempel «Hovedavtalen punkt 8»."
    )

    class Meta:
        verbose_name = "tvisteløsningstrapp"
        verbose_name_plural = "tvisteløsningstrapper"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def ordered_stages(self) -> list["LadderStage"]:
        return list(self.stages.order_by("position"))

    def stage_of_kind(self, kind: str) -> "LadderStage | None":
        return self.stages.filter(kind=kind).first()

    def first_stage(self) -> "LadderStage | None":
        return self.stages.order_by("position").first()


class LadderStage(models.Model):
    """One step of a ladder and what entering it takes."""

    ladder = models.ForeignKey(DisputeLadder, on_delete=models.CASCADE, related_name="stages")
    position = models.PositiveSmallIntegerField("rekkefølge")
    kind = models.CharField("trinn", max_length=20, choices=StageKind.choices)
    may_be_skipped = models.BooleanField(
        "kan hoppes over",
        default=False,
        help_text="Saken kan gå videre til et senere trinn uten å ha vært her.",
    )
    needs_both_consent = models.BooleanField(
        "krever samtykke fra begge parter",
        default=False,
        help_text="Trinnet åpnes bare når begge parter har samtykket.",
    )
    usk_one_party = models.BooleanField(
        "tvist om betaling for utskrivningsklare pasienter kan reises av én part",
        default=False,
    )
    gives_statement = models.BooleanField(
        "gir uttalelse eller anbefaling",
        default=False,
        help_text="Saken kan ikke gå videre før uttalelsen er registrert.",
    )
    statement_may_bind = models.BooleanField(
        "uttalelsen kan gjøres bindende",
        default=False,
        help_text="Partene kan avtale at uttalelsen binder dem; da avsluttes saken.",
    )
    handled_by = models.CharField(
        "behandles av",
        max_length=20,
        choices=CommitteeKind.choices,
        blank=True,
        help_text="Utvalget i helsefellesskapet som behandler saken på dette trinnet.",
    )
    venue = models.CharField(
        "verneting", max_length=200, blank=True, help_text="Domstolen saken hører under."
    )

    class Meta:
        verbose_name = "trinn"
        verbose_name_plural = "trinn"
        ordering = ["ladder", "position"]
        constraints = [
            models.UniqueConstraint(fields=["ladder", "position"], name="one_stage_per_position"),
            models.UniqueConstraint(fields=["ladder", "kind"], name="one_stage_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.get_kind_display()}"

    def clean(self):
        if self.kind == StageKind.COURT and not self.venue:
            raise ValidationError({"venue": "Oppgi vernetinget for domstolstrinnet."})
        if self.statement_may_bind and not self.gives_statement:
            raise ValidationError(
                {"statement_may_bind": "Bare et trinn som gir uttalelse kan gjøres bindende."}
            )


class InterestRate(models.Model):
    """R-DSP-5: the late-payment interest rate (forsinkelsesrenten) of one half-year."""

    half_year_start = models.DateField("halvår fra", unique=True)
    rate = models.DecimalField("rentesats (prosent)", max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = "forsinkelsesrente"
        verbose_name_plural = "forsinkelsesrenter"
        ordering = ["half_year_start"]

    def __str__(self) -> str:
        half = 1 if self.half_year_start.month == 1 else 2
        return f"{half}. halvår {self.half_year_start.year}: {self.rate} %"

    def clean(self):
        start = self.half_year_start
        if start and (start.day != 1 or start.month not in (1, 7)):
            raise ValidationError(
                {"half_year_start": "Et halvår begynner 1. januar eller 1. juli."}
            )
