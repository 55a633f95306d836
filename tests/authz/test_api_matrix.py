"""Deny by default, for the whole REST API (R-PTY-2): every endpoint and method of the OpenAPI
schema, run as every demo user, an outsider from another community and an anonymous caller,
against real demo objects. The answer must be the one in `API` below; an endpoint of the
schema missing from `API` fails `test_every_endpoint_of_the_schema_is_in_the_matrix`.

How a cell's answer is found: an anonymous caller gets 401 (except on public endpoints); a
caller who may not see the target gets 404; otherwise the row names the answer by username,
named set or role group (`roles.py`), and everyone else gets `others`. A body problem gives 400
only to callers who would otherwise succeed. A denied call changes nothing, and no answer
mentions a case the caller may not see.

Every POST of a signed-in caller is also sent twice with one `Idempotency-Key`: the repeat
answers as the first call and changes nothing more. Every POST acting on a case (not on an
invoice, `NOT_A_CASE`) is also sent
with a stale `If-Match`: deny first, so who gets 403 or 404 still does (`stale_roles` names
who passes the first rights check and so is told 412); everyone else gets 412.
"""

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import timedelta

import pytest
from rest_framework.test import APIClient

from cases import calendar
from tests.factories import proposal
from workflows.demo import COMMUNITY_SLUG

from .roles import PERSONAS, expected, hidden_marks, sees
from .world import ANONYMOUS, OUTSIDER, World, consultation_answer, fingerprint, upload

CRITERIA_MET = {k: True for k in "abcdefg"}


@dataclass(frozen=True)
class On:
    """One target of an endpoint, and what each role gets there."""

    label: str
    sees: str  # whose visibility applies (a key of roles.SEES)
    params: Callable[[World], dict] = lambda w: {}
    others: int = 200
    roles: dict = field(default_factory=dict)
    body: Callable[[World, str], dict] | None = None
    bad_body: dict | None = None  # refused with 400, but only for callers who may act
    bad_roles: dict = field(default_factory=dict)  # who else gets 400 (the right needs the body)
    query: str = ""
    public: bool = False
    multipart: bool = False
    bad: bool = False  # this cell sends `bad_body`
    stale: bool = False  # this cell sends an `If-Match` the case no longer matches
    # who else gets 412: the first rights check lets them through, a later one refuses them
    stale_roles: dict = field(default_factory=dict)
    repeat: bool = False  # this cell sends the call twice with one `Idempotency-Key`
    # what a refused call is meant to write (model label → rows added), and nothing else
    writes: dict = field(default_factory=dict)

    def cells(self) -> list["On"]:
        if self.bad_body is None:
            return [self]
        return [self, replace(self, label=f"{self.label}, ugyldig innhold", bad=True)]

    def answer(self, username: str) -> int:
        if username == ANONYMOUS and not self.public:
            return 401
        if not self.public and not sees(self.sees, username):
            return 404
        status = expected(self.roles, username, self.others)
        if self.stale:
            # deny first: who may not act is told so; who may is told the case has changed
            status = expected(self.stale_roles, username, status)
            return status if status in (403, 404) else 412
        if self.bad:
            status = expected(self.bad_roles, username, status)
        return 400 if self.bad and 200 <= status < 300 else status


def case(name: str, key: str = "id", **kw) -> On:
    return On(name, name, lambda w: {key: w.cases[name].pk}, **kw)


# Which case each task target belongs to (for visibility).
TASK_CASE = {
    "screening_queue": "submitted",
    "screening_claimed": "screening_claimed",
    "panel_queue": "awaiting_panel",
    "ssu_claimed": "ssu_claimed",
    "finished": "approved",
    "foreign": "foreign",
    "answer": "objection",
}


def task(name: str, **kw) -> On:
    return On(name, TASK_CASE[name], lambda w: {"id": w.tasks[name].pk}, **kw)


def document(case_name: str, doc: str, **kw) -> On:
    return On(
        f"{doc} dokument i {case_name}",
        case_name,
        lambda w: {"case_pk": w.cases[case_name].pk, "id": w.documents[doc].pk},
        **kw,
    )


def ref(kind: str, name: str, sees: str = "community") -> On:
    return On(name, sees, lambda w: {"id": getattr(w, kind)[name].pk})


def signed_in(label: str = "", **kw) -> On:
    return On(label or "liste", "signed_in", **kw)


