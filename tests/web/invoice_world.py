"""The people and one invoice for the web tests of fakturainnsigelse: UNN's accounting, its
cooperation section with a lawyer, two units with their heads, and a user of Tromsø kommune
(the payer) and of Harstad kommune (same community, not a party to the invoice)."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from cases import calendar
from cases.models import (
    BillingTerms,
    Committee,
    CommitteeKind,
    Competence,
    DailyRate,
    HospitalUnit,
    Invoice,
)
from cases.services import invoice_objection as obj
from tests.factories import UserFactory, member


@dataclass
class InvoiceSides:
    world: object
    accountant: object  # UNN, accounting (ØAS)
    section: object  # UNN, cooperation section
    lawyer: object  # UNN, cooperation section, legal competence
    head: object  # head of Medisinsk klinikk
    head2: object  # head of Kirurgisk klinikk
    unit2: HospitalUnit
    municipal: object  # Tromsø kommune: the invoice's payer
    neighbour: object  # Harstad kommune: no party to the invoice


def invoice_sides(world) -> InvoiceSides:
    accounting = Committee.objects.create(
        community=world.community, kind=CommitteeKind.ACCOUNTING, name="Regnskap (ØAS)"
    )
    section = Committee.objects.create(
        community=world.community,
        kind=CommitteeKind.COOPERATION_SECTION,
        name="Seksjon for samhandling",
    )
    head = UserFactory(party=world.trust, username="leder.medisin", first_name="Trond")
    world.unit.head = head
    world.unit.save()
    head2 = UserFactory(party=world.trust, username="leder.kirurgi", first_name="Lise")
    unit2 = HospitalUnit.objects.create(party=world.trust, name="Kirurgisk klinikk", head=head2)
    for year in range(2025, calendar.today().year + 2):
        DailyRate.objects.get_or_create(year=year, defaults={"amount": Decimal("5900.00")})
    BillingTerms.objects.get_or_create(community=world.community)
    return InvoiceSides(
        world=world,
        accountant=member(accounting, party=world.trust, username="okonomi.unn"),
        section=member(section, party=world.trust, username="samhandling"),
        lawyer=member(
            section, party=world.trust, username="jurist.unn", competence=Competence.LEGAL
        ),
        head=head,
        head2=head2,
        unit2=unit2,
        municipal=UserFactory(party=world.tromso, username="faktura.tromso", first_name="Kari"),
        neighbour=UserFactory(party=world.harstad, username="faktura.harstad"),
    )


NPR = ("NPR1000001", "NPR1000002", "NPR1000003")


def register(sides: InvoiceSides, *, received_days_ago: int = 5, number: str = "2026-1001"):
    """An invoice to Tromsø with three lines of last month: two at Medisinsk klinikk, one at
    Kirurgisk klinikk; received `received_days_ago` days ago."""
    received = calendar.today() - timedelta(days=received_days_ago)
    first = (received.replace(day=1) - timedelta(days=1)).replace(day=1)
    rate = Decimal("5900.00")

    def line(i, unit, days):
        return {
            "position": i + 1,
            "patient_ref": NPR[i],
            "unit": unit,
            "period_start": first,
            "period_end": first + timedelta(days=days - 1),
            "days": days,
            "amount": rate * days,
        }

    return obj.invoice_register(
        actor=sides.accountant,
        number=number,
        municipality=sides.world.tromso,
        issued_on=received - timedelta(days=2),
        received_on=received,
        lines=[
            line(0, sides.world.unit, 12),
            line(1, sides.world.unit, 4),
            line(2, sides.unit2, 6),
        ],
    )


def flag(invoice: Invoice, position: int, computed: int) -> None:
    """As the calculator does when the line's stay gives other days than invoiced."""
    invoice.lines.filter(position=position).update(computed_days=computed)
