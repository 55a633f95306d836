"""Sample invoices and objections for each demo community, driven through the real services
and the flow engine, as the web UI and the API drive them.

Each community gets the trust's accounting (ØAS) and cooperation section (with the trust's
lawyer), three invoices of recent months to a municipality (one line of the first with a stay
whose computed chargeable days will disagree: flagged once the calculator is wired, see
`cases.services.invoice_objection.line_computed_days`), and objections at each stage:
one with the unit, one answered in part with a credit note, one appealed to the cooperation
section; in Troms og Ofoten also one brought to the national dispute board (a linked USK
payment dispute at the board stage). A third, older invoice is past its objection deadline.
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from viewflow.workflow.models import Task

from cases import calendar
from cases.models import (
    Committee,
    CommitteeKind,
    Competence,
    DailyRate,
    HospitalUnit,
    Invoice,
    Membership,
    Party,
    Profile,
)
from cases.services.invoice_objection import invoice_register
from workflows import demo_more, engine
from workflows.demo import COMMUNITY_SLUG
from workflows.engine import OPEN_STATES
from workflows.registry import node_spec

from .actions import file_objection

# Demo values for the years after the seeded ones (R-USK-5 rates are data, entered in the
# admin): the demo's invoices fall in recent months.
DEMO_RATES = {2025: Decimal("5950"), 2026: Decimal("6160"), 2027: Decimal("6370")}
DEMO_RATE_NOTE = "Demotall, ikke den fastsatte døgnprisen: legg inn riktig sats"


@dataclass(frozen=True)
class Plan:
    trust: str
    municipality: str
    prefix: str  # invoice numbers
    accounting: tuple[str, ...]
    section: tuple[tuple[str, str], ...]  # (username, competence)
    objector: str
    units: tuple[tuple[str, str], ...]  # (unit name, head) — created if missing
    board: bool  # one objection brought to the national board


PLANS = {
    COMMUNITY_SLUG: Plan(
        trust="UNN HF",
        municipality="Tromsø kommune",
        prefix="UNN",
        accounting=("regnskap",),
        section=(("samhandling", ""), ("jurist", Competence.LEGAL)),
        objector="sekretariat.kommune",
        units=(("Medisinsk klinikk", "leder.medisin"), ("Akuttmedisinsk klinikk", "leder.akutt")),
        board=True,
    ),
    demo_more.SLUG: Plan(
        trust=demo_more.TRUST,
        municipality="Ålesund kommune",
        prefix="HMR",
        accounting=("regnskap.hmr",),
        section=(("samhandling.hmr", ""), ("jurist.hmr", Competence.LEGAL)),
        objector="okonomi.alesund",
        units=(("Klinikk for medisin", "leder.medisin.hmr"),),
        board=False,
    ),
}


def load_demo(community, users: dict) -> None:
    plan = PLANS.get(community.slug)
    if plan is None:
        return
    trust = Party.objects.get(community=community, name=plan.trust)
    _committees(community, trust, plan, users)
    units = [
        HospitalUnit.objects.update_or_create(
            party=trust, name=name, defaults={"head": users[head]}
        )[0]
        for name, head in plan.units
    ]
    for year, amount in DEMO_RATES.items():
        DailyRate.objects.get_or_create(
            year=year, defaults={"amount": amount, "note": DEMO_RATE_NOTE}
        )
    if Invoice.objects.filter(health_trust=trust, number__startswith=f"{plan.prefix}-").exists():
        return
    municipality = Party.objects.get(community=community, name=plan.municipality)
    _invoices_and_objections(plan, users, municipality, units)


def _committees(community, trust, plan: Plan, users: dict) -> None:
    seats = [
        (CommitteeKind.ACCOUNTING, "Regnskap (ØAS)", [(u, "") for u in plan.accounting]),
        (CommitteeKind.COOPERATION_SECTION, "Seksjon for samhandling", list(plan.section)),
    ]
    for kind, name, members in seats:
        committee, _ = Committee.objects.get_or_create(
            community=community, kind=kind, defaults={"name": f"{name}, {trust.name}"}
        )
        for username, competence in members:
            Membership.objects.update_or_create(
                committee=committee,
                user=users[username],
                competence=competence,
                defaults={"party": Profile.objects.get(user=users[username]).party},
            )


def _month_before(day):
    end = day.replace(day=1) - timedelta(days=1)
    return end.replace(day=1), end


def _line(n: int, unit, start, end, days: int, stay=None) -> dict:
    rate = DailyRate.objects.get(year=start.year).amount
    return {
        "patient_ref": f"{n:011d}",
        "unit": unit,
        "period_start": start,
        "period_end": end,
        "days": days,
        "amount": days * rate,
        "stay": stay,
    }


def _invoice(plan: Plan, users, municipality, number: str, issued_on, lines):
    return invoice_register(
        actor=users[plan.accounting[0]],
        number=number,
        municipality=municipality,
        issued_on=issued_on,
        received_on=issued_on + timedelta(days=2),
        lines=lines,
    )


def _invoices_and_objections(plan: Plan, users, municipality, units) -> None:
    today = calendar.today()
    first, second = units[0], units[-1]
    # Recent: issued 12 days ago, so objections may still be filed.
    issued = today - timedelta(days=12)
    start, end = _month_before(issued)
    ready = f"{start + timedelta(days=3):%Y-%m-%d}T10:00:00+01:00"
    stay = {
        "declared_ready_at": ready,
        "notified_at": ready,
        "municipality_answer": "cannot_receive",
        "answered_at": ready,
        "taken_over_on": f"{start + timedelta(days=6):%Y-%m-%d}",
    }
    recent = _invoice(
        plan,
        users,
        municipality,
        f"{plan.prefix}-{issued:%Y%m}-01",
        issued,
        [
            _line(12345678901, first, start, end, 4),
            _line(23456789012, first, start, end, 6, stay=stay),  # 3 computed: flagged
            _line(34567890123, second, start, end, 3),
            _line(45678901234, first, start, end, 5),
            _line(56789012345, second, start, end, 2),
        ],
    )
    previous = _invoice(
        plan,
        users,
        municipality,
        f"{plan.prefix}-{issued:%Y%m}-02",
        issued + timedelta(days=1),
        [_line(67890123456, first, start, end, 7), _line(78901234567, second, start, end, 4)],
    )
    # Older: received more than 30 days ago, past its objection deadline.
    old_issued = today - timedelta(days=45)
    old_start, old_end = _month_before(old_issued)
    _invoice(
        plan,
        users,
        municipality,
        f"{plan.prefix}-{old_issued:%Y%m}-03",
        old_issued,
        [_line(89012345678, first, old_start, old_end, 5)],
    )
    lines = list(recent.lines.order_by("position"))
    objector = users[plan.objector]
    head = {u.pk: u.head for u in units}

    # 1. With the unit: the flagged line, days invoiced beyond the computed ones.
    _file(objector, recent, lines[1], 3, "Kommunen tok imot pasienten tre dager etter varsel.")

    # 2. Answered in part: 2 of 4 days accepted, a credit note issued; the municipality's
    #    review is open.
    case = _file(objector, recent, lines[0], 4, "Pasienten var ikke meldt utskrivningsklar.")
    _answer(case, head[first.pk], lines[0].pk, accepted=2, rejected=2)

    # 3. Appealed: nothing accepted; the municipality appeals; the section must decide.
    case = _file(objector, recent, lines[2], 3, "Epikrise ble ikke sendt ved utskrivning.")
    _answer(case, head[second.pk], lines[2].pk, accepted=0, rejected=3)
    _drive(case, "review", objector, {"decision": "appeal", "grounds": _APPEAL})

    if plan.board:
        # 4. At the board: the appeal upheld and cosigned; the municipality disagrees.
        other = list(previous.lines.order_by("position"))[0]
        case = _file(objector, previous, other, 3, "Kommunen hadde plass fra varslingsdagen.")
        _answer(case, head[first.pk], other.pk, accepted=0, rejected=3)
        _drive(case, "review", objector, {"decision": "appeal", "grounds": _APPEAL})
        decider, lawyer = (users[u] for u, _ in plan.section)
        decision = {"outcome": "upheld", "decision_text": "Svaret er i tråd med avtalen."}
        _drive(case, "appeal_decision", decider, decision)
        _drive(case, "cosign", lawyer, {"confirm": True, "comment": ""})
        _drive(
            case,
            "review_decision",
            objector,
            {"decision": "board", "subject": "Betaling for tre døgn i ventetiden."},
        )


_APPEAL = "Svaret strider mot avtalens regel om varsling før betalingsplikt inntrer."


def _file(objector, invoice, line, days: int, grounds: str):
    (case,) = file_objection(
        actor=objector,
        invoice=invoice,
        lines=[{"line": line.pk, "disputed_days": days, "grounds": grounds, "comment": ""}],
    )
    return case


def _answer(case, head, line_pk: int, *, accepted: int, rejected: int) -> None:
    justification = (
        "Enheten godtar døgnene før varsel ble sendt; resten følger av avtalen."
        if accepted
        else "Pasienten var meldt utskrivningsklar og kommunen varslet samme dag."
    )
    _drive(
        case,
        "answer",
        head,
        {
            "lines": [
                {
                    "line": line_pk,
                    "accepted_days": accepted,
                    "rejected_days": rejected,
                    "justification": justification,
                }
            ]
        },
    )


def _drive(case, node: str, user, data: dict) -> None:
    """Take the case's open task `node` (if it waits in a queue) and complete it with `data`,
    as the API does."""
    task = Task.objects.get(process=case.process, flow_task_type="HUMAN", status__in=OPEN_STATES)
    if task.flow_task.name != node:
        raise RuntimeError(f"{case.reference}: expected {node}, found {task.flow_task.name}")
    if task.owner_id is None:
        engine.task_claim(task_id=task.pk, user=user)
    step = node_spec(task.flow_task).step
    engine.task_complete(task_id=task.pk, user=user, apply=lambda c: step(c, user, data))
