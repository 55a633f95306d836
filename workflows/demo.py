"""Demo data: Helsefellesskapet Troms og Ofoten, its people and a few cases in every state.

Loaded by `manage.py load_demo`. Everything is looked up before it is created, so loading twice
changes nothing. Sample cases are driven through the real services and the flow engine, exactly
as the web UI and the API drive them. Organisation numbers pass the mod-11 check but are demo data.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from cases import calendar
from cases.models import (
    Committee,
    CommitteeKind,
    Community,
    HospitalUnit,
    Membership,
    Party,
    PartyKind,
    Profile,
    TaskTransfer,
)

from . import engine
from .task_transfer import steps
from .task_transfer.actions import submit_proposal

DEMO_PASSWORD = "demo"
COMMUNITY_SLUG = "troms-og-ofoten"
COMMUNITY_NAME = "Helsefellesskapet Troms og Ofoten"

TRUST = ("UNN HF", "983974899", "")
MUNICIPALITIES = [
    # name, organisation number, kommunenummer
    ("Tromsø kommune", "940101808", "5501"),
    ("Harstad kommune", "972417971", "5503"),
    ("Narvik kommune", "959469059", "1806"),
    ("Balsfjord kommune", "940330408", "5532"),
    ("Senja kommune", "921131364", "5530"),
    ("Lyngen kommune", "940642140", "5536"),
]
UNITS = [
    # unit, head's username
    ("Medisinsk klinikk", "leder.medisin"),
    ("Kirurgi-, kreft- og kvinnehelseklinikken", "leder.kirurgi"),
    ("Psykisk helse- og rusklinikken", "leder.psykiatri"),
    ("Akuttmedisinsk klinikk", "leder.akutt"),
]


@dataclass(frozen=True)
class Person:
    username: str
    first_name: str
    last_name: str
    party: str | None  # party name, None for patients and other proposers
    title: str


PEOPLE = [
    Person("sekretariat", "Siri", "Solberg", "UNN HF", "Samhandlingsrådgiver"),
    Person("sekretariat.kommune", "Kari", "Nilsen", "Tromsø kommune", "Samhandlingsleder"),
    Person("ssu.unn", "Per", "Hansen", "UNN HF", "Samhandlingssjef"),
    Person("ssu.tromso", "Ingrid", "Johansen", "Tromsø kommune", "Helse- og omsorgssjef"),
    Person("ssu.harstad", "Ola", "Olsen", "Harstad kommune", "Kommunalsjef helse"),
    Person("ssu.narvik", "Marit", "Pedersen", "Narvik kommune", "Kommunalsjef"),
    Person("fastlegeraad", "Lars", "Karlsen", "Tromsø kommune", "Fastlege, leder av fastlegerådet"),
    Person("fastlege.senja", "Anne", "Berg", "Senja kommune", "Fastlege"),
    Person("lege.unn", "Erik", "Andreassen", "UNN HF", "Overlege"),
    Person("lege.tromso", "Hilde", "Jakobsen", "Tromsø kommune", "Kommuneoverlege"),
    Person("sykepleier.unn", "Tone", "Mikkelsen", "UNN HF", "Fagsykepleier"),
    Person("sykepleier.harstad", "Bente", "Eriksen", "Harstad kommune", "Avdelingssykepleier"),
    Person("jurist", "Jon", "Isaksen", "UNN HF", "Jurist"),
    Person("okonomi", "Trude", "Larsen", "Narvik kommune", "Økonomisjef"),
    Person("brukerrep", "Randi", "Strand", None, "Brukerrepresentant"),
    Person("tillitsvalgt", "Geir", "Pettersen", "Balsfjord kommune", "Hovedtillitsvalgt"),
    Person("leder.medisin", "Trond", "Haugen", "UNN HF", "Klinikksjef"),
    Person("leder.kirurgi", "Lise", "Moe", "UNN HF", "Klinikksjef"),
    Person("leder.psykiatri", "Arne", "Lund", "UNN HF", "Klinikksjef"),
    Person("leder.akutt", "Nina", "Dahl", "UNN HF", "Klinikksjef"),
    Person("forslag.harstad", "Morten", "Knutsen", "Harstad kommune", "Kommuneoverlege"),
    Person("pasient", "Eva", "Nordby", None, ""),
]

# committee kind, name, [(username, party name it represents, chair)]
STANDING_COMMITTEES = [
    (
        CommitteeKind.SECRETARIAT,
        "Sekretariatet for helsefellesskapet",
        [("sekretariat", "UNN HF", False), ("sekretariat.kommune", "Tromsø kommune", False)],
    ),
    (
        CommitteeKind.SSU,
        "Strategisk samarbeidsutvalg (SSU)",
        [
            ("ssu.unn", "UNN HF", False),
            ("ssu.tromso", "Tromsø kommune", True),
            ("ssu.harstad", "Harstad kommune", False),
            ("ssu.narvik", "Narvik kommune", False),
        ],
    ),
    (
        CommitteeKind.GP_COUNCIL,
        "Fastlegerådet",
        [("fastlegeraad", "Tromsø kommune", True), ("fastlege.senja", "Senja kommune", False)],
    ),
]

# The panel's default composition (R-TT-4): username, competence
PANEL = [
    ("lege.unn", "medical"),
    ("lege.tromso", "medical"),
    ("sykepleier.unn", "nursing"),
    ("sykepleier.harstad", "nursing"),
    ("jurist", "legal"),
    ("okonomi", "economic"),
    ("brukerrep", "user_representative"),
    ("tillitsvalgt", "employee_representative"),
]

CRITERIA_MET = {k: True for k in "abcdefg"}
ASSESSMENT = {
    "professional": "Kommunene har eller kan bygge opp nødvendig fagkompetanse.",
    "organisational": "Krever ny samarbeidsrutine mellom klinikken og hjemmetjenesten.",
    "economic": "Merkostnader for kommunene dekkes etter avtale i tjenesteavtale 1.",
    "legal": "Ansvaret reguleres i tjenesteavtale 1; ingen lovhindre.",
}


def _proposal(title: str, **overrides) -> dict:
    data = {
        "title": title,
        "proposer_category": "municipality",
        "proposer_name": "Harstad kommune v/ kommuneoverlege Morten Knutsen",
        "proposer_email": "forslag.harstad@example.no",
        "task_description": f"{title}: oppgaven utføres i dag ved UNN og foreslås flyttet.",
        "direction": "trust_to_municipality",
        "patient_group": "Voksne pasienter bosatt i kommunene",
        "expected_volume": "Om lag 40 pasienter i året",
        "service_justification": "Kortere reisevei og tettere oppfølging nær hjemmet.",
        "consequences_professional": "Krever opplæring av hjemmesykepleien.",
        "consequences_organisational": "Ny rutine for samarbeid med klinikken.",
        "consequences_economic": "Kommunen trenger midler til opplæring og utstyr.",
        "consequences_legal": "Ansvar avklares i tjenesteavtale.",
        "gps_affected": False,
    }
    data.update(overrides)
    return data


# Sample cases: title, proposer, proposal overrides, the steps to drive it through.
# A step is (node, username, data); "claim" only claims the next task.
SAMPLE_CASES = [
    (
        "Peritonealdialyse i hjemmet",
        "forslag.harstad",
        {},
        [],
    ),
    (
        "Oppfølging av hjemmeboende pasienter med KOLS",
        "pasient",
        {
            "proposer_category": "patient",
            "proposer_name": "Eva Nordby",
            "proposer_email": "pasient@example.no",
            "direction": "municipality_to_trust",
        },
        [("claim", "sekretariat", None)],
    ),
    (
        "Blodtransfusjon i sykehjem",
        "forslag.harstad",
        {},
        [("screen", "sekretariat", {"decision": "proceed", "criteria": CRITERIA_MET})],
    ),
    (
        "Cytostatikabehandling i kommunal helsetjeneste",
        "forslag.harstad",
        {"gps_affected": True},
        [
            ("screen", "sekretariat", {"decision": "proceed", "criteria": CRITERIA_MET}),
            ("appoint_panel", "ssu.unn", "panel"),
        ],
    ),
    (
        "Oppfølging av pasienter med hjemme-TPN",
        "forslag.harstad",
        {"gps_affected": True},
        [
            ("screen", "sekretariat", {"decision": "proceed", "criteria": CRITERIA_MET}),
            ("appoint_panel", "ssu.unn", "panel"),
            ("recommend", "jurist", {"recommendation": "for", "assessment": ASSESSMENT}),
        ],
    ),
    (
        "Sårbehandling etter kirurgi",
        "forslag.harstad",
        {},
        [
            ("screen", "sekretariat", {"decision": "proceed", "criteria": CRITERIA_MET}),
            ("appoint_panel", "ssu.unn", "panel"),
            ("recommend", "lege.unn", {"recommendation": "for", "assessment": ASSESSMENT}),
            ("claim", "ssu.tromso", None),
        ],
    ),
    (
        "Lindrende behandling i kommunale akuttsenger",
        "forslag.harstad",
        {},
        [
            ("screen", "sekretariat", {"decision": "proceed", "criteria": CRITERIA_MET}),
            ("appoint_panel", "ssu.unn", "panel"),
            (
                "recommend",
                "jurist",
                {
                    "recommendation": "for",
                    "assessment": ASSESSMENT,
                    "consultation": True,
                    "consultees": "municipalities",
                },
            ),
        ],
    ),
    (
        "Intravenøs antibiotikabehandling i hjemmet",
        "forslag.harstad",
        {},
        [
            ("screen", "sekretariat", {"decision": "proceed", "criteria": CRITERIA_MET}),
            ("appoint_panel", "ssu.unn", "panel"),
            ("recommend", "lege.tromso", {"recommendation": "for", "assessment": ASSESSMENT}),
            ("ssu_decide", "ssu.tromso", "approve"),
        ],
    ),
    (
        "Utlevering av hjelpemidler ved utskrivning",
        "pasient",
        {
            "proposer_category": "patient",
            "proposer_name": "Eva Nordby",
            "proposer_email": "pasient@example.no",
        },
        [
            (
                "screen",
                "sekretariat.kommune",
                {
                    "decision": "reject",
                    "criteria": {**CRITERIA_MET, "a": False},
                    "justification": "Gjelder enkeltpasienters forløp, ikke en oppgave som "
                    "overføres mellom partene.",
                },
            )
        ],
    ),
]


def _users() -> dict:
    User = get_user_model()
    return {u.username: u for u in User.objects.filter(username__in=[p.username for p in PEOPLE])}


@transaction.atomic
def load_demo() -> Community:
    community, _ = Community.objects.get_or_create(
        slug=COMMUNITY_SLUG, defaults={"name": COMMUNITY_NAME}
    )
    parties = {}
    for kind, (name, org, number) in [(PartyKind.HEALTH_TRUST, TRUST)] + [
        (PartyKind.MUNICIPALITY, m) for m in MUNICIPALITIES
    ]:
        parties[name], _ = Party.objects.get_or_create(
            organisation_number=org,
            defaults={
                "community": community,
                "kind": kind,
                "name": name,
                "municipality_number": number,
            },
        )

    User = get_user_model()
    for person in PEOPLE:
        user, created = User.objects.get_or_create(
            username=person.username,
            defaults={
                "first_name": person.first_name,
                "last_name": person.last_name,
                "email": f"{person.username}@example.no",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        Profile.objects.update_or_create(
            user=user,
            defaults={"party": parties.get(person.party), "title": person.title},
        )
    users = _users()

    for unit_name, head in UNITS:
        HospitalUnit.objects.update_or_create(
            party=parties[TRUST[0]], name=unit_name, defaults={"head": users[head]}
        )

    for kind, name, members in STANDING_COMMITTEES:
        committee, _ = Committee.objects.get_or_create(
            community=community, kind=kind, defaults={"name": name}
        )
        for username, party_name, chair in members:
            Membership.objects.update_or_create(
                committee=committee,
                user=users[username],
                competence="",
                defaults={"party": parties[party_name], "is_chair": chair},
            )

    for title, proposer, overrides, plan in SAMPLE_CASES:
        if not TaskTransfer.objects.filter(community=community, title=title).exists():
            case = submit_proposal(
                community=community, proposer=users[proposer], data=_proposal(title, **overrides)
            )
            for node, username, data in plan:
                _drive(case, node, users[username], _step_data(node, data, users))
    return community


def _step_data(node: str, data, users: dict):
    if isinstance(data, dict) and data.get("consultees") == "municipalities":
        municipalities = Party.objects.filter(
            kind=PartyKind.MUNICIPALITY, community__slug=COMMUNITY_SLUG
        )
        return {**data, "consultees": list(municipalities)}
    if data == "panel":
        return {"members": [{"user": users[u], "competence": c} for u, c in PANEL]}
    if node == "ssu_decide":
        ssu = ("ssu.unn", "ssu.tromso", "ssu.harstad", "ssu.narvik")
        return {
            "positions": [{"member": users[u], "position": "agree"} for u in ssu],
            "outcome": data,
            "decision_text": "SSU vedtar overføringen med virkning fra iverksettelsesdatoen.",
            "effective_on": calendar.today() + timedelta(days=60),
            "follow_up": {
                "training": "Klinikken gir opplæring og veiledning i tre måneder.",
                "competence": "Kommunene får hospitering ved klinikken.",
                "economics": "Kostnadene deles etter tjenesteavtale 1.",
            },
        }
    return data


def _drive(case: TaskTransfer, node: str, user, data) -> None:
    """Claim the case's open human task, and complete it unless only a claim is asked for."""
    task = Task.objects.get(process=case.process, flow_task_type="HUMAN", status=STATUS.NEW)
    if node != "claim" and task.flow_task.name != node:
        raise RuntimeError(f"{case.reference}: expected {node}, found {task.flow_task.name}")
    engine.task_claim(task_id=task.pk, user=user)
    if node != "claim":
        engine.task_complete(
            task_id=task.pk, user=user, apply=lambda c: steps.STEPS[node](c, user, data)
        )


