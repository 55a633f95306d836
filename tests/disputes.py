"""Helpers for dispute tests: a community on a given ladder, the two parties' people, and a
snapshot that proves a refused step changed nothing."""

from dataclasses import dataclass

import pytest

from cases.errors import DomainError
from cases.ladder_data import LADDER_A, LADDER_B
from cases.models import CaseEvent, Dispute, DisputeConsent, DisputePosition
from cases.services.dispute import (
    assign_ladder,
    dispute_open,
    dispute_record_disagreement,
    dispute_record_position,
)
from tests.factories import UserFactory

__all__ = ["LADDER_A", "LADDER_B", "Sides", "refused", "sides_on", "open_dispute", "to_record"]


@dataclass
class Sides:
    world: object
    municipality: object  # a Tromsø employee
    trust: object  # an UNN employee
    stranger: object  # a Harstad employee: same community, not a party


def sides_on(world, slug: str) -> Sides:
    assign_ladder(world.community, slug)
    world.community.refresh_from_db()
    return Sides(
        world=world,
        municipality=UserFactory(party=world.tromso, username="kommune"),
        trust=UserFactory(party=world.trust, username="foretak"),
        stranger=UserFactory(party=world.harstad, username="harstad"),
    )


def open_dispute(sides: Sides, kind: str = "agreement", **kwargs) -> Dispute:
    kwargs.setdefault("subject", "Uenighet om ansvaret for oppfølging etter utskrivning")
    kwargs.setdefault("agreement_clause", "Delavtale 2, punkt 2.2")
    return dispute_open(
        actor=sides.municipality, counterparty=sides.world.trust, dispute_kind=kind, **kwargs
    )


def to_record(sides: Sides, case: Dispute) -> None:
    """Both parties state their positions and the disagreement record is drafted."""
    dispute_record_position(
        case=case, actor=sides.municipality, text="Helseforetaket har ansvaret."
    )
    dispute_record_position(case=case, actor=sides.trust, text="Kommunen har ansvaret.")
    dispute_record_disagreement(case=case, actor=sides.trust)


def _snapshot(case: Dispute) -> tuple:
    fresh = Dispute.objects.get(pk=case.pk)
    return (
        fresh.status,
        fresh.stage_id,
        CaseEvent.objects.filter(case=case).count(),
        DisputeConsent.objects.filter(dispute=case).count(),
        DisputePosition.objects.filter(dispute=case).count(),
        fresh.entries.count(),
    )


def refused(code: str, call, **kwargs) -> DomainError:
    """`call(**kwargs)` (a dispute service, `case=` among its arguments) is refused with
    `code` and changes nothing."""
    case = kwargs["case"]
    before = _snapshot(case)
    with pytest.raises(DomainError) as caught:
        call(**kwargs)
    assert caught.value.code == code, caught.value.message
    assert _snapshot(case) == before
    return caught.value
