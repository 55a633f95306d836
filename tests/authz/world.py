"""The world the authorisation matrices run in: the real demo community (Helsefellesskapet
Troms og Ofoten, `workflows.demo.load_demo`) plus a second community with one case, so every
demo user has something that is not theirs to see.

Targets are real objects picked by what they are (the case on consultation, the screening task
the secretariat has claimed, …), so the matrices read as "this role, on that kind of object".
"""

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.authtoken.models import Token
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from cases import calendar
from cases.models import (
    Committee,
    CommitteeKind,
    Community,
    Dispute,
    HospitalUnit,
    Invoice,
    InvoiceLine,
    InvoiceObjection,
    Party,
    PartyKind,
    Profile,
    TaskTransfer,
)
from cases.services.dispute import dispute_record_disagreement, dispute_record_position
from cases.services.documents import document_upload
from cases.services.invoice_objection import invoice_due_on
from tests.factories import proposal
from workflows.demo import PEOPLE, load_demo
from workflows.dispute.actions import act, open_dispute
from workflows.dispute.demo import DEMO_TITLE as DISPUTE_TITLE
from workflows.dispute.demo import RESOLVED_TITLE
from workflows.task_transfer.actions import request_statement, submit_proposal

OUTSIDER = "alta"  # a user of the second community
ANONYMOUS = "anonymous"

# The demo case of each state, by title (workflows/task_transfer/demo.py).
CASE_TITLES = {
    "submitted": "Peritonealdialyse i hjemmet",
    "screening_claimed": "Oppfølging av hjemmeboende pasienter med KOLS",
    "awaiting_panel": "Blodtransfusjon i sykehjem",
    "investigation": "Cytostatikabehandling i kommunal helsetjeneste",
    "gp_review": "Oppfølging av pasienter med hjemme-TPN",
    "ssu_claimed": "Sårbehandling etter kirurgi",
    "consultation": "Lindrende behandling i kommunale akuttsenger",
    "approved": "Intravenøs antibiotikabehandling i hjemmet",
    "rejected": "Utlevering av hjelpemidler ved utskrivning",
}
FOREIGN_TITLE = "Oppfølging av hjemmerespiratorpasienter i Alta"


@dataclass
class World:
    users: dict = field(default_factory=dict)  # username → user
    tokens: dict = field(default_factory=dict)  # username → API token
    sessions: dict = field(default_factory=dict)  # username → web session key (signed in)
    cases: dict = field(default_factory=dict)  # target → TaskTransfer
    tasks: dict = field(default_factory=dict)  # target → Task
    documents: dict = field(default_factory=dict)  # target → Document
    statements: dict = field(default_factory=dict)  # target → StatementRequest
    parties: dict = field(default_factory=dict)
    committees: dict = field(default_factory=dict)
    units: dict = field(default_factory=dict)
    invoices: dict = field(default_factory=dict)  # target → Invoice

    @property
    def usernames(self) -> list[str]:
        return [p.username for p in PEOPLE] + [OUTSIDER]

    def open_task(self, case: str, node: str | None = None) -> Task:
        tasks = Task.objects.filter(
            process=self.cases[case].process,
            flow_task_type="HUMAN",
            status__in=[STATUS.NEW, STATUS.ASSIGNED],
        )
        return next(t for t in tasks if node is None or t.flow_task.name == node)


