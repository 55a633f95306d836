"""Utskrivningsklare pasientdøgn as a tool: the chargeable days and amount of one stay under
the caller's agreement (R-USK-1..5). Anyone of a party (municipality or health trust) of a
community with billing terms; it stores nothing and takes no patient data."""

from dataclasses import asdict

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from api.permissions import SignedIn
from api.serializers.usk import ChargeSerializer, StayInputSerializer
from cases.billing import Stay, billing_terms_of, charge_for
from cases.errors import Forbidden
from cases.roles import party_of

from .common import problems
from .conditional import Conditional


def _community_of(user):
    party = party_of(user)
    if party is None:
        raise Forbidden(
            "Bare de som hører til en kommune eller et helseforetak kan beregne betalingsdøgn.",
            code="not_a_party",
        )
    return party.community


class ChargeableDaysView(Conditional, APIView):
    permission_classes = [SignedIn]

    def require_right(self) -> None:
        billing_terms_of(_community_of(self.request.user))

    @extend_schema(
        summary="Beregn betalingsdøgn for én utskrivningsklar pasient (R-USK-1..5)",
        description="Regner ut betalingsdøgn, første og siste betalingsdag og beløp for ett "
        "opphold etter betalingsreglene i ditt helsefellesskap, og hvilke regler som ble brukt. "
        "Tidspunkter i ISO 8601 med tidssone. Et opphold som ikke er avsluttet (verken "
        "overtatt, meldt klar plass eller syk igjen) avvises på `taken_over_on`. Mangler "
        "døgnprisen for et år, svarer endepunktet `daily_rate_missing`; har helsefellesskapet "
        "ingen betalingsregler, `billing_terms_missing` (409). Lagrer ingenting.",
        request=StayInputSerializer,
        responses={200: ChargeSerializer, **problems(400, 403, 409)},
    )
    def post(self, request):
        community = _community_of(request.user)
        serializer = StayInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        charge = charge_for(Stay(**serializer.validated_data), community)
        body = {**asdict(charge), "terms": billing_terms_of(community)}
        return Response(ChargeSerializer(body).data)
