"""Tvisteløsning: raise a dispute, read it with its ladder, and the parties' actions on it.

Each action is one service of `cases.services.dispute`, run under the flow lock by
`workflows.dispute.actions`. Rights are asked first (`require_right`, before `If-Match` and
the body), with the checks the services themselves make; a refused action changes nothing.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from api.permissions import SignedIn
from api.serializers.cases import CaseSerializer
from api.serializers.disputes import (
    DisputeOpenInputSerializer,
    DisputeSerializer,
    EmptyInputSerializer,
    InterestQuerySerializer,
    InterestSerializer,
    ReasonInputSerializer,
    StageInputSerializer,
    TermsInputSerializer,
    TextInputSerializer,
)
from cases.errors import ValidationFailed, field_error
from cases.models import Dispute
from cases.selectors import cases_visible_to
from cases.services import dispute as dsp
from workflows.dispute import actions

from .common import case_page_context, case_representation, problems, visible_cases
from .conditional import Conditional

ACTION_RESPONSES = {200: DisputeSerializer, **problems(400, 403, 404, 409)}


def _invalid(field: str, message: str, code: str) -> ValidationFailed:
    return ValidationFailed(message, errors=[field_error(field, message, code)])


def _counterparty(own, parties):
    """`parties` names the caller's own party and the one it raises the dispute against."""
    if len(parties) != 2 or len({p.pk for p in parties}) != 2:
        raise _invalid("parties", "Oppgi de to partene i tvisten.", "invalid")
    if own.pk not in {p.pk for p in parties}:
        raise _invalid("parties", "Din egen part må være en av partene.", "not_own_party")
    return next(p for p in parties if p.pk != own.pk)


def _linked_case(user, case_id):
    if case_id is None:
        return None
    case = visible_cases(user).filter(pk=case_id).first()
    if case is None:
        raise _invalid("linked_case", "Saken finnes ikke.", "does_not_exist")
    return case


# Each action: its input, the service it runs and how the input becomes its arguments.
ACTIONS = {
    "positions": (TextInputSerializer, dsp.dispute_record_position),
    "record_disagreement": (EmptyInputSerializer, dsp.dispute_record_disagreement),
    "consent": (StageInputSerializer, dsp.dispute_consent),
    "escalate": (StageInputSerializer, dsp.dispute_escalate),
    "statement": (TextInputSerializer, dsp.dispute_record_statement),
    "accept_binding": (EmptyInputSerializer, dsp.dispute_accept_binding),
    "resolve": (TermsInputSerializer, dsp.dispute_resolve),
    "withdraw": (ReasonInputSerializer, dsp.dispute_withdraw),
}
# The rights check each action's service makes first, asked before anything else.
RIGHTS = {
    "statement": dsp.require_statement_recorder,
    "withdraw": dsp.require_withdrawer,
}