def _second_community(world: World) -> None:
    """Helsefellesskapet Finnmark: a trust, a municipality, a unit, a secretariat without
    members, and one proposal by `alta` that no demo user may see."""
    community = Community.objects.create(name="Helsefellesskapet Finnmark", slug="finnmark")
    trust = Party.objects.create(
        community=community,
        kind=PartyKind.HEALTH_TRUST,
        name="Finnmarkssykehuset HF",
        organisation_number="983974880",
    )
    alta = Party.objects.create(
        community=community,
        kind=PartyKind.MUNICIPALITY,
        name="Alta kommune",
        organisation_number="944282873",
        municipality_number="5601",
    )
    user = get_user_model().objects.create_user(
        OUTSIDER, email="alta@example.no", password="demo", first_name="Aslak", last_name="Sara"
    )
    Profile.objects.create(user=user, party=alta)
    world.users[OUTSIDER] = user
    world.parties["foreign"] = alta
    world.units["foreign"] = HospitalUnit.objects.create(party=trust, name="Klinikk Hammerfest")
    world.committees["foreign"] = Committee.objects.create(
        community=community, kind=CommitteeKind.SECRETARIAT, name="Sekretariatet i Finnmark"
    )
    world.cases["foreign"] = submit_proposal(
        proposer=user, data=proposal(title=FOREIGN_TITLE, proposer_name="Alta kommune")
    )
    world.invoices["foreign_invoice"] = _foreign_invoice(trust, alta, world.units["foreign"])


def _foreign_invoice(trust, municipality, unit):
    """An invoice of Finnmarkssykehuset to Alta (written as rows: that community has no
    accounting): only Alta's user may see it."""
    received = calendar.today() - timedelta(days=2)
    start = (received.replace(day=1) - timedelta(days=1)).replace(day=1)
    invoice = Invoice.objects.create(
        community=trust.community,
        health_trust=trust,
        municipality=municipality,
        number="FIN-1",
        issued_on=received,
        received_on=received,
        due_on=invoice_due_on(received),
    )
    InvoiceLine.objects.create(
        invoice=invoice,
        position=1,
        patient_ref="99999999999",
        unit=unit,
        period_start=start,
        period_end=start + timedelta(days=4),
        days=5,
        amount=Decimal("25000"),
    )
    return invoice


def _demo_objections(world: World, community) -> None:
    """The demo invoice of UNN HF to Tromsø with objections (workflows/invoice_objection/demo.py):
    the one with the unit (its answer task is the head's), the answered one (the review is
    the objector's), the appealed one (in the section's queue), and the one at the board."""
    invoice = Invoice.objects.filter(community=community, number__endswith="-01").get()
    world.invoices["invoice"] = invoice
    objections = InvoiceObjection.objects.filter(invoice=invoice)
    world.cases["objection"] = objections.get(status="with_unit")
    world.cases["objection_appealed"] = objections.get(status="appealed")
    world.cases["objection_answered"] = objections.get(status="answered")
    world.cases["objection_board"] = InvoiceObjection.objects.get(
        community=community, status="at_board"
    )
    world.tasks["answer"] = world.open_task("objection", "answer")


def pdf(name: str = "notat.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 matrise\n", content_type="application/pdf")


def upload(w: "World", username: str) -> dict:
    """A document to upload (multipart)."""
    return {"file": pdf(), "description": "Notat"}


def consultation_answer(w: "World", username: str) -> dict:
    """The caller answers for its own party if it is a municipality, else for Tromsø."""
    party = getattr(getattr(w.users.get(username), "profile", None), "party", None)
    if party is None or party.kind != PartyKind.MUNICIPALITY:
        party = w.parties["tromso"]
    return {"party": party.pk, "text": "Kommunen støtter forslaget."}


def _recorded_dispute(world: World) -> None:
    """A third dispute of Tromsø against UNN, in the dialogue with the disagreement record
    drafted from both positions (R-DSP-1), for the record's page and PDF."""
    tromso, unn = world.users["sekretariat.kommune"], world.users["sekretariat"]
    case = open_dispute(
        actor=tromso,
        counterparty=world.parties["trust"],
        dispute_kind="agreement",
        subject="Ansvar for hjelpemidler ved utskrivning",
        agreement_clause="Delavtale 2, punkt 2.4",
    )
    act(dispute_record_position, case=case, actor=tromso, text="Helseforetaket har ansvaret.")
    act(dispute_record_position, case=case, actor=unn, text="Kommunen har ansvaret.")
    act(dispute_record_disagreement, case=case, actor=unn)
    world.cases["dispute_recorded"] = case


