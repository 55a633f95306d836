"""Communities, parties, units, people and committees (R-PTY-1, R-PTY-2)."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models

ORG_NUMBER = RegexValidator(r"^\d{9}$", "Organisasjonsnummer har ni sifre.")
MUNICIPALITY_NUMBER = RegexValidator(r"^\d{4}$", "Kommunenummer har fire sifre.")


class QuorumRule(models.TextChoices):
    """Vedtekter § 4 andre ledd: when is an SSU meeting competent to decide (R-TT-9)."""

    BOTH_SIDES = "both_sides", "Både kommunene og helseforetaket er representert"
    MAJORITY_OF_MEMBERS = "majority", "Flertallet av medlemmene og begge sider er til stede"
    ALL_MEMBERS = "all_members", "Alle medlemmer er til stede"


def default_deadline_days() -> dict[str, int]:
    """Kept for migration 0001; deadlines are now named rules with `DeadlineSetting`s."""
    return {}


class Community(models.Model):
    """A helsefellesskap: one configuration per region."""

    name = models.CharField("navn", max_length=200)
    slug = models.SlugField(unique=True)
    quorum_rule = models.CharField(
        "vedtaksførhet (vedtekter § 4 andre ledd)",
        max_length=20,
        choices=QuorumRule.choices,
        default=QuorumRule.BOTH_SIDES,
    )
    dispute_ladder = models.ForeignKey(
        "cases.DisputeLadder",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="communities",
        verbose_name="tvisteløsningstrapp",
        help_text="Trinnene avtalen fastsetter for tvister mellom partene.",
    )

    class Meta:
        verbose_name = "helsefellesskap"
        verbose_name_plural = "helsefellesskap"

    def __str__(self) -> str:
        return self.name


class PartyKind(models.TextChoices):
    MUNICIPALITY = "municipality", "Kommune"
    HEALTH_TRUST = "health_trust", "Helseforetak"


class Party(models.Model):
    """A municipality or a health trust (R-PTY-1)."""

    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="parties")
    kind = models.CharField("type", max_length=20, choices=PartyKind.choices)
    name = models.CharField("navn", max_length=200)
    organisation_number = models.CharField(
        "organisasjonsnummer", max_length=9, unique=True, validators=[ORG_NUMBER]
    )
    municipality_number = models.CharField(
        "kommunenummer", max_length=4, blank=True, validators=[MUNICIPALITY_NUMBER]
    )

    class Meta:
        verbose_name = "part"
        verbose_name_plural = "parter"
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                name="municipality_has_number",
                condition=~models.Q(kind="municipality") | ~models.Q(municipality_number=""),
            )
        ]

    def __str__(self) -> str:
        return self.name


class HospitalUnit(models.Model):
    """A unit of a health trust (a clinic or department): answers objections, gives statements."""

    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="units")
    name = models.CharField("navn", max_length=200)
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="headed_units",
        verbose_name="leder",
    )

    class Meta:
        verbose_name = "enhet"
        verbose_name_plural = "enheter"
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.party.name} – {self.name}"


class Profile(models.Model):
    """The party a user belongs to (none for patients, relatives and other proposers)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, null=True, blank=True, related_name="people"
    )
    title = models.CharField("stilling", max_length=200, blank=True)

    class Meta:
        verbose_name = "brukerprofil"
        verbose_name_plural = "brukerprofiler"

    def __str__(self) -> str:
        return f"{self.user} ({self.party or 'ingen part'})"


class CommitteeKind(models.TextChoices):
    SECRETARIAT = "secretariat", "Sekretariat"
    SSU = "ssu", "Strategisk samarbeidsutvalg (SSU)"
    EXPERT_PANEL = "expert_panel", "Partssammensatt faglig utvalg"
    GP_COUNCIL = "gp_council", "Fastlegeråd"
    EXPERT_POOL = "expert_pool", "Fagpool for faglige utvalg"
    DISPUTE_BODY = "dispute_body", "Lokalt tvisteløsningsorgan"
    COOPERATION_SECTION = "cooperation_section", "Seksjon for samhandling"
    ACCOUNTING = "accounting", "Regnskap (ØAS)"


class Competence(models.TextChoices):
    """The panel's default composition (R-TT-4)."""

    MEDICAL = "medical", "Medisinskfaglig kompetanse"
    NURSING = "nursing", "Helse- og omsorgsfaglig kompetanse"
    LEGAL = "legal", "Juridisk kompetanse"
    ECONOMIC = "economic", "Økonomisk kompetanse"
    USER_REPRESENTATIVE = "user_representative", "Brukerrepresentant"
    EMPLOYEE_REPRESENTATIVE = "employee_representative", "Tillitsvalgt"


class Committee(models.Model):
    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="committees")
    kind = models.CharField("type", max_length=20, choices=CommitteeKind.choices)
    name = models.CharField("navn", max_length=200)
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="committees",
        help_text="Saken et faglig utvalg er oppnevnt for.",
    )

    class Meta:
        verbose_name = "utvalg"
        verbose_name_plural = "utvalg"
        constraints = [
            models.UniqueConstraint(
                fields=["community", "kind"],
                condition=~models.Q(kind="expert_panel"),
                name="one_standing_committee_per_kind",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def role(self) -> str:
        """The permission string that membership grants (see `cases.roles`)."""
        return f"cases.committee_{self.pk}"


class Membership(models.Model):
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships"
    )
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, null=True, blank=True, verbose_name="representerer"
    )
    competence = models.CharField(
        "kompetanse", max_length=30, choices=Competence.choices, blank=True
    )
    is_chair = models.BooleanField("leder", default=False)

    class Meta:
        verbose_name = "medlemskap"
        verbose_name_plural = "medlemskap"
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "user", "competence"], name="unique_membership_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} i {self.committee}"
