"""Lockout and throttling of sign-ins: the API token, the web login and the admin login share
one count, kept in the database (cases/services/sign_in.py)."""

import logging
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from cases.models import AccountLock, LoginFailure
from cases.services.sign_in import client_address
from tests.factories import UserFactory

TOKEN_URL = "/api/v1/auth/token/"
LOCKED_TEXT = "Kontoen er midlertidig sperret"


@pytest.fixture
def user(db):
    return UserFactory(username="kari")


def token_attempt(username, password, address="10.0.0.1"):
    return APIClient(REMOTE_ADDR=address).post(
        TOKEN_URL, {"username": username, "password": password}, format="json"
    )


def fail(times, username="kari", address="10.0.0.1"):
    for _ in range(times):
        cache.clear()  # the count must not live in a per-process cache
        response = token_attempt(username, "feil", address)
        assert response.status_code in (400, 429)
    return response


def test_the_tenth_failure_locks_the_account_and_the_right_password_is_refused(user, caplog):
    for _ in range(9):
        assert token_attempt("kari", "feil").json()["code"] == "invalid_credentials"
    with caplog.at_level(logging.WARNING, logger="cases.services.sign_in"):
        tenth = token_attempt("kari", "feil")
    assert tenth.status_code == 429
    assert tenth["Content-Type"] == "application/problem+json"
    assert tenth.json()["code"] == "account_locked"

    right = token_attempt("kari", "demo")
    assert right.status_code == 429
    body = right.json()
    assert body["code"] == "account_locked"
    assert body["status"] == 429
    assert "oppheves av seg selv" in body["detail"]
    assert "administrator" in body["detail"]
    assert 0 < int(right["Retry-After"]) <= 15 * 60
    assert not Token.objects.exists()

    lines = [r.getMessage() for r in caplog.records]
    assert any("account locked username=kari" in line for line in lines), lines
    assert not any("feil" in line for line in lines)


def test_the_lock_ends_by_itself(user):
    fail(10)
    AccountLock.objects.update(locked_until=timezone.now() - timedelta(seconds=1))
    assert token_attempt("kari", "demo").status_code == 200


def test_a_lock_counts_the_user_name_whatever_its_case(user):
    fail(10, username="KARI")
    assert token_attempt("kari", "demo").json()["code"] == "account_locked"


def test_failures_outside_the_window_do_not_count(user):
    fail(9)
    LoginFailure.objects.update(at=timezone.now() - timedelta(minutes=16))
    fail(1)
    assert token_attempt("kari", "demo").status_code == 200


def test_a_successful_sign_in_starts_the_count_again(user):
    fail(9)
    assert token_attempt("kari", "demo").status_code == 200
    fail(9)
    assert token_attempt("kari", "demo").status_code == 200
    assert not AccountLock.objects.exists()


def test_limits_come_from_settings(user, settings):
    settings.SAKSFLYT_LOCKOUT_FAILURES = 3
    assert fail(3).json()["code"] == "account_locked"


def test_staff_lift_the_lock_in_the_admin(user):
    fail(10)
    lock = AccountLock.objects.get()
    staff = get_user_model().objects.create_superuser("admin", "admin@example.no", "demo")
    web = Client()
    web.force_login(staff)
    response = web.post(
        "/admin/cases/accountlock/",
        {"action": "lift", "_selected_action": [lock.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert not AccountLock.objects.exists()
    assert token_attempt("kari", "demo").status_code == 200


def test_one_address_is_throttled_across_user_names(db, settings):
    settings.SAKSFLYT_LOGIN_THROTTLE_FAILURES = 5
    UserFactory(username="ola")
    for name in ("a", "b", "c", "d", "e"):
        assert token_attempt(name, "feil").status_code == 400
    throttled = token_attempt("ola", "demo")
    assert throttled.status_code == 429
    assert throttled.json()["code"] == "throttled"
    assert 0 < int(throttled["Retry-After"]) <= 10 * 60
    # Another address is not affected, and the user name is not locked.
    assert token_attempt("ola", "demo", address="10.0.0.2").status_code == 200


def test_the_web_login_counts_and_refuses_the_same_way(user):
    web = Client(REMOTE_ADDR="10.0.0.1")
    for _ in range(10):
        response = web.post("/accounts/login/", {"username": "kari", "password": "feil"})
        assert response.status_code == 200  # the form again, with its error
    response = web.post("/accounts/login/", {"username": "kari", "password": "demo"})
    assert response.status_code == 200
    assert LOCKED_TEXT in response.content.decode()
    assert "_auth_user_id" not in web.session
    # The API sees the same lock.
    assert token_attempt("kari", "demo").json()["code"] == "account_locked"


def test_the_admin_login_is_guarded_too(db):
    get_user_model().objects.create_superuser("admin", "admin@example.no", "demo")
    fail(10, username="admin")
    web = Client(REMOTE_ADDR="10.0.0.1")
    response = web.post("/admin/login/", {"username": "admin", "password": "demo"})
    assert LOCKED_TEXT in response.content.decode()
    assert "_auth_user_id" not in web.session


def test_web_login_still_works(user):
    web = Client()
    response = web.post("/accounts/login/", {"username": "kari", "password": "demo"})
    assert response.status_code == 302
    assert web.session["_auth_user_id"] == str(user.pk)


def test_client_address_behind_proxies(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="1.2.3.4, 192.0.2.7")
    settings.SAKSFLYT_PROXY_COUNT = 0
    assert client_address(request) == "10.9.9.9"
    settings.SAKSFLYT_PROXY_COUNT = 1
    assert client_address(request) == "192.0.2.7"  # what our proxy appended, not the client's
    settings.SAKSFLYT_PROXY_COUNT = 3
    assert client_address(request) == "10.9.9.9"  # fewer hops than proxies: not trusted
    garbage = rf.get("/", REMOTE_ADDR="nonsense")
    assert client_address(garbage) is None
