"""Factories and a compact community for tests."""

from dataclasses import dataclass, field
from datetime import date

import factory
from django.contrib.auth import get_user_model

from cases.models import (
    Committee,
    CommitteeKind,
    Community,
    HospitalUnit,
    Membership,
    Party,
    PartyKind,
    Profile,
)

User = get_user_model()


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community

    name = factory.Sequence(lambda n: f"Helsefellesskap {n}")
    slug = factory.Sequence(lambda n: f"hf-{n}")


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party

    community = factory.SubFactory(CommunityFactory)
    kind = PartyKind.MUNICIPALITY
    name = factory.Sequence(lambda n: f"Kommune {n}")
    organisation_number = factory.Sequence(lambda n: f"{940000000 + n}")
    municipality_number = factory.Sequence(lambda n: f"{5500 + n % 400}")

    class Params:
        trust = factory.Trait(kind=PartyKind.HEALTH_TRUST, municipality_number="", name="UNN HF")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"Person{n}")
    last_name = "Testesen"
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.no")
    password = factory.PostGenerationMethodCall("set_password", "demo")

    @factory.post_generation
    def party(self, create, extracted, **kwargs):
        Profile.objects.create(user=self, party=extracted)
        self.save()


def member(committee, *, party=None, competence="", **user_kwargs):
    user = UserFactory(party=party, **user_kwargs)
    Membership.objects.create(committee=committee, user=user, party=party, competence=competence)
    return user


@dataclass
class World:
    community: Community
    trust: Party
    tromso: Party
    harstad: Party
    unit: HospitalUnit
    secretariat: Committee
    ssu: Committee
    gp_council: Committee
    secretary: object
    secretary2: object
    ssu_trust: object
    ssu_municipality: object
    ssu_municipality2: object
    gp: object
    proposer: object
    outsider: object
    panel_people: dict = field(default_factory=dict)


def build_world(quorum_rule: str = "both_sides") -> World:
    community = CommunityFactory(quorum_rule=quorum_rule)
    trust = PartyFactory(community=community, trust=True)
    tromso = PartyFactory(community=community, name="Tromsø kommune")
    harstad = PartyFactory(community=community, name="Harstad kommune")
    other = PartyFactory(name="Annen kommune")  # another community entirely
    unit = HospitalUnit.objects.create(party=trust, name="Medisinsk klinikk")
    secretariat = Committee.objects.create(
        community=community, kind=CommitteeKind.SECRETARIAT, name="Sekretariatet"
    )
    ssu = Committee.objects.create(community=community, kind=CommitteeKind.SSU, name="SSU")
    gp_council = Committee.objects.create(
        community=community, kind=CommitteeKind.GP_COUNCIL, name="Fastlegerådet"
    )
    world = World(
        community=community,
        trust=trust,
        tromso=tromso,
        harstad=harstad,
        unit=unit,
        secretariat=secretariat,
        ssu=ssu,
        gp_council=gp_council,
        secretary=member(secretariat, party=trust, username="sekretar"),
        secretary2=member(secretariat, party=tromso, username="sekretar2"),
        ssu_trust=member(ssu, party=trust, username="ssu_unn"),
        ssu_municipality=member(ssu, party=tromso, username="ssu_tromso"),
        ssu_municipality2=member(ssu, party=harstad, username="ssu_harstad"),
        gp=member(gp_council, party=tromso, username="fastlege"),
        proposer=UserFactory(party=harstad, username="forslagsstiller"),
        outsider=UserFactory(party=other, username="utenforstaende"),
    )
    # The pool the SSU appoints expert panels from, with each person's competence (R-TT-4).
    pool = Committee.objects.create(
        community=community, kind=CommitteeKind.EXPERT_POOL, name="Fagpool"
    )
    for key, party in [
        ("medical_trust", trust),
        ("medical_municipality", tromso),
        ("nursing_trust", trust),
        ("nursing_municipality", harstad),
        ("legal", trust),
        ("economic", tromso),
        ("user_representative", None),
        ("employee_representative", harstad),
    ]:
        person = UserFactory(party=party, username=f"panel_{key}")
        world.panel_people[key] = person
        competence = key.removesuffix("_trust").removesuffix("_municipality")
        Membership.objects.create(committee=pool, user=person, party=party, competence=competence)
    return world


