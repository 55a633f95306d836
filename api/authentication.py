"""API tokens that expire `SAKSFLYT_TOKEN_LIFETIME_HOURS` after they were issued and can be
revoked (`DELETE /api/v1/auth/token/`, or by staff in the admin). One token per user, as DRF's
authtoken keeps it; an expired token is replaced when the user asks for a new one."""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token


class TokenExpired(exceptions.AuthenticationFailed):
    default_detail = "Tokenet er utløpt. Hent et nytt med POST /api/v1/auth/token/."
    default_code = "token_expired"


def expires_at(token: Token) -> datetime:
    return token.created + timedelta(hours=settings.SAKSFLYT_TOKEN_LIFETIME_HOURS)


def is_expired(token: Token) -> bool:
    return expires_at(token) <= timezone.now()


def issue_token(user) -> Token:
    """The user's current token, or a new one when there is none or it has expired."""
    token = Token.objects.filter(user=user).first()
    if token is not None and not is_expired(token):
        return token
    if token is not None:
        Token.objects.filter(pk=token.pk).delete()
    # get_or_create: two clients asking at once both get the one new token.
    token, _ = Token.objects.get_or_create(user=user)
    return token


def revoke_token(user) -> None:
    Token.objects.filter(user=user).delete()


class ExpiringTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`; an expired key answers 401 `token_expired`.

    DRF's own check, with the user's profile read in the same query: every API request asks
    for the caller's party (`cases.roles.Viewer.of`), which would be one more query."""

    def authenticate_credentials(self, key):
        try:
            token = Token.objects.select_related("user__profile").get(key=key)
        except Token.DoesNotExist:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        if is_expired(token):
            raise TokenExpired()
        return token.user, token
