"""Read side of viewflow tasks, shared by the case representation and the task inbox."""

import re

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cases.calendar import is_overdue
from cases.models import Committee, CommitteeKind, Deadline, DeadlineState
from workflows.registry import node_spec, spec_for_flow

from .forms import describe_form

_COMMITTEE_PERM = re.compile(r"^cases\.committee_(\d+)$")


def _committee_pk(task) -> int | None:
    match = _COMMITTEE_PERM.match(task.owner_permission or "")
    return int(match.group(1)) if match else None


def _community_of(task):
    return task.process.caseprocess.case.community_id


def task_context(tasks, *, deadlines=None, with_forms: bool = False) -> dict:
    """What task representations need, fetched once for a whole page of tasks."""
    tasks = list(tasks)
    pks = {pk for pk in map(_committee_pk, tasks) if pk is not None}
    committees = dict(Committee.objects.filter(pk__in=pks).values_list("pk", "name")) if pks else {}
    if deadlines is None:
        ids = [t.pk for t in tasks]
        deadlines = Deadline.objects.filter(task_id__in=ids) if ids else []
    by_task = {}
    for deadline in deadlines:
        if deadline.task_id is not None and (
            deadline.task_id not in by_task or deadline.state == DeadlineState.OPEN
        ):
            by_task[deadline.task_id] = deadline
    context = {"committees": committees, "task_deadlines": by_task}
    if with_forms:
        communities = {_community_of(t) for t in tasks}
        standing = Committee.objects.filter(community_id__in=communities).exclude(
            kind=CommitteeKind.EXPERT_PANEL
        )
        context["standing_committees"] = {
            (c.community_id, c.kind): c.pk for c in standing.only("pk", "community_id", "kind")
        }
    return context


class OpenTaskSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.SerializerMethodField()
    title = serializers.SerializerMethodField()
    assignee = serializers.SerializerMethodField()
    candidates = serializers.SerializerMethodField(help_text="Utvalget som kan ta oppgaven.")
    due_on = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()

    def open_task_row(self, task) -> dict:
        """This serializer's fields of `task` in one pass (what `to_representation` gives,
        without DRF's per-field loop; the case representation writes one per open task)."""
        return {
            "id": int(task.pk),
            "name": self.get_name(task),
            "title": self.get_title(task),
            "assignee": self.get_assignee(task),
            "candidates": self.get_candidates(task),
            "due_on": self.get_due_on(task),
            "overdue": self.get_overdue(task),
        }

    def get_name(self, task) -> str:
        return task.flow_task.name

    def get_title(self, task) -> str:
        return str(task.flow_task.task_title)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_assignee(self, task):
        return task.owner.username if task.owner_id else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_candidates(self, task):
        return self.context.get("committees", {}).get(_committee_pk(task))

    def _deadline(self, task):
        return self.context.get("task_deadlines", {}).get(task.pk)

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_due_on(self, task):
        deadline = self._deadline(task)
        return deadline.due_on.isoformat() if deadline else None

    def get_overdue(self, task) -> bool:
        deadline = self._deadline(task)
        return bool(
            deadline and deadline.state == DeadlineState.OPEN and is_overdue(deadline.due_on)
        )


class FormFieldSerializer(serializers.Serializer):
    name = serializers.CharField()
    type = serializers.CharField()
    required = serializers.BooleanField()
    choices = serializers.ListField(child=serializers.CharField(), allow_null=True)
    choices_url = serializers.CharField(
        required=False, help_text="Der verdiene (id-ene) til feltet kan hentes."
    )
    fields = serializers.ListField(
        child=serializers.DictField(), required=False, help_text="Underfelt for objekter og lister."
    )


class TaskSerializer(OpenTaskSerializer):
    case = serializers.SerializerMethodField()
    flow = serializers.SerializerMethodField(help_text="Sakstypen oppgaven hører til.")
    status = serializers.CharField()
    form = serializers.SerializerMethodField(help_text="Feltene `complete` forventer.")

    @extend_schema_field(serializers.UUIDField())
    def get_case(self, task):
        return str(task.process.caseprocess.case_id)

    def get_flow(self, task) -> str:
        spec = spec_for_flow(task.flow_task.flow_class)
        return str(spec.kind) if spec else task.flow_task.flow_class.__name__

    @extend_schema_field(FormFieldSerializer(many=True))
    def get_form(self, task):
        node = node_spec(task.flow_task)
        if node is None:
            return []
        return describe_form(
            node.input_serializer(),
            community_id=_community_of(task),
            committees=self.context.get("standing_committees"),
        )
