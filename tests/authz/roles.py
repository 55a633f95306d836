"""Who is who in the matrices: every demo user in one role group, and which groups may see
which demo object. Written out by hand: the matrices check the code against this, so it must
not be computed by the code under test."""

from .world import ANONYMOUS, OUTSIDER

GROUP_OF = {
    "sekretariat": "secretariat",
    "sekretariat.kommune": "secretariat",
    "ssu.unn": "ssu",
    "ssu.tromso": "ssu",
    "ssu.harstad": "ssu",
    "ssu.narvik": "ssu",
    "fastlegeraad": "gp_council",
    "fastlege.senja": "gp_council",
    # the pool the demo panels were appointed from: every panel has all of them
    "lege.unn": "panel",
    "lege.tromso": "panel",
    "sykepleier.unn": "panel",
    "sykepleier.harstad": "panel",
    "jurist": "panel",
    "okonomi": "panel",
    "tillitsvalgt": "panel",
    "brukerrep": "panel_without_party",
    "leder.medisin": "unit_head",
    "leder.kirurgi": "unit_head",
    "leder.psykiatri": "unit_head",
    "leder.akutt": "unit_head",
    "forslag.harstad": "proposer",
    "pasient": "patient",
    "regnskap": "accounting",
    "samhandling": "cooperation_section",
    OUTSIDER: "outsider",
    ANONYMOUS: "anonymous",
}

# Who the matrices run as: every role group, and every demo party that has users, at least
# once (checked by test_personas_cover_every_role_and_party), plus the users a row names.
PERSONAS = [
    "sekretariat",  # UNN HF
    "sekretariat.kommune",  # Tromsø
    "ssu.unn",
    "ssu.tromso",  # chair
    "fastlege.senja",
    "lege.unn",
    "okonomi",  # Narvik
    "tillitsvalgt",  # Balsfjord
    "brukerrep",
    "leder.medisin",
    "leder.kirurgi",
    "forslag.harstad",
    "pasient",
    "regnskap",
    "samhandling",
    OUTSIDER,
    ANONYMOUS,
]

# Named sets a matrix row may use beside groups and usernames.
SETS = {
    # users of the health trust: they cannot answer a consultation of the municipalities
    "trust_staff": {
        "sekretariat",
        "ssu.unn",
        "lege.unn",
        "sykepleier.unn",
        "jurist",
        "leder.medisin",
        "leder.kirurgi",
        "leder.psykiatri",
        "leder.akutt",
        "regnskap",
        "samhandling",
    },
    # users of Tromsø kommune: the party that raised the demo disputes
    "tromso_staff": {"sekretariat.kommune", "ssu.tromso", "fastlegeraad", "lege.tromso"},
}

# Every task transfer concerns every party of its community (R-TT-2 f), so every user of a
# demo party sees every demo case (R-PTY-2).
DEMO_PARTIES = {
    "secretariat",
    "ssu",
    "gp_council",
    "panel",
    "unit_head",
    "proposer",
    "accounting",
    "cooperation_section",
}
ON_PANELS = DEMO_PARTIES | {"panel_without_party"}
PATIENTS_CASES = DEMO_PARTIES | {"patient"}
FOREIGN = {"outsider"}
NOBODY: set = set()

# The demo disputes (Tromsø kommune against UNN HF, ladder B, whose stages no committee of
# the community handles): only the users of those two parties, named one by one, since
# every role group mixes parties.
DISPUTE_PARTIES = {
    "sekretariat",
    "ssu.unn",
    "lege.unn",
    "sykepleier.unn",
    "jurist",
    "leder.medisin",
    "leder.kirurgi",
    "leder.psykiatri",
    "leder.akutt",
    "regnskap",
    "samhandling",
    "sekretariat.kommune",
    "ssu.tromso",
    "fastlegeraad",
    "lege.tromso",
}

# Who sees each target object (a case, or what belongs to one).
SEES = {
    "submitted": DEMO_PARTIES,
    "screening_claimed": PATIENTS_CASES,
    "awaiting_panel": DEMO_PARTIES,
    "investigation": ON_PANELS,
    "gp_review": ON_PANELS,
    "ssu_claimed": ON_PANELS,
    "consultation": ON_PANELS,
    "approved": ON_PANELS,
    "rejected": PATIENTS_CASES,
    "foreign": FOREIGN,
    "dispute": DISPUTE_PARTIES,
    "dispute_resolved": DISPUTE_PARTIES,
    "dispute_recorded": DISPUTE_PARTIES,
    # The demo invoices of UNN HF to Tromsø kommune and their objections (R-AUD-2): the same
    # two parties' users only.
    "invoice": DISPUTE_PARTIES,
    "objection": DISPUTE_PARTIES,
    "objection_appealed": DISPUTE_PARTIES,
    "objection_answered": DISPUTE_PARTIES,
    "objection_board": DISPUTE_PARTIES,
    "foreign_invoice": FOREIGN,
    # reference data: the members of a community see its parties, units and committees
    "community": ON_PANELS,
    "signed_in": set(GROUP_OF.values()) - {ANONYMOUS},
}


def sees(target: str, username: str) -> bool:
    """`username` may see `target`: named in its `SEES` entry, or by its role group."""
    return username in SEES[target] or group_of(username) in SEES[target]


def hidden_marks(world, username: str) -> list[str]:
    """The ids, references and titles of the demo cases `username` may not see."""
    marks = []
    for name, case in world.cases.items():
        if not sees(name, username):
            marks += [str(case.pk), case.reference, case.title]
    return marks


def group_of(username: str) -> str:
    return GROUP_OF[username]


def expected(row: dict, username: str, others: int) -> int:
    """The answer `row` gives `username`: by name, by group, by named set, or `others`."""
    for key in (username, group_of(username)):
        if key in row:
            return row[key]
    for name, members in SETS.items():
        if name in row and username in members:
            return row[name]
    return others
