"""Oppgaveoverføring: submit a proposal (anyone signed in, R-TT-1) and the case actions
outside the human tasks. Role checks live in `cases.services.task_transfer`; each action
asks them first (`require_right`, called by `Conditional` before `If-Match`), so a caller
without the right gets 403 before the body is read or the case's state is told."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from api.permissions import SignedIn
from api.serializers.cases import CaseSerializer
from api.serializers.task_transfers import (
    ConsultationResponseInputSerializer,
    ConsultationResponseResultSerializer,
    ProposalInputSerializer,
    StatementReceiveInputSerializer,
    StatementRequestInputSerializer,
    StatementSerializer,
    TaskTransferSerializer,
    WithdrawInputSerializer,
)
from cases.errors import ValidationFailed, field_error
from cases.models import Community, StatementRequest, TaskTransfer
from cases.selectors import cases_visible_to
from cases.services import task_transfer as tt
from workflows.task_transfer import actions

from .common import case_page_context, case_representation, problems
from .conditional import Conditional


def _community_by_slug(slug: str | None) -> Community | None:
    """Parse the optional `community` slug; which community applies is the service's rule."""
    if not slug:
        return None
    community = Community.objects.filter(slug=slug).first()
    if community is None:
        raise ValidationFailed(
            "Ukjent helsefellesskap.",
            errors=[field_error("community", "Ukjent helsefellesskap.", "does_not_exist")],
        )
    return community


class TaskTransferViewSet(Conditional, viewsets.GenericViewSet):
    permission_classes = [SignedIn]
    serializer_class = TaskTransferSerializer
    lookup_value_regex = "[0-9a-fA-F-]{36}"

    def get_queryset(self):
        visible = cases_visible_to(self.request.user).values("pk")
        return (
            TaskTransfer.objects.filter(pk__in=visible)
            .select_related("panel", "screening", "recommendation", "gp_assessment")
            .prefetch_related(
                "parties",
                "deadlines",
                "statements__party",
                "statements__unit",
                "consultations__consultees",
                "consultations__responses",
                "treatments",
            )
        )

    def precondition_case_id(self):
        return self.get_object().pk if "pk" in self.kwargs else None

    def require_right(self) -> None:
        user, case_action = self.request.user, self.action
        if case_action == "statements":
            tt.require_panel(user, self.get_object())
        elif case_action == "receive_statement":
            tt.require_statement_giver(user, self._statement())
        elif case_action == "consultation_responses":
            tt.require_consultation_answerer(user, self.get_object())
        elif case_action == "withdraw":
            tt.require_withdrawer(user, self.get_object())

    def _statement(self) -> StatementRequest:
        return get_object_or_404(
            StatementRequest, pk=self.kwargs["statement_id"], case=self.get_object()
        )

    @extend_schema(
        summary="Send inn forslag til oppgaveoverføring (R-TT-1)",
        request=ProposalInputSerializer,
        responses={201: CaseSerializer, **problems(400)},
    )
    def create(self, request):
        serializer = ProposalInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        community = _community_by_slug(data.pop("community", None))
        case = actions.submit_proposal(community=community, proposer=request.user, data=data)
        body = case_representation(case.pk, request=request)
        return Response(body, status=201, headers={"Location": f"/api/v1/cases/{case.pk}/"})

    @extend_schema(
        summary="Hent oppgaveoverføringen med forslag og alle steg",
        responses={200: TaskTransferSerializer, **problems(404)},
    )
    def retrieve(self, request, pk=None):
        case = self.get_object()
        context = {**self.get_serializer_context(), **case_page_context([case])}
        return Response(TaskTransferSerializer(case, context=context).data)

    @extend_schema(
        summary="Be om uttalelse fra en berørt part eller enhet (R-TT-5)",
        request=StatementRequestInputSerializer,
        responses={201: StatementSerializer, **problems(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def statements(self, request, pk=None):
        case = self.get_object()
        serializer = StatementRequestInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        statement = actions.request_statement(
            case=case, actor=request.user, **serializer.validated_data
        )
        return Response(StatementSerializer(statement).data, status=201)

    @extend_schema(
        summary="Registrer en mottatt uttalelse (R-TT-5)",
        request=StatementReceiveInputSerializer,
        responses={200: StatementSerializer, **problems(400, 403, 404, 409)},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"statements/(?P<statement_id>[0-9]+)/receive",
        url_name="statement-receive",
    )
    def receive_statement(self, request, pk=None, statement_id=None):
        statement = self._statement()
        serializer = StatementReceiveInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        actions.receive_statement(
            request=statement, actor=request.user, text=serializer.validated_data["text"]
        )
        statement.refresh_from_db()
        return Response(StatementSerializer(statement).data)

    @extend_schema(
        summary="Gi høringssvar for en part (R-TT-8)",
        request=ConsultationResponseInputSerializer,
        responses={201: ConsultationResponseResultSerializer, **problems(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"], url_path="consultation-responses")
    def consultation_responses(self, request, pk=None):
        case = self.get_object()
        serializer = ConsultationResponseInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        party = serializer.validated_data["party"]
        closed = actions.respond_to_consultation(
            case=case, actor=request.user, party=party, text=serializer.validated_data["text"]
        )
        return Response({"party": party.pk, "consultation_closed": closed}, status=201)

    @extend_schema(
        summary="Trekk forslaget (forslagsstiller eller sekretariatet)",
        request=WithdrawInputSerializer,
        responses={200: CaseSerializer, **problems(400, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        case = self.get_object()
        serializer = WithdrawInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        actions.withdraw_proposal(
            case=case, actor=request.user, reason=serializer.validated_data["reason"]
        )
        return Response(case_representation(case.pk, request=request))
