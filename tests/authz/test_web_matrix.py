"""Deny by default, for the web pages (R-PTY-2): every URL pattern of the site (our case pages
and the viewflow app of each process, `workflows/urls.py`) is opened as a user of every role,
an outsider and an anonymous visitor. The answer must be the one in `WEB` below; a URL
pattern missing from `WEB` fails `test_every_web_page_is_in_the_matrix`.

As in the API matrix: anonymous visitors are sent to the login page (302), a visitor who may
not see the case gets 404, and otherwise the row says. `REFUSED` is how the case pages refuse
an action: back to the case page (302) with an error message, and nothing changed.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .roles import expected, hidden_marks, sees
from .world import ANONYMOUS, OUTSIDER, World, consultation_answer, fingerprint, upload

REFUSED = "refused"  # 302 back to the case, with an error message; nothing changed

WEB_PERSONAS = [
    "sekretariat",
    "sekretariat.kommune",
    "ssu.tromso",
    "fastlege.senja",
    "lege.unn",
    "brukerrep",
    "leder.medisin",
    "forslag.harstad",
    "pasient",
    "regnskap",
    "samhandling",
    OUTSIDER,
    ANONYMOUS,
]


@dataclass(frozen=True)
class Page:
    """One web page (or action) on one target, and what each role gets there."""

    sees: str  # a key of roles.SEES
    kwargs: Callable[[World], dict] = lambda w: {}
    others: object = 200
    roles: dict = field(default_factory=dict)
    method: str = "get"
    data: Callable[[World, str], dict] | None = None
    public: bool = False  # anonymous visitors get the row's answer, not the login page
    to: Callable[[World], str] | None = None  # where a 302 for those who may see it leads
    query: Callable[[World], dict] | None = None  # a GET's query string

    def answer(self, username: str):
        if username == ANONYMOUS and not self.public:
            return 302
        if not self.public and not sees(self.sees, username):
            return 404
        return expected(self.roles, username, self.others)


def on_case(name: str, **kw) -> Page:
    return Page(name, lambda w: {"pk": w.cases[name].pk}, **kw)


def invoice_page(name: str, **kw) -> Page:
    return Page(name, lambda w: {"pk": w.invoices[name].pk}, **kw)


# One stay for «Beregn betalingsdøgn»: computed under the caller's community's terms.
USK_QUERY = {
    "declared_ready_at": "2024-03-04T09:00",
    "notified_at": "2024-03-04T10:00",
    "taken_over_on": "2024-03-08",
}


# --- viewflow's pages for each node of each flow ---------------------------------------
# flow namespace → node → (case whose task is used, who holds the node's task)
FLOW_NODES = {
    "tasktransfer": {
        "start": ("submitted", None),
        "screen": ("screening_claimed", "sekretariat"),
        "after_screen": ("awaiting_panel", None),
        "appoint_panel": ("awaiting_panel", None),
        "recommend": ("investigation", None),
        "after_recommend": ("gp_review", None),
        "gp_council": ("gp_review", None),
        "ssu_decide": ("ssu_claimed", "ssu.tromso"),
        "after_ssu": ("approved", None),
        "consultation": ("consultation", None),
        "end": ("approved", None),
        # No demo case has passed the gate after a consultation yet: its pages are opened
        # with the end task of the approved case (viewflow does not check that the task is
        # of the node in the URL; what counts here is that the case's visibility applies).
        "after_consultation": ("approved", None),
    },
    # The dispute's stage task is assigned to the one who opened it (sekretariat.kommune).
    "dispute": {
        "start": ("dispute", None),
        "follow_up": ("dispute", "sekretariat.kommune"),
        "after_follow_up": ("dispute_resolved", None),
        "end": ("dispute_resolved", None),
    },
    # Fakturainnsigelse: the answer is the unit head's, the review the objector's
    # (sekretariat.kommune), the appeal decision waits in the cooperation section's queue;
    # the cosignature and the last review are done tasks of the case at the board: nobody
    # may act on them.
    "invoiceobjection": {
        "start": ("objection", None),
        "answer": ("objection", "leder.medisin"),
        "after_answer": ("objection_answered", None),
        "review": ("objection_answered", "sekretariat.kommune"),
        "after_review": ("objection_appealed", None),
        "appeal_decision": ("objection_appealed", None),
        "cosign": ("objection_board", None),
        "after_cosign": ("objection_board", None),
        "review_decision": ("objection_board", None),
        "end": ("objection_board", None),
    },
}
# The case whose process each flow's process pages are opened with.
PROCESS_CASE = {"tasktransfer": "submitted", "dispute": "dispute", "invoiceobjection": "objection"}
# Who may take the node's task from the queue (it is unclaimed in the demo).
QUEUE_OF = {
    "appoint_panel": {"ssu": 200},
    "recommend": {"panel": 200, "panel_without_party": 200},
    "gp_council": {"gp_council": 200},
    "appeal_decision": {"cooperation_section": 200},
    # done: nobody takes them
    "cosign": {},
    "review_decision": {},
}
WAITING_NODES = ("start", "end", "consultation")
# Done tasks (FLOW_NODES names no holder): viewflow still shows the one who did it the
# release page (a GET; releasing a done task is refused on POST).
DONE_BY = {"review_decision": "sekretariat.kommune"}


def node_task(w: World, flow: str, node: str):
    from viewflow.workflow.models import Task

    case_name, _ = FLOW_NODES[flow][node]
    tasks = Task.objects.filter(process=w.cases[case_name].process).order_by("-pk")
    if node == "after_consultation":
        return tasks.filter(flow_task_type="END").get()
    return next(t for t in tasks if t.flow_task.name == node)


def node_pages(flow: str, node: str) -> dict[str, Page]:
    case_name, owner = FLOW_NODES[flow][node]

    def kwargs(w):
        t = node_task(w, flow, node)
        return {"process_pk": t.process_id, "task_pk": t.pk}

    def page(**kw):
        return Page(case_name, kwargs, **kw)

    owner_only = {owner: 200} if owner else {}
    done_by = {DONE_BY[node]: 200} if node in DONE_BY else {}
    pages = {
        "index": page(others=302),  # on to the task's detail or form
        "detail": page(),
    }
    if node not in WAITING_NODES and not node.startswith("after_"):
        pages |= {
            "execute": page(others=403, roles=owner_only),
            "assign": page(others=403, roles={} if owner else QUEUE_OF[node]),
            "unassign": page(others=403, roles=owner_only or done_by),
        }
    return pages


def process_page(flow: str, **kw) -> Page:
    case_name = PROCESS_CASE[flow]
    return Page(case_name, lambda w: {"process_pk": w.cases[case_name].process.pk}, **kw)


def flow_pages(flow: str) -> dict[str, list[Page]]:
    """viewflow's lists, charts, process and node pages of one flow."""
    case_name = PROCESS_CASE[flow]
    return {
        # lists and charts: everyone signed in, cut to the cases they may see
        **{
            f"{flow}:{name}": [Page(EVERYONE)]
            for name in ("index", "process_list", "task_list", "inbox", "queue", "archive")
        },
        f"{flow}:chart": [Page(EVERYONE)],
        # bulk claim / release: without tasks chosen, back to the list
        f"{flow}:tasks_assign": [Page(EVERYONE, others=302)],
        f"{flow}:tasks_unassign": [Page(EVERYONE, others=302)],
        # viewflow's process page says less than the case page: on to the case page
        f"{flow}:process_detail": [
            process_page(
                flow,
                others=302,
                to=lambda w: reverse("saker:detail", args=[w.cases[case_name].pk]),
            )
        ],
        f"{flow}:process_chart": [process_page(flow)],
        **{
            f"{flow}:{node}:{action}": [page]
            for node in FLOW_NODES[flow]
            for action, page in node_pages(flow, node).items()
        },
    }