def invoice(name: str, **kw) -> On:
    return On(name, name, lambda w: {"id": w.invoices[name].pk}, **kw)


def objection_case(name: str = "objection", **kw) -> On:
    return On(name, name, lambda w: {"case_pk": w.cases[name].pk}, **kw)


# Journal, export and patient-data reads exist for objection cases only: another kind of
# case one may see answers 404 too.
OBJECTION_READS = [objection_case(), case("foreign", "case_pk", others=404)]


# --- bodies ---------------------------------------------------------------------------
def credentials(w, username):
    if username == ANONYMOUS:
        return {"username": "ukjent", "password": "feil"}
    return {"username": username, "password": "demo"}


def new_proposal(w, username):
    user = w.users.get(username)
    needs_community = user is not None and getattr(user.profile, "party", None) is None
    return proposal(**({"community": COMMUNITY_SLUG} if needs_community else {}))


def statement_to_medicine(w, username):
    return {"party": w.parties["trust"].pk, "unit": w.units["medicine"].pk}


def reassign_to(username_to):
    return lambda w, username: {"user": w.users[username_to].pk}


SCREEN_PROCEED = {"decision": "proceed", "criteria": CRITERIA_MET}


def new_invoice(w, username):
    """A one-line invoice of UNN HF to Tromsø kommune, numbered by the caller."""
    received = calendar.today() - timedelta(days=1)
    start = (received.replace(day=1) - timedelta(days=1)).replace(day=1)
    return {
        "number": f"MATRISE-{username}",
        "municipality": w.parties["tromso"].pk,
        "issued_on": received.isoformat(),
        "received_on": received.isoformat(),
        "lines": [
            {
                "patient_ref": "11111111111",
                "unit": w.units["medicine"].pk,
                "period_start": start.isoformat(),
                "period_end": (start + timedelta(days=1)).isoformat(),
                "days": 2,
                "amount": "8000.00",
            }
        ],
    }


def objection_on(target: str, position: int):
    """An objection to the invoice's line at `position` (one the demo has not objected to)."""

    def body(w, username):
        line = w.invoices[target].lines.get(position=position)
        return {"lines": [{"line": line.pk, "disputed_days": 1, "grounds": "Matrise."}]}

    return body


def answer_all_rejected(w, username):
    """R-OBJ-4: every disputed line of the demo objection with the unit, all days rejected."""
    return {
        "lines": [
            {
                "line": item.line_id,
                "accepted_days": 0,
                "rejected_days": item.disputed_days,
                "justification": "Kommunen ble varslet samme dag.",
            }
            for item in w.cases["objection"].lines.all()
        ]
    }


def new_dispute(w, username):
    """The caller's own party against the other kind of party of its community."""
    from cases.models import Party

    user = w.users.get(username)
    own = getattr(getattr(user, "profile", None), "party", None)
    if own is None:
        return {"parties": [w.parties["tromso"].pk, w.parties["trust"].pk]}
    other = Party.objects.filter(community=own.community).exclude(kind=own.kind).first()
    return {
        "parties": [own.pk, other.pk],
        "subject": "Uenighet om kostnadene ved utskrivning",
        "kind": "agreement",
    }


def dispute(**kw) -> On:
    return case("dispute", **kw)


def text(value: str):
    return lambda w, u: {"text": value}


def stage(kind: str):
    return lambda w, u: {"stage": kind}


# The claimant's side of the demo dispute (Tromsø kommune): who may withdraw it.
CLAIMANT = {"sekretariat.kommune": 200, "ssu.tromso": 200}

# Friday 1 March 2024, taken over Thursday 7 March (the seeded 2024 døgnpris applies).
USK_STAY = {
    "declared_ready_at": "2024-03-01T10:00:00+01:00",
    "notified_at": "2024-03-01T10:00:00+01:00",
    "taken_over_on": "2024-03-07",
}

# --- the matrix -----------------------------------------------------------------------
# Reads answer 200 to everyone who may see the object (404 to the rest, 401 anonymous).
CASE_READ = [case("submitted"), case("screening_claimed"), case("investigation"), case("foreign")]

