"""Authentication, `GET /me/` and the one problem+json error format."""

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from api.errors import flatten_errors


def test_token_with_good_credentials_gives_a_token_that_authenticates(world):
    client = APIClient()
    response = client.post(
        "/api/v1/auth/token/", {"username": "sekretar", "password": "demo"}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    assert token == Token.objects.get(user=world.secretary).key
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = client.get("/api/v1/me/")
    assert me.status_code == 200
    assert me.json()["username"] == "sekretar"


def test_token_with_bad_credentials_is_a_400_problem(world):
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": "sekretar", "password": "feil"}, format="json"
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "invalid_credentials"
    assert {"type", "title", "status", "detail", "code"} <= set(body)
    assert not Token.objects.exists()


def test_token_without_fields_lists_field_errors(db):
    response = APIClient().post("/api/v1/auth/token/", {}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "validation_error"
    assert {(e["field"], e["code"]) for e in body["errors"]} == {
        ("username", "required"),
        ("password", "required"),
    }


def test_unauthenticated_request_is_401_problem(db):
    response = APIClient().get("/api/v1/cases/")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "not_authenticated"
    assert response.json()["status"] == 401
    assert response.json()["title"] == "Ikke innlogget"


def test_bad_token_is_401_authentication_failed(db):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token feil")
    response = client.get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_me_tells_party_and_roles(api, world):
    body = api.get(world.ssu_trust, "/api/v1/me/").json()
    assert body["username"] == "ssu_unn"
    assert body["full_name"] == world.ssu_trust.get_full_name()
    assert body["email"] == world.ssu_trust.email
    assert body["party"] == {"id": world.trust.pk, "name": "UNN HF", "kind": "health_trust"}
    assert body["roles"] == [
        {
            "committee": world.ssu.pk,
            "committee_name": "SSU",
            "kind": "ssu",
            "competence": None,
            "is_chair": False,
        }
    ]


def test_me_without_party(api, world):
    user = world.panel_people["user_representative"]
    body = api.get(user, "/api/v1/me/").json()
    assert body["id"] == user.pk
    assert body["party"] is None
    assert [(r["kind"], r["competence"]) for r in body["roles"]] == [
        ("expert_pool", "user_representative")
    ]


def test_unknown_method_is_405_problem(api, world):
    response = api.as_(world.secretary).delete("/api/v1/me/")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


def test_malformed_json_is_400_parse_error(api, world):
    response = api.as_(world.proposer).post(
        "/api/v1/task-transfers/", "{nope", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_nested_errors_are_flattened_to_paths():
    detail = {
        "members": [{}, {"user": ["Ukjent."]}],
        "criteria": {"a": ["Må være sann eller usann."]},
        "non_field_errors": ["Feil."],
    }
    fields = [e["field"] for e in flatten_errors(detail)]
    assert fields == ["members[1].user", "criteria.a", None]