def build_world() -> World:
    community = load_demo()
    world = World()
    User = get_user_model()
    world.users = {u.username: u for u in User.objects.filter(username__in=world.usernames)}
    for target, title in CASE_TITLES.items():
        world.cases[target] = TaskTransfer.objects.get(community=community, title=title)
    world.cases["dispute"] = Dispute.objects.get(community=community, title=DISPUTE_TITLE)
    world.cases["dispute_resolved"] = Dispute.objects.get(community=community, title=RESOLVED_TITLE)
    _second_community(world)

    parties = {p.name: p for p in Party.objects.filter(community=community)}
    world.parties.update(trust=parties["UNN HF"], tromso=parties["Tromsø kommune"])
    _recorded_dispute(world)
    _demo_objections(world, community)
    world.committees.update(
        {
            kind: Committee.objects.get(community=community, kind=kind)
            for kind in (CommitteeKind.SECRETARIAT, CommitteeKind.SSU, CommitteeKind.GP_COUNCIL)
        }
    )
    world.committees["panel"] = world.cases["investigation"].panel
    world.units["medicine"] = HospitalUnit.objects.get(
        party__community=community, name="Medisinsk klinikk"
    )

    # Open human tasks of each kind, and a finished one.
    world.tasks["screening_queue"] = world.open_task("submitted", "screen")
    world.tasks["screening_claimed"] = world.open_task("screening_claimed", "screen")
    world.tasks["panel_queue"] = world.open_task("awaiting_panel", "appoint_panel")
    world.tasks["ssu_claimed"] = world.open_task("ssu_claimed", "ssu_decide")
    world.tasks["finished"] = Task.objects.get(
        process=world.cases["approved"].process,
        flow_task_type="HUMAN",
        status=STATUS.DONE,
        flow_task=world.tasks["screening_queue"].flow_task,
    )
    world.tasks["foreign"] = world.open_task("foreign", "screen")

    # An unanswered statement request to Medisinsk klinikk, from the panel investigating.
    world.statements["open"] = request_statement(
        case=world.cases["investigation"],
        actor=world.users["jurist"],
        party=world.parties["trust"],
        unit=world.units["medicine"],
    )
    world.statements["received"] = world.cases["ssu_claimed"].statements.get()
    world.documents["submitted"] = document_upload(
        case=world.cases["submitted"], actor=world.users["forslag.harstad"], upload=pdf("a.pdf")
    )
    world.documents["foreign"] = document_upload(
        case=world.cases["foreign"], actor=world.users[OUTSIDER], upload=pdf("b.pdf")
    )
    world.tokens = {
        name: Token.objects.get_or_create(user=user)[0].key for name, user in world.users.items()
    }
    for name, user in world.users.items():
        client = Client()
        client.force_login(user)
        world.sessions[name] = client.session.session_key
    return world


def fingerprint() -> tuple:
    """What a denied call must leave as it was: the row count of every table, the event log
    (its count is among them, and its newest entry), and the state of every case and task."""
    from django.apps import apps
    from django.db import connection

    from cases.models import Case, CaseEvent

    tables = sorted(
        {m._meta.db_table for m in apps.get_models() if m._meta.managed and not m._meta.proxy}
    )
    with connection.cursor() as cursor:
        counts = ", ".join(f"(SELECT COUNT(*) FROM {connection.ops.quote_name(t)})" for t in tables)
        cursor.execute(f"SELECT {counts}")  # noqa: S608 - table names from the app registry
        rows = dict(zip(tables, cursor.fetchone(), strict=True))
    events = CaseEvent.objects.order_by("-pk").values_list("pk", "action")
    return (
        rows,
        events.first(),
        list(Case.objects.order_by("pk").values_list("pk", "status", "updated_at")),
        list(Task.objects.order_by("pk").values_list("pk", "status", "owner_id", "finished")),
    )