EVERYONE = "signed_in"

WEB: dict[str, list[Page]] = {
    "login": [Page(EVERYONE, others=302, roles={ANONYMOUS: 200}, public=True)],
    "logout": [Page(EVERYONE, others=302, method="post", public=True)],
    "index": [Page(EVERYONE)],
    # case pages
    "saker:index": [Page(EVERYONE)],
    "saker:detail": [
        on_case("submitted"),
        on_case("screening_claimed"),
        on_case("foreign"),
        on_case("dispute"),  # the ladder, and the actions for the two parties only
        on_case("dispute_resolved"),
        on_case("objection"),  # the lines with NPR-IDs: the invoice's two parties only
        on_case("objection_board"),
    ],
    "saker:proposal": [Page(EVERYONE)],  # R-TT-1: anyone may propose
    "saker:document_upload": [
        on_case("submitted", others=302, method="post", data=upload),
        on_case("approved", others=REFUSED, method="post", data=upload),
    ],
    "saker:document": [
        Page(
            "submitted",
            lambda w: {"pk": w.cases["submitted"].pk, "document_pk": w.documents["submitted"].pk},
        ),
        Page(
            "submitted",
            lambda w: {"pk": w.cases["submitted"].pk, "document_pk": w.documents["foreign"].pk},
            others=404,
        ),
    ],
    "saker:decision_letter": [
        on_case("approved"),
        on_case("submitted", others=404),
        on_case("dispute_resolved"),
        on_case("dispute", others=404),
        on_case("objection_board"),
        on_case("objection", others=404),
    ],
    "saker:decision_letter_pdf": [
        on_case("approved"),
        on_case("submitted", others=404),
        on_case("dispute_resolved"),
        on_case("dispute", others=404),
        on_case("objection_board"),
        on_case("objection", others=404),
    ],
    "saker:summary_pdf": [on_case("approved"), on_case("rejected")],
    "saker:task_reassign": [
        Page(
            "submitted",
            lambda w: {"pk": w.cases["submitted"].pk, "task_pk": w.tasks["screening_queue"].pk},
            others=REFUSED,
            roles={"secretariat": 302},
            method="post",
            data=lambda w, u: {"user": w.users["sekretariat.kommune"].pk},
        )
    ],
    # R-TT-5
    "saker:statement_request": [
        on_case(
            "investigation",
            others=REFUSED,
            roles={"panel": 302, "panel_without_party": 302},
            method="post",
            data=lambda w, u: {"party": w.parties["trust"].pk, "unit": w.units["medicine"].pk},
        )
    ],
    "saker:statement_receive": [
        Page(
            "investigation",
            lambda w: {
                "pk": w.cases["investigation"].pk,
                "statement_pk": w.statements["open"].pk,
            },
            others=REFUSED,
            roles={"panel": 302, "panel_without_party": 302, "leder.medisin": 302},
            method="post",
            data=lambda w, u: {"text": "Klinikken støtter forslaget."},
        )
    ],
    "saker:withdraw": [
        on_case(
            "submitted",
            others=REFUSED,
            roles={"proposer": 302, "secretariat": 302},
            method="post",
            data=lambda w, u: {"reason": "Trekkes."},
        )
    ],
    # R-TT-8: everyone who sees the case reads the consultation; consultees answer.
    "saker:consultation": [
        on_case("consultation"),
        on_case(
            "consultation",
            others=302,
            roles={"trust_staff": 403, "panel_without_party": 403, "secretariat": 302},
            method="post",
            data=consultation_answer,
        ),
    ],
    # Tvisteløsning: anyone signed in opens the page (only a party may open a dispute); the
    # two parties act on the case page, and every refusal is a message that changes nothing.
    # "dispute" is in the dialogue with both positions stated and no disagreement record.
    "saker:dispute_open": [Page(EVERYONE)],
    "saker:dispute_position": [
        on_case("dispute", others=302, method="post", data=lambda w, u: {"text": "Vårt syn."})
    ],
    "saker:dispute_disagreement": [
        on_case("dispute", others=302, method="post"),
        on_case("dispute_recorded", others=REFUSED, method="post"),  # drafted already
    ],
    "saker:dispute_disagreement_page": [
        on_case("dispute_recorded"),
        on_case("dispute", others=404),
    ],
    "saker:dispute_disagreement_pdf": [
        on_case("dispute_recorded"),
        on_case("dispute", others=404),
    ],
    "saker:dispute_consent": [
        on_case("dispute", others=302, method="post", data=lambda w, u: {"stage": "national_board"})
    ],
    # R-DSP-1: no disagreement record yet
    "saker:dispute_escalate": [
        on_case(
            "dispute", others=REFUSED, method="post", data=lambda w, u: {"stage": "national_board"}
        )
    ],
    # the dialogue gives no statement, and there is none to accept as binding
    "saker:dispute_statement": [
        on_case("dispute", others=REFUSED, method="post", data=lambda w, u: {"text": "Uttalelse"})
    ],
    "saker:dispute_binding": [on_case("dispute", others=REFUSED, method="post")],
    "saker:dispute_resolve": [
        on_case("dispute", others=302, method="post", data=lambda w, u: {"terms": "Enige."}),
        on_case("dispute", others=REFUSED, method="post", data=lambda w, u: {"terms": " "}),
    ],
    # only the party that raised it withdraws it
    "saker:dispute_withdraw": [
        on_case("dispute", others=REFUSED, roles={"tromso_staff": 302}, method="post")
    ],
    # Fakturainnsigelse (R-AUD-2, R-OBJ-2, R-USK-1..6): the invoices of the caller's party
    # (list and page, 404 for anyone else), the calculator for anyone signed in, the late
    # acceptance for the trust's accounting and cooperation section only, the journal export
    # and the decision letter of an objection for its two parties.
    "saker:invoice_list": [Page(EVERYONE)],
    "saker:invoice_detail": [
        invoice_page("invoice"),
        invoice_page("foreign_invoice"),
        # R-OBJ-2: only Tromsø (the payer) gets the form back with the service's error (no
        # line chosen); anyone else of the two parties is refused, and nothing changes
        invoice_page("invoice", others=REFUSED, roles={"tromso_staff": 200}, method="post"),
    ],
    "saker:invoice_accept_late": [
        invoice_page(
            "invoice",
            others=REFUSED,
            roles={"regnskap": 302, "samhandling": 302},
            method="post",
            data=lambda w, u: {"reason": "Fakturaen ble sendt til feil adresse."},
        ),
        invoice_page("invoice", others=REFUSED, method="post", data=lambda w, u: {"reason": ""}),
    ],
    "saker:usk_chargeable_days": [
        Page(EVERYONE),
        Page(EVERYONE, query=lambda w: USK_QUERY),  # a result, or the page says why not
    ],
    "saker:objection_journal_export": [
        on_case("objection"),
        on_case("objection_board"),
        on_case("dispute", others=404),  # no journal: not an objection
    ],
    **flow_pages("tasktransfer"),
    **flow_pages("dispute"),
    **flow_pages("invoiceobjection"),
}

