"""Demo data: Helsefellesskapet Troms og Ofoten (ladder B) and Helsefellesskapet Møre og Romsdal
(ladder A, `demo_more`), their parties, people and committees; then each registered process
adds its sample cases (`ProcessSpec.demo`).

Loaded by `manage.py load_demo`. Everything is looked up before it is created, so loading twice
changes nothing. Sample cases are driven through the real services and the flow engine, exactly
as the web UI and the API drive them. Organisation numbers pass the mod-11 check but are demo data.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from cases.billing_profiles import apply_billing_profile
from cases.ladder_data import LADDER_B
from cases.models import (
    Committee,
    CommitteeKind,
    Community,
    Competence,
    HospitalUnit,
    Membership,
    Party,
    PartyKind,
    Profile,
)
from cases.services.dispute import assign_ladder

from . import demo_more, engine
from .demo_people import Person
from .registry import node_spec, specs

DEMO_PASSWORD = "demo"
COMMUNITY_SLUG = "troms-og-ofoten"
COMMUNITY_NAME = "Helsefellesskapet Troms og Ofoten"
BILLING_PROFILE = "unn"  # fakturaveilederen UNN - Troms og Ofoten (cases/billing_profiles.py)

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
    # Fakturainnsigelse: the trust's accounting and its cooperation section (with `jurist`)
    Person("regnskap", "Mona", "Hanssen", "UNN HF", "Regnskapskonsulent, ØAS"),
    Person("samhandling", "Kristin", "Eliassen", "UNN HF", "Rådgiver, seksjon for samhandling"),
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

# The pool the SSU appoints expert panels from (R-TT-4): username, competence
EXPERT_POOL = [
    ("lege.unn", "medical"),
    ("lege.tromso", "medical"),
    ("sykepleier.unn", "nursing"),
    ("sykepleier.harstad", "nursing"),
    ("jurist", "legal"),
    ("okonomi", "economic"),
    ("brukerrep", "user_representative"),
    ("tillitsvalgt", "employee_representative"),
]


def _users(people=PEOPLE) -> dict:
    User = get_user_model()
    return {u.username: u for u in User.objects.filter(username__in=[p.username for p in people])}


def _community(slug: str, name: str, ladder: str) -> Community:
    community, _ = Community.objects.get_or_create(slug=slug, defaults={"name": name})
    if community.dispute_ladder_id is None:
        assign_ladder(community, ladder)
    return community


def _parties(community: Community, rows) -> dict:
    """`rows`: (kind, name, organisation number, kommunenummer)."""
    parties = {}
    for kind, name, org, number in rows:
        parties[name], _ = Party.objects.get_or_create(
            organisation_number=org,
            defaults={
                "community": community,
                "kind": kind,
                "name": name,
                "municipality_number": number,
            },
        )
    return parties


def _people(people, parties: dict) -> dict:
    User = get_user_model()
    for person in people:
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
    return _users(people)


def _committees(community: Community, committees, users: dict, parties: dict) -> None:
    for kind, name, members in committees:
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


def _expert_pool(community: Community, users: dict) -> None:
    pool, _ = Committee.objects.get_or_create(
        community=community,
        kind=CommitteeKind.EXPERT_POOL,
        defaults={"name": "Fagpool for faglige utvalg"},
    )
    for username, competence in EXPERT_POOL:
        profile = Profile.objects.get(user=users[username])
        Membership.objects.update_or_create(
            committee=pool,
            user=users[username],
            competence=competence,
            defaults={"party": profile.party},
        )


def _troms_og_ofoten() -> tuple[Community, dict]:
    # Samarbeidsavtalen with UNN § 14: the ladder of this community's agreement.
    community = _community(COMMUNITY_SLUG, COMMUNITY_NAME, LADDER_B)
    apply_billing_profile(community, BILLING_PROFILE)
    parties = _parties(
        community,
        [(PartyKind.HEALTH_TRUST, *TRUST)] + [(PartyKind.MUNICIPALITY, *m) for m in MUNICIPALITIES],
    )
    users = _people(PEOPLE, parties)
    for unit_name, head in UNITS:
        HospitalUnit.objects.update_or_create(
            party=parties[TRUST[0]], name=unit_name, defaults={"head": users[head]}
        )
    _committees(community, STANDING_COMMITTEES, users, parties)
    _expert_pool(community, users)
    return community, users


def _more_og_romsdal() -> tuple[Community, dict]:
    # Hovedavtalen with Helse Møre og Romsdal punkt 8-9: the other ladder.
    community = _community(demo_more.SLUG, demo_more.NAME, demo_more.LADDER)
    apply_billing_profile(community, demo_more.BILLING_PROFILE)
    parties = _parties(community, demo_more.PARTIES)
    users = _people(demo_more.PEOPLE, parties)
    _committees(community, demo_more.COMMITTEES, users, parties)
    return community, users


@transaction.atomic
def load_demo() -> Community:
    """Both demo communities; each registered process adds its sample cases to each (a process
    hook decides what, if anything, a community gets). Returns the first community."""
    communities = [_troms_og_ofoten(), _more_og_romsdal()]
    for spec in specs():
        if spec.demo is not None:
            for community, users in communities:
                spec.demo(community, users)
    return communities[0][0]


def drive(case, node: str, user, data) -> None:
    """Claim the case's open human task, and complete it with `data` unless only a claim is
    asked for (`node == "claim"`), exactly as the web UI and the API do."""
    task = Task.objects.get(process=case.process, flow_task_type="HUMAN", status=STATUS.NEW)
    if node != "claim" and task.flow_task.name != node:
        raise RuntimeError(f"{case.reference}: expected {node}, found {task.flow_task.name}")
    engine.task_claim(task_id=task.pk, user=user)
    if node != "claim":
        step = node_spec(task.flow_task).step
        engine.task_complete(task_id=task.pk, user=user, apply=lambda c: step(c, user, data))


# How the printed table names the roles that are not a committee kind.
ROLE_LABELS = {"unit_head": "Leder for enhet", "proposer": "Forslagsstiller"}


def role_label(role: str) -> str:
    """A role code of `user_rows` in Norwegian: `ssu_chair` → «Strategisk samarbeidsutvalg
    (SSU), leder», `expert_pool:legal` → «Fagpool for faglige utvalg: juridisk kompetanse»."""
    if role in ROLE_LABELS:
        return ROLE_LABELS[role]
    kind, _, competence = role.partition(":")
    if competence:
        label = Competence(competence).label
        return f"{CommitteeKind(kind).label}: {label[0].lower()}{label[1:]}"
    if kind.endswith("_chair") and kind.removesuffix("_chair") in CommitteeKind.values:
        return f"{CommitteeKind(kind.removesuffix('_chair')).label}, leder"
    return CommitteeKind(kind).label if kind in CommitteeKind.values else role


# Committees whose seats are printed with their competence (`expert_panel:legal`).
COMPETENCE_ROLES = (
    CommitteeKind.EXPERT_PANEL,
    CommitteeKind.EXPERT_POOL,
    CommitteeKind.COOPERATION_SECTION,
)


def user_rows(community: Community, people=PEOPLE) -> list[dict]:
    """Every demo user of `community` with party and roles, as `load_demo` prints them."""
    users = _users(people)
    memberships = Membership.objects.filter(
        committee__community=community, user__in=users.values()
    ).select_related("committee")
    roles: dict[int, list[str]] = {}
    for m in memberships.order_by("committee__kind", "pk"):
        role = m.committee.kind
        if m.committee.kind in COMPETENCE_ROLES and m.competence:
            role = f"{m.committee.kind}:{m.competence}"
        for r in [role] + ([f"{m.committee.kind}_chair"] if m.is_chair else []):
            if r not in roles.setdefault(m.user_id, []):
                roles[m.user_id].append(r)
    heads = set(
        HospitalUnit.objects.filter(party__community=community).values_list("head_id", flat=True)
    )
    profiles = Profile.objects.filter(user__in=users.values()).select_related("party")
    profiles = {p.user_id: p for p in profiles}
    rows = []
    for person in people:
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
                "community": community.name,
            }
        )
    return rows


def demo_user_tables() -> list[tuple[Community, list[dict]]]:
    """Each demo community with its users' rows, after `load_demo`."""
    tables = []
    for slug, people in ((COMMUNITY_SLUG, PEOPLE), (demo_more.SLUG, demo_more.PEOPLE)):
        community = Community.objects.get(slug=slug)
        tables.append((community, user_rows(community, people)))
    return tables
