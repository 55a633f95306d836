"""HTTP helpers for the API tests: every step goes through the REST API."""

from datetime import timedelta

from rest_framework.test import APIClient

from cases import calendar
from cases.roles import forget_roles
from tests.factories import proposal

CRITERIA_OK = {k: True for k in "abcdefg"}
ASSESSMENT = {
    "professional": "Faglig forsvarlig.",
    "organisational": "Krever ny rutine.",
    "economic": "Kostnadsnøytralt.",
    "legal": "Avklart i tjenesteavtale.",
}
NO_STATEMENT = "Enhetene er representert i utvalget."
FOLLOW_UP = {"training": "Opplæring", "competence": "Hospitering", "economics": "Avklart"}


PROBLEM = "application/problem+json"


def raw_client(user=None) -> APIClient:
    """A client that answers a server error as a response, the way a real client sees it."""
    client = APIClient(raise_request_exception=False)
    if user is not None:
        client.force_authenticate(user)
    return client


def field_codes(response) -> set:
    return {(e["field"], e["code"]) for e in response.json()["errors"]}


def assert_problem(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status
    assert body["code"] == code
    return body


class Api:
    """Calls the API as one user after another."""

    def __init__(self):
        self.client = APIClient()

    def as_(self, user) -> APIClient:
        # Each real request loads the user afresh; drop the per-instance role cache likewise.
        forget_roles(user)
        self.client.force_authenticate(user=user)
        return self.client

    def get(self, user, url, **kw):
        return self.as_(user).get(url, **kw)

    def post(self, user, url, data=None, **kw):
        return self.as_(user).post(url, data or {}, format="json", **kw)

    # --- journey helpers ---------------------------------------------------------------
    def submit(self, user, **overrides):
        response = self.post(user, "/api/v1/task-transfers/", proposal(**overrides))
        assert response.status_code == 201, response.json()
        return response.json()

    def open_task(self, user, case_id, node=None):
        case = self.get(user, f"/api/v1/cases/{case_id}/").json()
        tasks = [t for t in case["open_tasks"] if node is None or t["name"] == node]
        assert tasks, case["open_tasks"]
        return tasks[0]

    def claim_and_complete(self, user, case_id, node, data, expect=200):
        task = self.open_task(user, case_id, node)
        claimed = self.post(user, f"/api/v1/tasks/{task['id']}/claim/")
        assert claimed.status_code == 200, claimed.json()
        response = self.post(user, f"/api/v1/tasks/{task['id']}/complete/", data)
        assert response.status_code == expect, response.json()
        return response

    def complete(self, user, task_id, data, expect=200, **kw):
        response = self.post(user, f"/api/v1/tasks/{task_id}/complete/", data, **kw)
        assert response.status_code == expect, response.json()
        return response


def panel_members(world) -> list[dict]:
    p = world.panel_people
    return [
        {"user": p["medical_trust"].pk, "competence": "medical"},
        {"user": p["medical_municipality"].pk, "competence": "medical"},
        {"user": p["nursing_trust"].pk, "competence": "nursing"},
        {"user": p["nursing_municipality"].pk, "competence": "nursing"},
        {"user": p["legal"].pk, "competence": "legal"},
        {"user": p["economic"].pk, "competence": "economic"},
        {"user": p["user_representative"].pk, "competence": "user_representative"},
        {"user": p["employee_representative"].pk, "competence": "employee_representative"},
    ]


def positions(*pairs) -> list[dict]:
    return [{"member": user.pk, "position": position} for user, position in pairs]


def approve_data(world, **overrides) -> dict:
    data = {
        "positions": positions(
            (world.ssu_trust, "agree"),
            (world.ssu_municipality, "agree"),
            (world.ssu_municipality2, "agree"),
        ),
        "outcome": "approve",
        "decision_text": "SSU vedtar overføringen.",
        "effective_on": (calendar.today() + timedelta(days=60)).isoformat(),
        "follow_up": FOLLOW_UP,
    }
    data.update(overrides)
    return data


def to_investigation(api, world, **overrides) -> str:
    """Submit, pass screening and appoint the full panel; returns the case id."""
    case_id = api.submit(world.proposer, **overrides)["id"]
    api.claim_and_complete(
        world.secretary, case_id, "screen", {"decision": "proceed", "criteria": CRITERIA_OK}
    )
    api.claim_and_complete(
        world.ssu_trust, case_id, "appoint_panel", {"members": panel_members(world)}
    )
    return case_id


def to_ssu(api, world, **overrides) -> str:
    case_id = to_investigation(api, world, **overrides)
    api.claim_and_complete(
        world.panel_people["legal"],
        case_id,
        "recommend",
        {"recommendation": "for", "assessment": ASSESSMENT, "no_statement_reason": NO_STATEMENT},
    )
    return case_id
