"""Bad input is a 400 problem with a stable code and changes nothing; never a 500.

Each test is a finding of the review (issue 12), reproduced on main before the fix.
"""

import pytest
from django.test import override_settings
from rest_framework.authtoken.models import Token

from cases.models import Case
from tests.api.conftest import assert_problem, field_codes, raw_client

DEEP = "[" * 100_000


# --- JSON nested 100 000 deep --------------------------------------------------------------
@pytest.mark.parametrize("url", ["/api/v1/auth/token/", "/api/v1/task-transfers/"])
def test_json_nested_100000_deep_is_a_400_parse_error(world, url):
    before = (Token.objects.count(), Case.objects.count())
    response = raw_client(world.proposer).post(url, DEEP, content_type="application/json")
    assert_problem(response, 400, "parse_error")
    assert (Token.objects.count(), Case.objects.count()) == before


def test_json_deeper_than_any_input_needs_is_refused_but_a_normal_body_is_not(world):
    """Below the recursion limit, too: 40 levels is a parse error, a real body parses."""
    client = raw_client()
    deep = '{"username": ' + "[" * 40 + "]" * 40 + ', "password": "demo"}'
    assert_problem(
        client.post("/api/v1/auth/token/", deep, content_type="application/json"),
        400,
        "parse_error",
    )
    ok = client.post(
        "/api/v1/auth/token/", {"username": "sekretar", "password": "demo"}, format="json"
    )
    assert ok.status_code == 200


# --- filters the database cannot take ----------------------------------------------------
@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("party=" + "9" * 30, "party"),
        ("party=9.5", "party"),
        ("party=-1", "party"),
        ("updated_since=0001-01-01T00:00:00", "updated_since"),
        ("updated_since=9999-12-31T23:59:59-12:00", "updated_since"),
        ("status=a%00b", "status"),
        ("kind=a%00b", "kind"),
        ("cursor=ikke-en-markor", "cursor"),
    ],
)
def test_a_filter_value_out_of_range_is_a_400_naming_the_parameter(world, query, parameter):
    response = raw_client(world.secretary).get(f"/api/v1/cases/?{query}")
    assert_problem(response, 400, "validation_error")
    assert parameter in {field for field, _ in field_codes(response)}


def test_the_reference_filters_refuse_nul_bytes_too(world):
    for url in ("/api/v1/parties/?kind=a%00", "/api/v1/committees/?kind=a%00"):
        assert_problem(raw_client(world.secretary).get(url), 400, "validation_error")


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/tasks/" + "9" * 30 + "/",
        "/api/v1/parties/" + "9" * 30 + "/",
        "/api/v1/committees/" + "9" * 30 + "/members/",
        "/api/v1/units/" + "9" * 30 + "/",
    ],
)
def test_an_id_too_large_for_the_database_is_a_404_problem(world, url):
    assert_problem(raw_client(world.secretary).get(url), 404, "not_found")


def test_a_large_but_valid_id_is_an_ordinary_404(world):
    assert_problem(
        raw_client(world.secretary).get("/api/v1/tasks/999999999999999999/"), 404, "not_found"
    )


# --- Django's own errors under /api/ -----------------------------------------------------
@pytest.mark.parametrize("debug", [False, True])
def test_a_path_no_route_matches_is_a_404_problem_with_and_without_debug(world, debug):
    with override_settings(DEBUG=debug):
        response = raw_client(world.secretary).get("/api/v1/cases/gggg/")
    assert_problem(response, 404, "not_found")


def test_a_body_over_the_upload_limit_is_a_413_problem(db, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = '{"username": "' + "x" * 2000 + '", "password": "demo"}'
    response = raw_client().post("/api/v1/auth/token/", body, content_type="application/json")
    assert_problem(response, 413, "request_too_large")
    assert not Token.objects.exists()


@pytest.mark.parametrize("debug", [False, True])
def test_an_unexpected_error_is_a_500_problem_never_the_debug_page(
    world, monkeypatch, caplog, debug
):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("api.views.auth.roles_of", broken)
    with override_settings(DEBUG=debug):
        response = raw_client(world.secretary).get("/api/v1/me/")
    body = assert_problem(response, 500, "server_error")
    assert "boom" not in response.content.decode()
    assert body["detail"] == "Noe gikk galt hos oss; feilen er logget."
    assert any(r.exc_info and "boom" in str(r.exc_info[1]) for r in caplog.records)


def test_the_web_pages_keep_their_html_error_pages(world, client):
    client.force_login(world.secretary)
    response = client.get("/saker/ikke-en-side/")
    assert response.status_code == 404
    assert "text/html" in response["Content-Type"]