API: dict[tuple[str, str], list[On]] = {
    # A refused sign-in is counted (lockout, `cases.services.sign_in`): one LoginFailure row.
    ("post", "/api/v1/auth/token/"): [
        On(
            "egne opplysninger",
            "signed_in",
            public=True,
            body=credentials,
            roles={ANONYMOUS: 400},
            writes={"cases.LoginFailure": 1},
        )
    ],
    # Anyone signed in revokes their own token.
    ("delete", "/api/v1/auth/token/"): [signed_in("eget token", others=204)],
    ("get", "/api/v1/me/"): [signed_in("meg")],
    ("get", "/api/v1/cases/"): [
        signed_in(),
        signed_in("annen parts saker", query="party={foreign_party}"),
        # the change feed from the start: every change of the cases one may see, no other
        signed_in("endringer", query="changed_after=0"),
    ],
    ("get", "/api/v1/cases/{id}/"): CASE_READ,
    ("get", "/api/v1/cases/{id}/events/"): CASE_READ,
    ("get", "/api/v1/cases/{case_pk}/documents/"): [
        case("submitted", "case_pk"),
        case("foreign", "case_pk"),
    ],
    # Whoever sees an open case may add a document to it; a closed case takes none.
    ("post", "/api/v1/cases/{case_pk}/documents/"): [
        case("submitted", "case_pk", others=201, body=upload, bad_body={}, multipart=True),
        case("approved", "case_pk", others=409, body=upload, multipart=True),
        case("foreign", "case_pk", others=201, body=upload, multipart=True),
    ],
    ("get", "/api/v1/cases/{case_pk}/documents/{id}/"): [
        document("submitted", "submitted"),
        document("foreign", "foreign"),
        # another case's document through a case one may see: not there
        document("submitted", "foreign", others=404),
    ],
    ("get", "/api/v1/cases/{case_pk}/documents/{id}/download/"): [
        document("submitted", "submitted"),
        document("foreign", "foreign"),
        document("submitted", "foreign", others=404),
    ],
    ("get", "/api/v1/committees/"): [signed_in()],
    ("get", "/api/v1/committees/{id}/"): [
        ref("committees", "ssu"),
        ref("committees", "panel", sees="investigation"),
        ref("committees", "foreign", sees="foreign"),
    ],
    ("get", "/api/v1/committees/{id}/members/"): [
        ref("committees", "ssu"),
        ref("committees", "panel", sees="investigation"),
        ref("committees", "foreign", sees="foreign"),
    ],
    ("get", "/api/v1/parties/"): [signed_in()],
    ("get", "/api/v1/parties/{id}/"): [
        ref("parties", "tromso"),
        ref("parties", "foreign", sees="foreign"),
    ],
    ("get", "/api/v1/units/"): [signed_in()],
    ("get", "/api/v1/units/{id}/"): [
        ref("units", "medicine"),
        ref("units", "foreign", sees="foreign"),
    ],
    # R-TT-1: anyone signed in may propose.
    ("post", "/api/v1/task-transfers/"): [
        signed_in("nytt forslag", others=201, body=new_proposal, bad_body={})
    ],
    ("get", "/api/v1/task-transfers/{id}/"): [
        case("submitted"),
        case("screening_claimed"),
        case("foreign"),
    ],
    # R-TT-5: only the case's own panel asks for statements, while it investigates.
    ("post", "/api/v1/task-transfers/{id}/statements/"): [
        case(
            "investigation",
            others=403,
            roles={"panel": 201, "panel_without_party": 201},
            body=statement_to_medicine,
            bad_body={},
        ),
        case("submitted", others=403, body=statement_to_medicine),
        case("foreign", others=403, body=statement_to_medicine),
    ],
    # The panel records a statement; the head of the addressed unit may answer it.
    ("post", "/api/v1/task-transfers/{id}/statements/{statement_id}/receive/"): [
        On(
            "åpen forespørsel",
            "investigation",
            lambda w: {"id": w.cases["investigation"].pk, "statement_id": w.statements["open"].pk},
            others=403,
            roles={"panel": 200, "panel_without_party": 200, "leder.medisin": 200},
            body=lambda w, u: {"text": "Klinikken støtter forslaget."},
            bad_body={"text": None},
        ),
        On(
            "mottatt forespørsel",
            "ssu_claimed",
            lambda w: {
                "id": w.cases["ssu_claimed"].pk,
                "statement_id": w.statements["received"].pk,
            },
            others=403,
            roles={"panel": 409, "panel_without_party": 409, "leder.kirurgi": 409},
            body=lambda w, u: {"text": "Igjen."},
        ),
        On(
            "annen sak sin forespørsel",
            "submitted",
            lambda w: {"id": w.cases["submitted"].pk, "statement_id": w.statements["open"].pk},
            others=404,
            body=lambda w, u: {"text": "Feil sak."},
        ),
    ],
    # R-TT-8: a municipality answers for itself; the secretariat registers answers it got.
    # Which party one may answer for is in the body: without it, all with a party get 400.
    ("post", "/api/v1/task-transfers/{id}/consultation-responses/"): [
        case(
            "consultation",
            others=201,
            roles={"secretariat": 201, "trust_staff": 403, "panel_without_party": 403},
            body=consultation_answer,
            bad_body={},
            bad_roles={"trust_staff": 400},
            stale_roles={"trust_staff": 412},
        ),
        case("submitted", others=409, roles={"panel_without_party": 403}, body=consultation_answer),
    ],
    # The proposer withdraws; the secretariat registers a withdrawal; a closed case is final.
    ("post", "/api/v1/task-transfers/{id}/withdraw/"): [
        case(
            "submitted",
            others=403,
            roles={"proposer": 200, "secretariat": 200},
            body=lambda w, u: {"reason": "Trekkes."},
            bad_body={"reason": {"ikke": "tekst"}},
        ),
        case("approved", others=403, roles={"proposer": 409, "secretariat": 409}),
        case("foreign", others=403, roles={"outsider": 200}),
    ],
    # Tvisteløsning: anyone with a party raises a dispute with the other side of its
    # community's agreement (the second community has no ladder: 400); no party, no dispute.
    ("post", "/api/v1/disputes/"): [
        signed_in(
            "ny tvist",
            others=201,
            roles={"panel_without_party": 403, "patient": 403, "outsider": 400},
            body=new_dispute,
            bad_body={},
        )
    ],
    # The demo dispute: in the dialogue, both positions stated, no disagreement record yet.
    # Only its two parties see it, and every one of their users acts for their party.
    ("get", "/api/v1/disputes/{id}/"): [dispute(), case("submitted", others=404)],
    ("get", "/api/v1/disputes/{id}/interest/"): [
        dispute(query="principal=100000&start=2023-06-01&end=2023-08-01")
    ],
    ("post", "/api/v1/disputes/{id}/positions/"): [
        dispute(body=text("Vi står fast på vårt standpunkt."), bad_body={"text": None})
    ],
    ("post", "/api/v1/disputes/{id}/record-disagreement/"): [dispute()],
    ("post", "/api/v1/disputes/{id}/consent/"): [
        dispute(body=stage("national_board"), bad_body={"stage": "ukjent"})
    ],
    # R-DSP-1: out of the dialogue only with the disagreement record.
    ("post", "/api/v1/disputes/{id}/escalate/"): [dispute(others=409, body=stage("court"))],
    # The dialogue gives no statement, so none to record and none to accept as binding.
    ("post", "/api/v1/disputes/{id}/statement/"): [dispute(others=409, body=text("Uttalelse."))],
    ("post", "/api/v1/disputes/{id}/accept-binding/"): [dispute(others=409)],
    ("post", "/api/v1/disputes/{id}/resolve/"): [
        dispute(body=lambda w, u: {"terms": "Kostnadene deles likt."}, bad_body={"terms": 5})
    ],
    ("post", "/api/v1/disputes/{id}/withdraw/"): [
        dispute(
            others=403,
            roles=CLAIMANT,
            body=lambda w, u: {"reason": "Løst i møte."},
            bad_body={"reason": ["liste"]},
        )
    ],
    # R-USK-1..5 as a tool: anyone of a party of a community with billing terms (the demo
    # community's UNN profile); no party, no answer; the second community has no terms (409).
    ("post", "/api/v1/usk/chargeable-days/"): [
        signed_in(
            "ett opphold",
            roles={"panel_without_party": 403, "patient": 403, "outsider": 409},
            body=lambda w, u: USK_STAY,
            bad_body={"declared_ready_at": "2024-03-01T10:00:00"},
        )
    ],
    # Fakturainnsigelse (R-OBJ-1, R-OBJ-2, R-AUD-2): an invoice is seen by its two parties
    # only; the trust's accounting registers, the municipality objects, the trust's
    # accounting or cooperation section accepts an objection after the deadline.
    ("get", "/api/v1/invoices/"): [signed_in()],
    ("post", "/api/v1/invoices/"): [
        signed_in("ny faktura", others=403, roles={"regnskap": 201}, body=new_invoice, bad_body={})
    ],
    ("get", "/api/v1/invoices/{id}/"): [invoice("invoice"), invoice("foreign_invoice")],
    ("post", "/api/v1/invoices/{id}/late-acceptance/"): [
        invoice(
            "invoice",
            others=403,
            roles={"regnskap": 200, "samhandling": 200},
            body=lambda w, u: {"reason": "Sendt til feil adresse."},
            bad_body={"reason": 5},
        ),
        invoice("foreign_invoice", others=403, body=lambda w, u: {"reason": "Feil."}),
    ],
    ("post", "/api/v1/invoices/{id}/objections/"): [
        invoice(
            "invoice",
            others=403,
            roles={"tromso_staff": 201},
            body=objection_on("invoice", 4),
            bad_body={},
        ),
        invoice(
            "foreign_invoice",
            others=403,
            roles={"outsider": 201},
            body=objection_on("foreign_invoice", 1),
        ),
    ],
    ("get", "/api/v1/cases/{case_pk}/journal/"): OBJECTION_READS,
    ("get", "/api/v1/cases/{case_pk}/journal/export/"): OBJECTION_READS,
    ("get", "/api/v1/cases/{case_pk}/patient-data-reads/"): OBJECTION_READS,
    ("get", "/api/v1/tasks/"): [signed_in("innboks"), signed_in("kø", query="scope=queue")],
    ("get", "/api/v1/tasks/{id}/"): [task("screening_queue"), task("foreign"), task("answer")],
    # Claim: the step's committee only; a task taken or done is a state problem (409).
    ("post", "/api/v1/tasks/{id}/claim/"): [
        task("screening_queue", others=403, roles={"secretariat": 200}),
        task("screening_claimed", others=403, roles={"secretariat": 409}),
        task("panel_queue", others=403, roles={"ssu": 200}),
        task("foreign", others=403),
    ],
    # Release: only the one who holds the task. Who has the task's role is told of its
    # state first, so a stale If-Match is 412 to them (the engine's deny-first check).
    ("post", "/api/v1/tasks/{id}/release/"): [
        task(
            "screening_claimed",
            others=403,
            roles={"sekretariat": 200},
            stale_roles={"secretariat": 412},
        ),
        task("ssu_claimed", others=403, roles={"ssu.tromso": 200}, stale_roles={"ssu": 412}),
        task("screening_queue", others=403, roles={"secretariat": 409}),
    ],
    # Reassign: the secretariat (the cooperation section for objections), to someone who
    # holds the task's role.
    ("post", "/api/v1/tasks/{id}/reassign/"): [
        task(
            "screening_queue",
            others=403,
            roles={"secretariat": 200},
            body=reassign_to("sekretariat.kommune"),
            bad_body={},
        ),
        task("ssu_claimed", others=403, roles={"secretariat": 200}, body=reassign_to("ssu.unn")),
        task("finished", others=403, roles={"secretariat": 409}, body=reassign_to("sekretariat")),
        task("foreign", others=403, body=reassign_to(OUTSIDER)),
        # An objection's tasks are the cooperation section's to distribute, not the
        # secretariat's (R-OBJ-3).
        task("answer", others=403, roles={"samhandling": 200}, body=reassign_to("samhandling")),
    ],
    # Complete: only the one who holds the task, with the step's fields; the rest of the
    # step's committee learns why not (409), everyone else gets 403.
    ("post", "/api/v1/tasks/{id}/complete/"): [
        task(
            "screening_claimed",
            others=403,
            roles={"sekretariat": 200},
            body=lambda w, u: SCREEN_PROCEED,
            bad_body={},
            stale_roles={"secretariat": 412},
        ),
        task("finished", others=403, roles={"secretariat": 409}, body=lambda w, u: SCREEN_PROCEED),
        task("screening_queue", others=403, roles={"secretariat": 409}, body=lambda w, u: {}),
        # R-OBJ-3: the unit's head holds the answer; the cooperation section, whose queue it
        # would wait in, is told it is someone else's (and of a stale If-Match first).
        task(
            "answer",
            others=403,
            roles={"leder.medisin": 200},
            body=answer_all_rejected,
            bad_body={},
            stale_roles={"samhandling": 412},
        ),
    ],
}

