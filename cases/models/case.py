"""The case every process shares: identity, parties, status, audit trail and deadlines."""

import copy
import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django_fsm import FSMField

from .parties import Community, Party


class CaseKind(models.TextChoices):
    TASK_TRANSFER = "task_transfer", "Oppgaveoverføring"
    INVOICE_OBJECTION = "invoice_objection", "Fakturainnsigelse"
    DISPUTE = "dispute", "Tvisteløsning"


class Case(models.Model):
    """One case of any kind. Its lifecycle is declared on the kind's subclass.

    A subclass names its kind in `KIND`; it then becomes known to every generic read
    (`Case.kinds()`), with its own status labels, final states and visibility rule.
    """

    KIND: ClassVar[str] = ""
    STATUS_LABELS: ClassVar[dict[str, str]] = {}
    FINAL_STATES: ClassVar[frozenset[str]] = frozenset()
    # Text fields of the kind that free-text search looks in (besides title and numbers).
    SEARCH_FIELDS: ClassVar[tuple[str, ...]] = ()
    _kinds: ClassVar[dict[str, type["Case"]]] = {}

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
    # The case's place in the change feed: given by the database when a change to the case
    # commits (`cases.changes`), in commit order; pollers read it with `changed_after`.
    change_seq = models.BigIntegerField("endringsnummer", null=True, unique=True, editable=False)

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

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.__dict__.get("KIND"):
            Case._kinds[cls.KIND] = cls

    def __init__(self, *args, **kwargs):
        if not args and self.KIND:
            kwargs.setdefault("kind", self.KIND)
            initial = getattr(self, "INITIAL_STATUS", "")
            if initial:
                kwargs.setdefault("status", initial)
        super().__init__(*args, **kwargs)

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @classmethod
    def kinds(cls) -> dict[str, type["Case"]]:
        """Every kind of case, by its `kind` value."""
        return dict(Case._kinds)

    @classmethod
    def visibility(cls, viewer) -> Q:
        """R-PTY-2, deny by default: the case's own parties and the one who opened it.
        A kind widens this with the bodies that handle it."""
        condition = Q(created_by_id=viewer.user_id)
        if viewer.party_id is not None:
            condition |= Q(parties=viewer.party_id)
        return condition

    # How the pages name the one who opened the case to a viewer who may not know who it is.
    CREATOR_ROLE = "Den som opprettet saken"

    def contact_visible_to(self, viewer) -> bool:
        """Whether `viewer` may see who opened the case: name, e-mail, phone. Everyone who
        sees the case may, unless the kind narrows it (its opener may be a private person)."""
        return True

    @classmethod
    def search_lookups(cls) -> list[str]:
        """The kind's search fields as lookups from `Case` (through its parent link)."""
        if cls._meta.proxy or cls is Case:
            return list(cls.SEARCH_FIELDS)
        return [f"{cls._meta.model_name}__{name}" for name in cls.SEARCH_FIELDS]

    @property
    def specific(self) -> "Case":
        """This case as its kind's class, which carries the lifecycle."""
        model = Case._kinds.get(self.kind)
        if model is None or isinstance(self, model):
            return self
        if model._meta.proxy:
            obj = copy.copy(self)
            obj.__class__ = model
            return obj
        return getattr(self, model._meta.model_name)

    def _kind_class(self) -> type["Case"]:
        """The class `specific` gives, without making the instance (a proxy kind copies it)."""
        model = Case._kinds.get(self.kind)
        return type(self) if model is None or isinstance(self, model) else model

    @property
    def status_display(self) -> str:
        return self._kind_class().STATUS_LABELS.get(self.status, self.status)

    @property
    def is_closed(self) -> bool:
        return self.status in self.specific.FINAL_STATES


class CaseLink(models.Model):
    """A link between two cases of any kind, e.g. a dispute opened from an objection.
    Read from either end (`cases.services.links.case_links`)."""

    class Relation(models.TextChoices):
        OPENED_FROM = "opened_from", "Opprettet fra"

    # How the link reads from its other end.
    INVERSE = {Relation.OPENED_FROM: "led_to"}
    INVERSE_LABELS = {"led_to": "Førte til"}

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="links_out")
    other = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="links_in")
    relation = models.CharField("forbindelse", max_length=20, choices=Relation.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "koblet sak"
        verbose_name_plural = "koblede saker"
        constraints = [
            models.UniqueConstraint(fields=["case", "other", "relation"], name="unique_case_link"),
            models.CheckConstraint(
                condition=~models.Q(case=models.F("other")), name="no_self_link"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.get_relation_display().lower()} {self.other}"


class AppendOnlyQuerySet(models.QuerySet):
    """R-AUD-1: the audit trail refuses bulk changes as well as single ones."""

    def update(self, **kwargs):
        raise PermissionError("Hendelser kan ikke endres (R-AUD-1).")

    def delete(self):
        raise PermissionError("Hendelser kan ikke slettes (R-AUD-1).")


class AppendOnlyModel(models.Model):
    """A record that is written once and never changed or deleted, one by one or in bulk;
    `IMMUTABLE` names what it is and the rule that keeps it."""

    IMMUTABLE: ClassVar[str] = "Hendelser (R-AUD-1)"

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError(f"{self.IMMUTABLE} kan ikke endres.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError(f"{self.IMMUTABLE} kan ikke slettes.")


class CaseEvent(AppendOnlyModel):
    """Append-only audit trail (R-AUD-1): who did what, when, from which state to which.

    Single saves and deletes, bulk `update()`/`delete()` and, on PostgreSQL, any UPDATE or
    DELETE statement (a trigger, migration 0002) are refused."""

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


class DeadlineState(models.TextChoices):
    OPEN = "open", "Åpen"
    MET = "met", "Overholdt"
    LATE = "late", "Fullført etter fristen"
    CANCELLED = "cancelled", "Bortfalt"


class Deadline(models.Model):
    """A deadline of a case, its task or one of its requests (R-DL-3), opened by a named
    rule (`cases.deadline_rules`)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadlines")
    rule = models.CharField("fristregel", max_length=60)
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
        return f"{self.label} {self.due_on:%d.%m.%Y}"

    @property
    def label(self) -> str:
        from cases.deadline_rules import label_of

        return label_of(self.rule)

    @property
    def overdue(self) -> bool:
        from cases.calendar import is_overdue

        return self.state == DeadlineState.OPEN and is_overdue(self.due_on)


class DeadlineSetting(models.Model):
    """A community's own length of a deadline rule (its agreement's wording)."""

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="deadline_settings"
    )
    rule = models.CharField("fristregel", max_length=60)
    days = models.PositiveIntegerField("dager")
    business_days = models.BooleanField(
        "virkedager", default=False, help_text="Tell virkedager i stedet for kalenderdager."
    )

    class Meta:
        verbose_name = "fristinnstilling"
        verbose_name_plural = "fristinnstillinger"
        constraints = [
            models.UniqueConstraint(fields=["community", "rule"], name="one_setting_per_rule")
        ]

    def __str__(self) -> str:
        unit = "virkedager" if self.business_days else "dager"
        return f"{self.rule}: {self.days} {unit}"

    def clean(self):
        from django.core.exceptions import ValidationError

        from cases.deadline_rules import get_rule

        if get_rule(self.rule) is None:
            raise ValidationError({"rule": "Ukjent fristregel."})


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