CELLS = [
    pytest.param(name, page, username, id=f"{name} [{page.method} {page.sees}] {username}")
    for name, pages in WEB.items()
    for page in pages
    for username in WEB_PERSONAS
]


@pytest.mark.parametrize(("name", "page", "username"), CELLS)
def test_web_answers_as_the_matrix_says(w, name, page, username):
    """R-PTY-2: each page answers each role as the matrix says; a refusal changes nothing;
    no page shows a case the visitor may not see."""
    want = page.answer(username)
    client = Client()
    if username != ANONYMOUS:
        client.cookies[settings.SESSION_COOKIE_NAME] = w.sessions[username]
    url = reverse(name, kwargs={k: v for k, v in page.kwargs(w).items()})
    denied = want in (403, 404, REFUSED) or (username == ANONYMOUS and not page.public)
    before = fingerprint() if denied else None
    if page.method == "post":
        response = client.post(url, page.data(w, username) if page.data else {})
    else:
        response = client.get(url, page.query(w) if page.query else None)
    status = 302 if want == REFUSED else want
    assert response.status_code == status
    if denied:
        assert fingerprint() == before, "a refused page changed the database"
    if username == ANONYMOUS and not page.public:
        assert response["Location"].startswith(reverse("login"))
    elif want == 302 and page.to is not None:
        assert response["Location"] == page.to(w)
    if response.status_code == 200 and not response.streaming:
        body = response.content.decode("utf-8", errors="replace")
        leaked = [m for m in hidden_marks(w, username) if m in body]
        assert not leaked, f"the page shows cases {username} may not see: {leaked}"