USERS = PERSONAS


# POSTs on an object that is not a case (an invoice): no case `ETag` to match.
NOT_A_CASE = ("/api/v1/invoices/",)


def conditional_cells(method: str, path: str, on: On) -> list[On]:
    """Every POST of a signed-in caller is also sent twice with one `Idempotency-Key`, and
    every POST acting on a case (its path names it) with a stale `If-Match`."""
    if method != "post" or on.public or on.bad:
        return []
    cells = [replace(on, label=f"{on.label}, Idempotency-Key to ganger", repeat=True)]
    if "{" in path and not path.startswith(NOT_A_CASE):
        cells.append(replace(on, label=f"{on.label}, foreldet If-Match", stale=True))
    return cells


CELLS = [
    pytest.param(method, path, on, username, id=f"{method} {path} [{on.label}] {username}")
    for (method, path), targets in API.items()
    for target in targets
    for cell in target.cells()
    for on in [cell, *conditional_cells(method, path, cell)]
    for username in USERS
]


def _url(w: World, path: str, on: On) -> str:
    url = path.format(**{k: str(v) for k, v in on.params(w).items()})
    if on.query:
        url += "?" + on.query.format(foreign_party=w.parties["foreign"].pk)
    return url


STALE_ETAG = '"foreldet"'


