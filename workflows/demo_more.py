"""Demo data for the second community, Helsefellesskapet Møre og Romsdal, whose disputes climb
the ladder of hovedavtalen with Helse Møre og Romsdal (ladder A): a trust, two municipalities,
a secretariat, an SSU and the local dispute body that ladder A's third stage names.

Plain data; `workflows.demo.load_demo` creates it with the same helpers as the first community.
Organisation numbers pass the mod-11 check but are demo data.
"""

from cases.ladder_data import LADDER_A
from cases.models import CommitteeKind, PartyKind

from .demo_people import Person

SLUG = "more-og-romsdal"
NAME = "Helsefellesskapet Møre og Romsdal"
LADDER = LADDER_A
BILLING_PROFILE = "helse_more_og_romsdal"  # delavtale 1, 1.4-1.5 (cases/billing_profiles.py)

TRUST = "Helse Møre og Romsdal HF"
PARTIES = [
    # kind, name, organisation number, kommunenummer
    (PartyKind.HEALTH_TRUST, TRUST, "997005562", ""),
    (PartyKind.MUNICIPALITY, "Ålesund kommune", "964420661", "1508"),
    (PartyKind.MUNICIPALITY, "Molde kommune", "964720665", "1506"),
]

PEOPLE = [
    Person("hmr", "Kjetil", "Rønneberg", TRUST, "Samhandlingsdirektør"),
    Person("sekretariat.hmr", "Helene", "Vik", TRUST, "Samhandlingsrådgiver"),
    Person("ssu.alesund", "Silje", "Brandal", "Ålesund kommune", "Kommunalsjef helse og omsorg"),
    Person("sekretariat.alesund", "Ove", "Hjelle", "Ålesund kommune", "Samhandlingskoordinator"),
    Person("ssu.molde", "Rune", "Aasen", "Molde kommune", "Kommunalsjef"),
    # Fakturainnsigelse: accounting, the cooperation section with its lawyer, a unit head and
    # the municipality's controller who files objections
    Person("regnskap.hmr", "Bjørn", "Sæther", TRUST, "Regnskapskonsulent"),
    Person("samhandling.hmr", "Ida", "Gjerde", TRUST, "Seniorrådgiver samhandling"),
    Person("jurist.hmr", "Even", "Tofte", TRUST, "Advokat"),
    Person("leder.medisin.hmr", "Guri", "Lied", TRUST, "Klinikksjef, medisinsk klinikk"),
    Person("okonomi.alesund", "Tor", "Barstad", "Ålesund kommune", "Controller, helse og omsorg"),
]

# committee kind, name, [(username, party name it represents, chair)]
COMMITTEES = [
    (
        CommitteeKind.SECRETARIAT,
        "Sekretariatet for Helsefellesskapet Møre og Romsdal",
        [("sekretariat.hmr", TRUST, False), ("sekretariat.alesund", "Ålesund kommune", False)],
    ),
    (
        CommitteeKind.SSU,
        "Strategisk samarbeidsutvalg (SSU) Møre og Romsdal",
        [
            ("hmr", TRUST, False),
            ("ssu.alesund", "Ålesund kommune", True),
            ("ssu.molde", "Molde kommune", False),
        ],
    ),
    (
        CommitteeKind.DISPUTE_BODY,
        "Lokalt tvisteløsningsorgan Møre og Romsdal",
        [("hmr", TRUST, False), ("ssu.molde", "Molde kommune", True)],
    ),
]
