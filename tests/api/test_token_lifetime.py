"""API tokens expire after `SAKSFLYT_TOKEN_LIFETIME_HOURS` and can be revoked, by the client
or by staff in the admin."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import UserFactory


@pytest.fixture
def user(db):
    return UserFactory(username="kari")


def new_token(username="kari") -> dict:
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": username, "password": "demo"}, format="json"
    )
    assert response.status_code == 200, response.json()
    return response.json()


def me(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get("/api/v1/me/")


def age_token(key, by: timedelta):
    Token.objects.filter(key=key).update(created=timezone.now() - by)


def test_a_token_tells_when_it_expires(user):
    body = new_token()
    created = Token.objects.get(key=body["token"]).created
    assert parse_datetime(body["expires_at"]) == created + timedelta(hours=8)


def test_an_expired_token_is_a_401_token_expired(user):
    key = new_token()["token"]
    age_token(key, timedelta(hours=7, minutes=59))
    assert me(key).status_code == 200
    age_token(key, timedelta(hours=8, seconds=1))
    response = me(key)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "token_expired"
    assert response["WWW-Authenticate"] == "Token"


def test_the_lifetime_comes_from_settings(user, settings):
    settings.SAKSFLYT_TOKEN_LIFETIME_HOURS = 1
    key = new_token()["token"]
    age_token(key, timedelta(minutes=61))
    assert me(key).json()["code"] == "token_expired"


def test_asking_again_gives_the_same_token_until_it_expires_then_a_new_one(user):
    first = new_token()["token"]
    assert new_token()["token"] == first
    age_token(first, timedelta(hours=9))
    second = new_token()["token"]
    assert second != first
    assert me(second).status_code == 200
    assert me(first).json()["code"] == "authentication_failed"


def test_a_client_revokes_its_token(user):
    key = new_token()["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.delete("/api/v1/auth/token/").status_code == 204
    assert not Token.objects.filter(user=user).exists()
    response = me(key)
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_revoking_needs_a_signed_in_caller(user):
    new_token()
    response = APIClient().delete("/api/v1/auth/token/")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert Token.objects.filter(user=user).exists()


def test_staff_revoke_a_token_in_the_admin(user):
    key = new_token()["token"]
    staff = get_user_model().objects.create_superuser("admin", "admin@example.no", "demo")
    web = Client()
    web.force_login(staff)
    # The admin lists tokens by their user (DRF's TokenAdmin).
    response = web.post(f"/admin/authtoken/tokenproxy/{user.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert me(key).json()["code"] == "authentication_failed"


def test_a_token_request_reads_the_user_and_the_profile_in_one_query(world):
    """The caller's party is asked on every API request; the token check reads it along."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from api.authentication import ExpiringTokenAuthentication
    from cases.roles import Viewer

    key = new_token(world.secretary.username)["token"]
    with CaptureQueriesContext(connection) as queries:
        user, token = ExpiringTokenAuthentication().authenticate_credentials(key)
        party = Viewer.of(user).party_id
    assert (user, token.key) == (world.secretary, key)
    assert party == world.secretary.profile.party_id
    # One for the token, user and profile; one for the committee seats.
    assert len(queries) == 2


def test_a_token_of_an_inactive_user_is_a_401(user):
    key = new_token()["token"]
    get_user_model().objects.filter(pk=user.pk).update(is_active=False)
    response = me(key)
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_a_token_of_a_user_without_a_profile_still_authenticates(user):
    from cases.models import Profile

    key = new_token()["token"]
    Profile.objects.filter(user=user).delete()
    assert me(key).status_code == 200
