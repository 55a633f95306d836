"""A REST client needs nothing but the API: a proposal goes from submission to approval over
HTTP with token authentication, and every id the client sends is discovered from the API
(R-TT-1..R-TT-11). The only things the client knows are the users' names and passwords."""

from datetime import timedelta

from rest_framework.test import APIClient

from cases import calendar
from tests.factories import proposal


class Client:
    """One person's REST client, signed in with a token."""

    def __init__(self, username: str):
        self.http = APIClient()
        token = self.http.post(
            "/api/v1/auth/token/", {"username": username, "password": "demo"}, format="json"
        )
        assert token.status_code == 200, token.json()
        self.http.credentials(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")
        self.me = self.get("/api/v1/me/")

    def get(self, url):
        response = self.http.get(url)
        assert response.status_code == 200, (url, response.json())
        return response.json()

    def post(self, url, data=None, expect=(200, 201)):
        response = self.http.post(url, data or {}, format="json")
        assert response.status_code in expect, (url, response.json())
        return response.json()

    def task(self, case_id: str, name: str) -> dict:
        """The task of `case_id` called `name` in my queue, with its form, claimed by me."""
        queue = self.get("/api/v1/tasks/?scope=queue")
        task = next(t for t in queue if t["case"] == case_id and t["name"] == name)
        self.post(f"/api/v1/tasks/{task['id']}/claim/")
        return self.get(f"/api/v1/tasks/{task['id']}/")

    def complete(self, task: dict, data: dict) -> dict:
        return self.post(f"/api/v1/tasks/{task['id']}/complete/", data)


def _field(form: list[dict], *path: str) -> dict:
    """A field of a task's form, following nested `fields` (e.g. "members", "user")."""
    fields, field = form, None
    for name in path:
        field = next(f for f in fields if f["name"] == name)
        fields = field.get("fields", [])
    return field


def test_a_proposal_from_submission_to_approval_through_http_only(world):
    proposer = Client(world.proposer.username)
    case = proposer.post("/api/v1/task-transfers/", proposal())
    case_id = case["id"]
    assert case["status"] == "submitted"

    # R-TT-2: the secretariat screens against criteria a–g, named by the form.
    secretary = Client(world.secretary.username)
    task = secretary.task(case_id, "screen")
    criteria = [f["name"] for f in _field(task["form"], "criteria")["fields"]]
    assert criteria == list("abcdefg")
    secretary.complete(task, {"decision": "proceed", "criteria": dict.fromkeys(criteria, True)})

    # R-TT-4: the SSU appoints the panel from the pool the form points to.
    ssu = Client(world.ssu_trust.username)
    task = ssu.task(case_id, "appoint_panel")
    pool = ssu.get(_field(task["form"], "members", "user")["choices_url"])
    members = [{"user": m["user"], "competence": m["competence"]} for m in pool]
    assert {m["competence"] for m in members} >= {"medical", "legal", "user_representative"}
    ssu.complete(task, {"members": members})

    # R-TT-5: a panel member (who logs in as herself) asks the trust's clinic for a statement
    # and records it.
    panel = Client(world.panel_people["legal"].username)
    assert panel.me["id"] in [m["user"] for m in members]
    trust = next(p for p in panel.get("/api/v1/parties/") if p["kind"] == "health_trust")
    unit = next(u for u in panel.get("/api/v1/units/") if u["party"]["id"] == trust["id"])
    statement = panel.post(
        f"/api/v1/task-transfers/{case_id}/statements/", {"party": trust["id"], "unit": unit["id"]}
    )
    panel.post(
        f"/api/v1/task-transfers/{case_id}/statements/{statement['id']}/receive/",
        {"text": "Klinikken støtter overføringen."},
    )
    task = panel.task(case_id, "recommend")
    sides = [f["name"] for f in _field(task["form"], "assessment")["fields"]]
    panel.complete(
        task,
        {"recommendation": "for", "assessment": dict.fromkeys(sides, "Vurdert og avklart.")},
    )

    # R-TT-9, R-TT-10: the SSU decides by consensus of the members the form points to.
    task = ssu.task(case_id, "ssu_decide")
    committee = ssu.get(_field(task["form"], "positions", "member")["choices_url"])
    follow_up = [f["name"] for f in _field(task["form"], "follow_up")["fields"]]
    decided = ssu.complete(
        task,
        {
            "positions": [{"member": m["user"], "position": "agree"} for m in committee],
            "outcome": "approve",
            "decision_text": "SSU vedtar overføringen.",
            "effective_on": (calendar.today() + timedelta(days=30)).isoformat(),
            "follow_up": dict.fromkeys(follow_up, "Avtalt."),
        },
    )
    assert decided["status"] == "approved"
    assert decided["ssu_case_number"].endswith(f"/{calendar.today().year % 100:02d}")
    assert proposer.get(f"/api/v1/cases/{case_id}/")["status_display"] == "Vedtatt overført"


def test_each_id_field_of_every_form_says_where_its_values_come_from(world):
    """Every form field that takes ids carries a `choices_url` that answers."""
    from tests.journey import ALL_MET, open_task, step, submit

    case = submit(world)
    step(world.secretary, case, "screen", {"decision": "proceed", "criteria": ALL_MET})
    ssu = Client(world.ssu_trust.username)
    task = ssu.get(f"/api/v1/tasks/{open_task(case).pk}/")

    def id_fields(fields):
        for f in fields:
            if f["type"] in ("id", "array") and "fields" not in f:
                yield f
            yield from id_fields(f.get("fields", []))

    found = list(id_fields(task["form"]))
    assert found, task["form"]
    for field in found:
        assert field.get("choices_url"), field
        assert isinstance(ssu.get(field["choices_url"]), list)