# viewflow's manager actions move the flow without the case services (the case would no longer
# match its flow), so the site has no URL for them (`workflows/web/site.py`, UNOFFERED): the
# paths viewflow would give them are not found, for everyone, and calling them changes nothing.
MANAGER_ACTIONS = ("cancel", "undo", "revive")
GONE = [
    *(
        (f"{flow}:{node}:index", action)
        for flow, nodes in FLOW_NODES.items()
        for node in nodes
        for action in MANAGER_ACTIONS
    ),
    *((f"{flow}:process_detail", "cancel") for flow in FLOW_NODES),
]


def gone_url(w: World, name: str, action: str) -> str:
    flow, *rest = name.split(":")
    if rest == ["process_detail"]:
        kwargs = {"process_pk": w.cases[PROCESS_CASE[flow]].process.pk}
    else:
        t = node_task(w, flow, rest[0])
        kwargs = {"process_pk": t.process_id, "task_pk": t.pk}
    return reverse(name, kwargs=kwargs) + f"{action}/"


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("username", WEB_PERSONAS)
@pytest.mark.parametrize(("name", "action"), GONE, ids=[f"{n}+{a}" for n, a in GONE])
def test_viewflow_manager_actions_are_not_found(w, name, action, username, method):
    """R-PTY-2: cancel, undo and revive of a task or a process are 404 for every role, also
    on a case one may see, and a call changes nothing."""
    client = Client()
    if username != ANONYMOUS:
        client.cookies[settings.SESSION_COOKIE_NAME] = w.sessions[username]
    url = gone_url(w, name, action)
    before = fingerprint()
    response = getattr(client, method)(url)
    assert response.status_code == 404, url
    assert fingerprint() == before, "a manager action changed the database"


def _url_names(patterns, namespace: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if str(pattern.pattern) not in ("admin/", "api/v1/"):
                yield from _url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}"


def test_every_web_page_is_in_the_matrix():
    """A new page (a process's views, a new viewflow node) must get its row in `WEB`."""
    names = set(_url_names(get_resolver().url_patterns))
    assert not sorted(names - set(WEB)), f"pages without a row in the matrix: {names - set(WEB)}"
    assert not sorted(set(WEB) - names), f"rows for pages that no longer exist: {set(WEB) - names}"