def full_panel(world: World) -> list[dict]:
    """The default composition of R-TT-4, as normalized step input."""
    p = world.panel_people
    return [
        {"user": p["medical_trust"], "competence": "medical"},
        {"user": p["medical_municipality"], "competence": "medical"},
        {"user": p["nursing_trust"], "competence": "nursing"},
        {"user": p["nursing_municipality"], "competence": "nursing"},
        {"user": p["legal"], "competence": "legal"},
        {"user": p["economic"], "competence": "economic"},
        {"user": p["user_representative"], "competence": "user_representative"},
        {"user": p["employee_representative"], "competence": "employee_representative"},
    ]


def proposal(**overrides) -> dict:
    data = {
        "title": "Oppfølging av pasienter med hjemmedialyse",
        "proposer_category": "municipality",
        "proposer_name": "Harstad kommune v/ kommuneoverlege",
        "proposer_email": "kommuneoverlege@harstad.kommune.no",
        "task_description": "Opplæring og oppfølging av pasienter i peritonealdialyse i hjemmet.",
        "direction": "trust_to_municipality",
        "patient_group": "Voksne i peritonealdialyse",
        "expected_volume": "Om lag 40 pasienter i året",
        "service_justification": "Kortere reisevei og tettere oppfølging nær hjemmet.",
        "consequences_professional": "Krever opplæring av hjemmesykepleien.",
        "consequences_organisational": "Ny rutine for samarbeid med dialyseenheten.",
        "consequences_economic": "Kommunen trenger midler til opplæring.",
        "consequences_legal": "Ansvar avklares i tjenesteavtale.",
        "gps_affected": False,
    }
    data.update(overrides)
    return data


TODAY = date.today


@dataclass
class InvoiceWorld:
    """The trust's accounting and cooperation section, two units with heads, and the people
    of the two municipalities, on top of `build_world`."""

    world: World
    accounting: Committee
    section: Committee
    accountant: object
    decider: object
    lawyer: object
    lawyer2: object
    unit2: HospitalUnit
    head: object
    head2: object
    clerk: object  # of the municipality the invoices are addressed to (Tromsø)
    other_clerk: object  # of another municipality of the same community (Harstad)


def build_invoice_world(world: World | None = None) -> InvoiceWorld:
    world = world or build_world()
    accounting = Committee.objects.create(
        community=world.community, kind=CommitteeKind.ACCOUNTING, name="Regnskap (ØAS)"
    )
    section = Committee.objects.create(
        community=world.community,
        kind=CommitteeKind.COOPERATION_SECTION,
        name="Seksjon for samhandling",
    )
    head = UserFactory(party=world.trust, username="enhetsleder")
    world.unit.head = head
    world.unit.save()
    head2 = UserFactory(party=world.trust, username="enhetsleder2")
    unit2 = HospitalUnit.objects.create(party=world.trust, name="Kirurgisk klinikk", head=head2)
    return InvoiceWorld(
        world=world,
        accounting=accounting,
        section=section,
        accountant=member(accounting, party=world.trust, username="regnskap"),
        decider=member(section, party=world.trust, username="samhandling"),
        lawyer=member(section, party=world.trust, competence="legal", username="jurist"),
        lawyer2=member(section, party=world.trust, competence="legal", username="jurist2"),
        unit2=unit2,
        head=head,
        head2=head2,
        clerk=UserFactory(party=world.tromso, username="saksbehandler_tromso"),
        other_clerk=UserFactory(party=world.harstad, username="saksbehandler_harstad"),
    )


def invoice_line(unit, *, patient_ref="12345678901", days=10, month=(2024, 3), **overrides):
    """One line as `invoice_register` takes it: `days` days at the start of `month`."""
    from decimal import Decimal

    year, mon = month
    data = {
        "patient_ref": patient_ref,
        "unit": unit,
        "period_start": date(year, mon, 1),
        "period_end": date(year, mon, days),
        "days": days,
        "amount": Decimal("5000") * days,
    }
    data.update(overrides)
    return data


def register_invoice(iw: InvoiceWorld, *, lines=None, number="F-2024-001", **kwargs):
    """An invoice from the trust to Tromsø, registered by accounting; by default two lines at
    the first unit and one at the second, in March 2024."""
    from cases.services.invoice_objection import invoice_register

    w = iw.world
    if lines is None:
        lines = [
            invoice_line(w.unit, patient_ref="12345678901", days=10),
            invoice_line(w.unit, patient_ref="23456789012", days=5),
            invoice_line(iw.unit2, patient_ref="34567890123", days=8),
        ]
    kwargs.setdefault("issued_on", date(2024, 4, 2))
    kwargs.setdefault("received_on", date(2024, 4, 3))
    return invoice_register(
        actor=iw.accountant, number=number, municipality=w.tromso, lines=lines, **kwargs
    )