def _call(w: World, method: str, path: str, on: On, username: str):
    client = APIClient()
    headers = {}
    if username != ANONYMOUS:
        headers["HTTP_AUTHORIZATION"] = f"Token {w.tokens[username]}"
    if on.stale:
        headers["HTTP_IF_MATCH"] = STALE_ETAG
    if on.repeat:
        headers["HTTP_IDEMPOTENCY_KEY"] = f"matrise-{username}"
    client.credentials(**headers)
    url = _url(w, path, on)
    if method in ("get", "delete"):
        return getattr(client, method)(url)
    body = on.bad_body if on.bad else (on.body(w, username) if on.body else {})
    if on.multipart:
        return client.post(url, body, format="multipart")
    return client.post(url, body, format="json")


@pytest.mark.parametrize(("method", "path", "on", "username"), CELLS)
def test_api_answers_as_the_matrix_says(w, method, path, on, username):
    """R-PTY-2: the answer of each endpoint to each role is the one in the matrix; a denial
    changes nothing; no answer mentions a case the caller may not see."""
    want = on.answer(username)
    before = fingerprint() if want >= 400 else None
    response = _call(w, method, path, on, username)
    if on.repeat:
        once = fingerprint()
        again = _call(w, method, path, on, username)
        assert again.status_code == response.status_code, "a repeat answered otherwise"
        assert fingerprint() == once, "a repeat with the same Idempotency-Key acted again"
    content = b"".join(response.streaming_content) if response.streaming else response.content
    body = content.decode("utf-8", errors="replace")
    assert response.status_code == want, body[:500]
    if want >= 400:
        assert response["Content-Type"].startswith("application/problem+json"), body[:200]
        assert fingerprint() == with_writes(before, on.writes), (
            "a refused call changed the database"
        )
    else:
        leaked = [m for m in hidden_marks(w, username) if m in body]
        assert not leaked, f"the answer mentions cases {username} may not see: {leaked}"


def with_writes(fingerprint_before: tuple, writes: dict) -> tuple:
    """The fingerprint after a refused call that adds the rows `writes` names."""
    from django.apps import apps

    rows, *rest = fingerprint_before
    rows = dict(rows)
    for label, added in writes.items():
        rows[apps.get_model(label)._meta.db_table] += added
    return (rows, *rest)


def _schema_operations() -> set[tuple[str, str]]:
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    methods = {"get", "post", "put", "patch", "delete"}
    return {
        (method, path)
        for path, operations in schema["paths"].items()
        for method in operations
        if method in methods
    }


def test_every_endpoint_of_the_schema_is_in_the_matrix():
    """A new endpoint (the dispute and invoice processes, …) must get its row in `API`."""
    operations = _schema_operations()
    missing = sorted(operations - set(API))
    stale = sorted(set(API) - operations)
    assert not missing, f"endpoints without a row in the authorisation matrix: {missing}"
    assert not stale, f"matrix rows for endpoints the schema no longer has: {stale}"
    assert all(API.values()), "every row names at least one target"
