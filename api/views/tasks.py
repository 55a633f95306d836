"""The reviewer's inbox and the three task actions. Any signed-in user may call them; the
engine decides: 403 without the committee role or for someone else's task, 409 for state."""

from django.contrib.auth import get_user_model
from drf_spectacular.utils import (
    OpenApiParameter,
    PolymorphicProxySerializer,
    extend_schema,
)
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from viewflow.workflow.models import Task

from api.permissions import SignedIn
from api.serializers.cases import CaseSerializer
from api.serializers.tasks import TaskSerializer, task_context
from cases.errors import Conflict
from cases.selectors import cases_visible_to
from workflows import engine
from workflows.inputs import StrictSerializer
from workflows.registry import node_spec, specs

from .common import case_representation, problems
from .conditional import Conditional

SCOPES = {"inbox": engine.inbox, "queue": engine.queue}


class ReassignInputSerializer(StrictSerializer):
    user = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.filter(is_active=True),
        help_text="Den som skal ha oppgaven; må ha rollen oppgaven krever (se `candidates`).",
    )


class TaskScopeSerializer(StrictSerializer):
    scope = serializers.ChoiceField(choices=list(SCOPES), default="inbox")


TASK_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="Oppgavens id.")


def _complete_request():
    """The schema of `complete`: the input of any registered human step."""
    return PolymorphicProxySerializer(
        component_name="TaskCompletion",
        serializers=lambda: [n.input_serializer for s in specs() for n in s.nodes],
        resource_type_field_name=None,
    )


class TaskViewSet(Conditional, viewsets.GenericViewSet):
    permission_classes = [SignedIn]
    serializer_class = TaskSerializer

    def get_queryset(self):
        visible = cases_visible_to(self.request.user).values("pk")
        return Task.objects.filter(
            flow_task_type="HUMAN", process__caseprocess__case_id__in=visible
        ).select_related("owner", "process__caseprocess__case")

    def precondition_case_id(self):
        return self.get_object().process.caseprocess.case_id if "pk" in self.kwargs else None

    def require_right(self) -> None:
        if self.action == "reassign":
            engine.require_reassign(self.request.user, self.get_object())
        elif self.action in ("claim", "release", "complete"):
            engine.require_role_or_owner(self.request.user, self.get_object())

    def _render(self, tasks) -> list:
        tasks = list(tasks)
        context = task_context(tasks, with_forms=True)
        return TaskSerializer(tasks, many=True, context=context).data

    def _one(self, task_id: int) -> dict:
        task = self.get_queryset().get(pk=task_id)
        return self._render([task])[0]

    @extend_schema(
        summary="Mine oppgaver (inbox) eller oppgaver jeg kan ta (queue)",
        parameters=[
            OpenApiParameter(
                "scope",
                str,
                enum=list(SCOPES),
                default="inbox",
                description="`inbox`: tildelt meg · `queue`: jeg har rollen og kan ta dem.",
            )
        ],
        responses={200: TaskSerializer(many=True), **problems(400)},
    )
    def list(self, request):
        query = TaskScopeSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        tasks = SCOPES[query.validated_data["scope"]](request.user)
        visible = cases_visible_to(request.user).values("pk")
        tasks = (
            tasks.filter(process__caseprocess__case_id__in=visible)
            .select_related("owner", "process__caseprocess__case")
            .order_by("created", "pk")
        )
        return Response(self._render(tasks))

    @extend_schema(
        summary="Hent én oppgave med skjemaet `complete` forventer",
        parameters=[TASK_ID],
        responses={200: TaskSerializer, **problems(404)},
    )
    def retrieve(self, request, pk=None):
        return Response(self._render([self.get_object()])[0])

    @extend_schema(
        summary="Ta oppgaven",
        request=None,
        parameters=[TASK_ID],
        responses={200: TaskSerializer, **problems(403, 404, 409, 412, 503)},
    )
    @action(detail=True, methods=["post"])
    def claim(self, request, pk=None):
        task = self.get_object()
        engine.task_claim(task_id=task.pk, user=request.user)
        return Response(self._one(task.pk))

    @extend_schema(
        summary="Legg oppgaven tilbake i køen",
        request=None,
        parameters=[TASK_ID],
        responses={200: TaskSerializer, **problems(403, 404, 409, 412, 503)},
    )
    @action(detail=True, methods=["post"])
    def release(self, request, pk=None):
        task = self.get_object()
        engine.task_release(task_id=task.pk, user=request.user)
        return Response(self._one(task.pk))

    @extend_schema(
        summary="Gi oppgaven til en annen (sekretariatet)",
        request=ReassignInputSerializer,
        parameters=[TASK_ID],
        responses={200: TaskSerializer, **problems(400, 403, 404, 409, 412, 503)},
    )
    @action(detail=True, methods=["post"])
    def reassign(self, request, pk=None):
        task = self.get_object()
        serializer = ReassignInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        engine.task_reassign(
            task_id=task.pk, user=request.user, to_user=serializer.validated_data["user"]
        )
        return Response(self._one(task.pk))

    @extend_schema(
        summary="Fullfør oppgaven med stegets felt",
        description="Feltene står i oppgavens `form`. Svarer med saken. En gjentatt "
        "fullføring med samme `Idempotency-Key` og samme innhold gir det første svaret.",
        parameters=[TASK_ID],
        request=_complete_request(),
        responses={200: CaseSerializer, **problems(400, 403, 404, 409, 412, 422)},
    )
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        task = self.get_object()
        user = request.user
        node = node_spec(task.flow_task)

        def apply(case):
            # Parsed inside the lock, after the engine's state (409) and owner (403) checks.
            serializer = node.input_serializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            return node.step(case, user, dict(serializer.validated_data))

        if node is None:
            raise Conflict(
                "Denne oppgaven kan ikke fullføres gjennom API-et.", code="task_not_completable"
            )
        engine.task_complete(task_id=task.pk, user=user, apply=apply)
        return Response(case_representation(task.process.caseprocess.case_id, request=request))