class DisputeViewSet(Conditional, viewsets.GenericViewSet):
    permission_classes = [SignedIn]
    serializer_class = DisputeSerializer
    lookup_value_regex = "[0-9a-fA-F-]{36}"

    def get_queryset(self):
        visible = cases_visible_to(self.request.user).values("pk")
        return (
            Dispute.objects.filter(pk__in=visible)
            .select_related(
                "ladder", "stage", "claimant", "respondent", "disagreement_record", "resolution"
            )
            .prefetch_related(
                "parties",
                "deadlines",
                "positions__stage",
                "consents__stage",
                "stage_statements__stage",
            )
        )

    def precondition_case_id(self):
        return self.get_object().pk if "pk" in self.kwargs else None

    def require_right(self) -> None:
        user = self.request.user
        if self.action == "create":
            dsp.opening_party(user)
        elif self.action in ACTIONS:
            RIGHTS.get(self.action, dsp.require_party)(user, self.get_object())

    def _dispute(self, case, status=200) -> Response:
        case = self.get_queryset().get(pk=case.pk)
        context = {**self.get_serializer_context(), **case_page_context([case])}
        return Response(DisputeSerializer(case, context=context).data, status=status)

    def _act(self, request) -> Response:
        serializer_class, service = ACTIONS[self.action]
        case = self.get_object()
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        actions.act(service, case=case, actor=request.user, **serializer.validated_data)
        return self._dispute(case)

    @extend_schema(
        summary="Reis en tvist om avtalen, betaling for utskrivningsklare eller mislighold",
        request=DisputeOpenInputSerializer,
        responses={201: CaseSerializer, **problems(400, 403)},
    )
    def create(self, request):
        own = dsp.opening_party(request.user)
        serializer = DisputeOpenInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        case = actions.open_dispute(
            actor=request.user,
            counterparty=_counterparty(own, data["parties"]),
            dispute_kind=data["kind"],
            subject=data["subject"],
            agreement_clause=data["agreement_clause"],
            claim_amount=data["claim_amount"],
            title=data["title"],
            opened_from=_linked_case(request.user, data["linked_case"]),
        )
        body = case_representation(case.pk, request=request)
        return Response(body, status=201, headers={"Location": f"/api/v1/cases/{case.pk}/"})

    @extend_schema(
        summary="Hent tvisten med trinn, standpunkter, samtykker, uttalelser og utfall",
        responses={200: DisputeSerializer, **problems(404)},
    )
    def retrieve(self, request, pk=None):
        return self._dispute(self.get_object())

    @extend_schema(
        summary="Regn ut forsinkelsesrente for et beløp og en periode (R-DSP-5)",
        parameters=[InterestQuerySerializer],
        responses={200: InterestSerializer, **problems(400, 404)},
    )
    @action(detail=True, methods=["get"])
    def interest(self, request, pk=None):
        self.get_object()
        query = InterestQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        computation = dsp.late_payment_interest(**query.validated_data)
        return Response(InterestSerializer(computation).data)

    @extend_schema(
        summary="Registrer partens standpunkt på trinnet saken står på",
        request=TextInputSerializer,
        responses=ACTION_RESPONSES,
    )
    @action(detail=True, methods=["post"])
    def positions(self, request, pk=None):
        return self._act(request)

    @extend_schema(
        summary="Skriv uenighetsprotokollen fra partenes standpunkter (R-DSP-1)",
        request=EmptyInputSerializer,
        responses=ACTION_RESPONSES,
    )
    @action(detail=True, methods=["post"], url_path="record-disagreement")
    def record_disagreement(self, request, pk=None):
        return self._act(request)

    @extend_schema(
        summary="Samtykk for partens del til at saken bringes inn for et trinn (R-DSP-2)",
        request=StageInputSerializer,
        responses=ACTION_RESPONSES,
    )
    @action(detail=True, methods=["post"])
    def consent(self, request, pk=None):
        return self._act(request)

    @extend_schema(
        summary="Bring saken videre til et senere trinn (R-DSP-1, R-DSP-2, R-DSP-4)",
        request=StageInputSerializer,
        responses=ACTION_RESPONSES,
    )
    @action(detail=True, methods=["post"])
    def escalate(self, request, pk=None):
        return self._act(request)

    @extend_schema(
        summary="Registrer uttalelsen fra organet som behandler trinnet (R-DSP-4)",
        request=TextInputSerializer,
        responses=ACTION_RESPONSES,
    )
    @action(detail=True, methods=["post"])
    def statement(self, request, pk=None):
        return self._act(request)

    @extend_schema(
        summary="Godta for partens del at trinnets uttalelse er bindende (R-DSP-4)",
        request=EmptyInputSerializer,
        responses=ACTION_RESPONSES,
    )
    @action(detail=True, methods=["post"], url_path="accept-binding")
    def accept_binding(self, request, pk=None):
        return self._act(request)

    @extend_schema(
        summary="Registrer at partene er enige, med vilkårene (R-DSP-3)",
        request=TermsInputSerializer,
        responses=ACTION_RESPONSES,
    )
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        return self._act(request)

    @extend_schema(
        summary="Trekk tvisten (parten som reiste den)",
        request=ReasonInputSerializer,
        responses=ACTION_RESPONSES,
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._act(request)