def user_rows(community: Community) -> list[dict]:
    """Every demo user with party and roles, as `load_demo` prints them."""
    users = _users()
    memberships = Membership.objects.filter(
        committee__community=community, user__in=users.values()
    ).select_related("committee")
    roles: dict[int, list[str]] = {}
    for m in memberships.order_by("committee__kind", "pk"):
        role = m.committee.kind
        if m.committee.kind == CommitteeKind.EXPERT_PANEL:
            role = f"expert_panel:{m.competence}"
        for r in [role] + ([f"{m.committee.kind}_chair"] if m.is_chair else []):
            if r not in roles.setdefault(m.user_id, []):
                roles[m.user_id].append(r)
    heads = set(
        HospitalUnit.objects.filter(party__community=community).values_list("head_id", flat=True)
    )
    profiles = Profile.objects.filter(user__in=users.values()).select_related("party")
    profiles = {p.user_id: p for p in profiles}
    rows = []
    for person in PEOPLE:
        user = users[person.username]
        party = profiles[user.pk].party if user.pk in profiles else None
        user_roles = list(roles.get(user.pk, []))
        if user.pk in heads:
            user_roles.append("unit_head")
        if not user_roles:
            user_roles.append("proposer")
        rows.append(
            {
                "username": user.username,
                "name": user.get_full_name(),
                "party": party.name if party else None,
                "roles": user_roles,
            }
        )
    return rows
