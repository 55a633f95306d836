from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema
from rest_framework.authtoken.models import Token
from rest_framework.response import Response
from rest_framework.views import APIView

from api.permissions import Anyone, SignedIn
from api.serializers.auth import MeSerializer, TokenInputSerializer, TokenSerializer
from api.serializers.common import PartyRefSerializer
from cases.errors import ValidationFailed
from cases.roles import party_of, roles_of

from .common import problems
from .conditional import Conditional


class TokenView(Conditional, APIView):
    """Exchange username and password for an API token. Anyone may call it."""

    permission_classes = [Anyone]
    authentication_classes: list = []

    @extend_schema(
        summary="Hent API-token",
        description="Trygt å gjenta: samme brukernavn og passord gir et gyldig token.",
        request=TokenInputSerializer,
        responses={200: TokenSerializer, **problems(400, public=True)},
        auth=[],
        tags=["auth"],
    )
    def post(self, request):
        serializer = TokenInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = authenticate(
            request,
            username=serializer.validated_data["username"],
            password=serializer.validated_data["password"],
        )
        if user is None or not user.is_active:
            raise ValidationFailed("Feil brukernavn eller passord.", code="invalid_credentials")
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


class MeView(Conditional, APIView):
    """Who am I: the caller's party and committee roles. Any signed-in user."""

    permission_classes = [SignedIn]

    @extend_schema(
        summary="Innlogget bruker", responses={200: MeSerializer, **problems()}, tags=["auth"]
    )
    def get(self, request):
        user = request.user
        party = party_of(user)
        return Response(
            {
                "id": user.pk,
                "username": user.username,
                "full_name": user.get_full_name(),
                "email": user.email,
                "party": PartyRefSerializer(party).data if party else None,
                "roles": roles_of(user),
            }
        )
