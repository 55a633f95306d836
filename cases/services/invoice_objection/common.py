"""Who acts in an objection: the trust's accounting and cooperation section (committees of the
community, seats held by people of the trust), the unit's head, the municipality."""

from cases.errors import Forbidden, ValidationFailed, field_error
from cases.models import (
    Committee,
    CommitteeKind,
    Competence,
    Invoice,
    InvoiceObjection,
    Membership,
    Party,
    PartyKind,
)
from cases.roles import committee_ids, party_of

# What the objection's steps read of the case, in its locked read: its unit with its head and
# the municipality's filer (both are told), and its invoice with the two parties (the
# letters name them).
OBJECTION_RELATED = ("unit__head", "created_by", "invoice__health_trust", "invoice__municipality")


def user_party(user) -> Party | None:
    return party_of(user) if getattr(user, "is_authenticated", False) else None


def in_committee(user, community_id: int, kind: str, *, competence: str | None = None) -> bool:
    """Whether `user` sits on the community's standing committee of `kind` (with
    `competence`, when given)."""
    ids = committee_ids(user)
    if not ids:
        return False
    seats = Membership.objects.filter(
        user=user, committee__community_id=community_id, committee__kind=kind
    )
    if competence is not None:
        seats = seats.filter(competence=competence)
    return seats.exists()


def committee_emails(community_id: int, kind: str) -> list[str]:
    return list(
        Membership.objects.filter(
            committee__community_id=community_id, committee__kind=kind
        ).values_list("user__email", flat=True)
    )


def committee_of(community_id: int, kind: str) -> Committee | None:
    return Committee.objects.filter(community_id=community_id, kind=kind).first()


def require_trust_accounting(user, community_id: int) -> Party:
    """403 unless `user` is of a health trust and sits in the community's accounting."""
    party = user_party(user)
    if (
        party is None
        or party.kind != PartyKind.HEALTH_TRUST
        or party.community_id != community_id
        or not in_committee(user, community_id, CommitteeKind.ACCOUNTING)
    ):
        raise Forbidden(
            "Bare helseforetakets regnskap (ØAS) kan registrere fakturaer.",
            code="not_accounting",
        )
    return party


def is_trust_staff_for(user, invoice: Invoice) -> bool:
    """Of the invoice's trust and in its accounting or cooperation section."""
    party = user_party(user)
    if party is None or party.pk != invoice.health_trust_id:
        return False
    return in_committee(user, invoice.community_id, CommitteeKind.ACCOUNTING) or in_committee(
        user, invoice.community_id, CommitteeKind.COOPERATION_SECTION
    )


def require_municipality(user, invoice: Invoice) -> Party:
    """403 unless `user` belongs to the municipality the invoice is addressed to."""
    party = user_party(user)
    if party is None or party.pk != invoice.municipality_id:
        raise Forbidden(
            "Bare kommunen fakturaen er stilet til kan gjøre dette.", code="not_the_municipality"
        )
    return party


def require_unit_head(user, case: InvoiceObjection) -> None:
    if case.unit.head_id is None or case.unit.head_id != user.pk:
        raise Forbidden(
            "Bare lederen av utskrivende enhet kan besvare innsigelsen.", code="not_the_unit"
        )


def is_section_member(user, case: InvoiceObjection) -> bool:
    party = user_party(user)
    return (
        party is not None
        and party.pk == case.invoice.health_trust_id
        and in_committee(user, case.community_id, CommitteeKind.COOPERATION_SECTION)
    )


def is_lawyer(user, case: InvoiceObjection) -> bool:
    """The trust's lawyer: a member of the cooperation section with legal competence."""
    party = user_party(user)
    return (
        party is not None
        and party.pk == case.invoice.health_trust_id
        and in_committee(
            user,
            case.community_id,
            CommitteeKind.COOPERATION_SECTION,
            competence=Competence.LEGAL,
        )
    )


def required_text(value, field: str, message: str) -> str:
    text = (value or "").strip() if isinstance(value, str) or value is None else None
    if not text:
        raise ValidationFailed(message, errors=[field_error(field, message, "required")])
    return text


def choice(value, allowed: tuple[str, ...], field: str) -> str:
    if value not in allowed:
        message = "Velg " + " eller ".join(f"«{a}»" for a in allowed) + "."
        raise ValidationFailed(message, errors=[field_error(field, message, "invalid_choice")])
    return value
