"""Sample task-transfer cases for the demo community, one in every state, driven through the
real services and the flow engine (`workflows.demo.drive`)."""

from datetime import timedelta

from cases import calendar
from cases.models import HospitalUnit, Party, PartyKind, TaskTransfer
from workflows.demo import COMMUNITY_SLUG, EXPERT_POOL, drive

from .actions import receive_statement, request_statement, submit_proposal

CRITERIA_MET = {k: True for k in "abcdefg"}
ASSESSMENT = {
    "professional": "Kommunene har eller kan bygge opp nødvendig fagkompetanse.",
    "organisational": "Krever ny samarbeidsrutine mellom klinikken og hjemmetjenesten.",
    "economic": "Merkostnader for kommunene dekkes etter avtale i tjenesteavtale 1.",
    "legal": "Ansvaret reguleres i tjenesteavtale 1; ingen lovhindre.",
}


# R-TT-5: the panel either asked the units for statements or says why none was needed.
NO_STATEMENT = "Klinikkene er representert i utvalget og har gitt sine innspill der."
RECOMMEND_FOR = {
    "recommendation": "for",
    "assessment": ASSESSMENT,
    "no_statement_reason": NO_STATEMENT,
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
            ("recommend", "jurist", RECOMMEND_FOR),
        ],
    ),
    (
        "Sårbehandling etter kirurgi",
        "forslag.harstad",
        {},
        [
            ("screen", "sekretariat", {"decision": "proceed", "criteria": CRITERIA_MET}),
            ("appoint_panel", "ssu.unn", "panel"),
            ("statement", "lege.unn", "Kirurgi-, kreft- og kvinnehelseklinikken"),
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
                    **RECOMMEND_FOR,
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
            ("recommend", "lege.tromso", RECOMMEND_FOR),
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


def _step_data(node: str, data, users: dict):
    if isinstance(data, dict) and data.get("consultees") == "municipalities":
        municipalities = Party.objects.filter(
            kind=PartyKind.MUNICIPALITY, community__slug=COMMUNITY_SLUG
        )
        return {**data, "consultees": list(municipalities)}
    if data == "panel":
        return {"members": [{"user": users[u], "competence": c} for u, c in EXPERT_POOL]}
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


def load_demo(community, users: dict) -> None:
    if community.slug != COMMUNITY_SLUG:
        return  # the sample proposals belong to Troms og Ofoten's people
    for title, proposer, overrides, plan in SAMPLE_CASES:
        if not TaskTransfer.objects.filter(community=community, title=title).exists():
            case = submit_proposal(
                community=community, proposer=users[proposer], data=_proposal(title, **overrides)
            )
            for node, username, data in plan:
                if node == "statement":
                    _statement(case, users[username], data)
                else:
                    drive(case, node, users[username], _step_data(node, data, users))


def _statement(case: TaskTransfer, panel_member, unit_name: str) -> None:
    """R-TT-5: the panel asks a clinic for a statement, and the clinic's head answers."""
    unit = HospitalUnit.objects.select_related("party", "head").get(
        name=unit_name, party__community=case.community
    )
    request = request_statement(case=case, actor=panel_member, party=unit.party, unit=unit)
    receive_statement(
        request=request,
        actor=unit.head,
        text="Klinikken støtter overføringen når kommunene har fått opplæring.",
    )
