"""The one read model of every kind of case (API.md, "Cases")."""

from django.contrib.auth.models import AnonymousUser
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cases.models import Case, CaseEvent, Deadline
from cases.selectors import linked_cases

from .common import CaseKindField, PartyRefSerializer, is_hidden_person
from .tasks import OpenTaskSerializer


class DeadlineSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(source="rule", read_only=True, help_text="Fristregelens navn.")
    label = serializers.CharField(read_only=True, help_text="Fristen på norsk.")
    overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Deadline
        fields = ["kind", "label", "due_on", "state", "overdue"]
        read_only_fields = fields


class CaseLinkSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    kind = serializers.CharField()
    relation = serializers.CharField()


_DATETIME = serializers.DateTimeField()


def _text(value):
    return None if value is None else str(value)


def link_rows(linked) -> list[dict]:
    """The `links` of a representation, from `cases.selectors.linked_cases` rows."""
    return [{"id": x.case.pk, "kind": x.case.kind, "relation": x.relation} for x in linked]


def prefetched(case, name: str):
    """`case.<name>.all()`, read from the prefetch cache when the queryset filled it (a page
    of cases would otherwise build a related manager and a queryset per case and relation)."""
    cache = getattr(case, "_prefetched_objects_cache", {})
    return cache[name] if name in cache else getattr(case, name).all()


class CaseSerializer(serializers.ModelSerializer):
    """Expects `open_tasks` (case id → tasks), `committees` and `task_deadlines` in the
    context, computed once per page (see `api.views.cases.case_page_context`)."""

    # (A comment, not the docstring: the schema shows the docstring.) The fields declare the
    # contract (the schema); `to_representation` writes the same dictionary in one pass,
    # without DRF's per-field and per-nested-row machinery, which cost more than the rows
    # themselves on every poll. tests/api/test_case_representation.py checks it against the
    # declared fields for every kind of case.

    kind = CaseKindField(read_only=True)
    ssu_case_number = serializers.SerializerMethodField()
    status_display = serializers.CharField(read_only=True)
    parties = PartyRefSerializer(many=True, read_only=True)
    open_tasks = serializers.SerializerMethodField()
    deadlines = DeadlineSerializer(many=True, read_only=True)
    links = serializers.SerializerMethodField(help_text="Relaterte saker.")

    class Meta:
        model = Case
        fields = [
            "id",
            "kind",
            "reference",
            "ssu_case_number",
            "title",
            "status",
            "status_display",
            "parties",
            "created_at",
            "updated_at",
            "closed_at",
            "open_tasks",
            "deadlines",
            "links",
        ]
        read_only_fields = fields

    def to_representation(self, case):
        if type(self) is not CaseSerializer:  # a kind's serializer adds its own fields
            return super().to_representation(case)
        ssu = case.ssu_case_number
        return {
            "id": str(case.pk),
            "kind": _text(case.kind),
            "reference": _text(case.reference),
            "ssu_case_number": ssu or None,
            "title": _text(case.title),
            "status": _text(case.status),
            "status_display": _text(case.status_display),
            "parties": [
                {"id": p.pk, "name": _text(p.name), "kind": _text(p.kind)}
                for p in prefetched(case, "parties")
            ],
            "created_at": _DATETIME.to_representation(case.created_at),
            "updated_at": _DATETIME.to_representation(case.updated_at),
            "closed_at": _DATETIME.to_representation(case.closed_at),
            "open_tasks": self.get_open_tasks(case),
            "deadlines": [
                {
                    "kind": _text(d.rule),
                    "label": _text(d.label),
                    "due_on": None if d.due_on is None else d.due_on.isoformat(),
                    "state": _text(d.state),
                    "overdue": bool(d.overdue),
                }
                for d in prefetched(case, "deadlines")
            ],
            "links": self.get_links(case),
        }

    def declared_representation(self, case):
        """The representation through DRF's declared fields (what `to_representation` must
        equal; the tests compare the two)."""
        return super().to_representation(case)

    @extend_schema_field(serializers.CharField(allow_null=True, help_text="NN/ÅÅ"))
    def get_ssu_case_number(self, case):
        return case.ssu_case_number or None

    @extend_schema_field(OpenTaskSerializer(many=True))
    def get_open_tasks(self, case):
        tasks = self.context.get("open_tasks", {}).get(case.pk, [])
        # One task serializer for the whole page: building one per case costs more than the
        # tasks themselves (its fields are copied each time).
        if "_open_task" not in self.__dict__:
            self._open_task = OpenTaskSerializer(context=self.context)
        return [self._open_task.open_task_row(task) for task in tasks]

    @extend_schema_field(CaseLinkSerializer(many=True))
    def get_links(self, case):
        """The linked cases the caller may see; looked up once for the whole page."""
        if "_links" not in self.context:
            page = self.root.instance
            cases = page if isinstance(page, list | tuple) else [case]
            user = getattr(self.context.get("request"), "user", None) or AnonymousUser()
            self.context["_links"] = linked_cases([c.pk for c in cases], user)
        return link_rows(self.context["_links"].get(case.pk, []))


class CaseEventSerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField()

    class Meta:
        model = CaseEvent
        fields = ["at", "actor", "action", "from_status", "to_status", "data"]
        read_only_fields = fields

    @extend_schema_field(
        serializers.CharField(
            allow_null=True,
            help_text="Brukernavnet; null for systemet, og for forslagsstilleren når du ikke "
            "kan se hvem det er.",
        )
    )
    def get_actor(self, event):
        if not event.actor_id or is_hidden_person(self.context, event.actor_id):
            return None
        return event.actor.username
