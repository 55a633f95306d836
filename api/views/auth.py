from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from api.authentication import expires_at, issue_token, revoke_token
from api.permissions import Anyone, SignedIn
from api.serializers.auth import MeSerializer, TokenInputSerializer, TokenSerializer
from api.serializers.common import PartyRefSerializer
from cases.errors import ValidationFailed
from cases.roles import party_of, roles_of
from cases.services.sign_in import sign_in

from .common import problems
from .conditional import Conditional


class TokenView(Conditional, APIView):
    """POST: exchange username and password for an API token; anyone may call it, with
    lockout and throttling (`cases.services.sign_in`). DELETE: the signed-in caller revokes it."""

    def _public(self) -> bool:
        return getattr(self.request, "method", None) == "POST"

    def get_authenticators(self):
        if self._public():
            return []
        return [auth() for auth in api_settings.DEFAULT_AUTHENTICATION_CLASSES]

    def get_permissions(self):
        return [Anyone()] if self._public() else [SignedIn()]

    @extend_schema(
        summary="Hent API-token",
        description="Tokenet varer `SAKSFLYT_TOKEN_LIFETIME_HOURS` timer (8 som standard) fra "
        "det ble utstedt; samme token gis igjen til det utløper. Etter for mange mislykkede "
        "forsøk svarer endepunktet `429` (`account_locked` eller `throttled`) med `Retry-After`. "
        "Trygt å gjenta: samme brukernavn og passord gir et gyldig token.",
        request=TokenInputSerializer,
        responses={200: TokenSerializer, **problems(400, 429, public=True)},
        auth=[],
        tags=["auth"],
    )
    def post(self, request):
        serializer = TokenInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = sign_in(
            request,
            username=serializer.validated_data["username"],
            password=serializer.validated_data["password"],
        )
        if user is None:
            raise ValidationFailed("Feil brukernavn eller passord.", code="invalid_credentials")
        token = issue_token(user)
        return Response({"token": token.key, "expires_at": expires_at(token)})

    @extend_schema(
        summary="Trekk tilbake API-tokenet",
        description="Sletter den innloggede brukerens token; det virker ikke lenger.",
        request=None,
        responses={204: None, **problems()},
        tags=["auth"],
    )
    def delete(self, request):
        revoke_token(request.user)
        return Response(status=204)


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
