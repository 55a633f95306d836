"""Reads. Visibility is applied here once, and reused by the API and the web UI (R-PTY-2)."""

from dataclasses import dataclass
from functools import lru_cache

from django.core.exceptions import EmptyResultSet
from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.db.models.expressions import RawSQL

from . import calendar
from .models import (
    Case,
    CaseEvent,
    CaseLink,
    Committee,
    CommitteeKind,
    Deadline,
    DeadlineState,
    HospitalUnit,
    Party,
)
from .roles import Viewer


def _condition(viewer: Viewer, kinds) -> Q:
    """Deny by default: a case is visible only by the rule of its own kind."""
    if viewer.user_id is None:
        return Q(pk__in=[])
    condition = Q(pk__in=[])
    for kind, model in kinds:
        condition |= Q(kind=kind) & model.visibility(viewer)
    return condition


@lru_cache(maxsize=1024)
def _visible_ids_sql(viewer: Viewer, kinds) -> tuple[str, tuple] | None:
    """The SQL that selects the ids of the cases `viewer` may see. Each rule is a function of
    the viewer alone (its party and seats, read afresh on every request) and of the kinds
    registered, so the statement is compiled once per viewer and kinds, not per request."""
    # No order (the model's default would be compiled in): an ordered subquery is sorted
    # whole before the outer query can use it.
    ids = Case.objects.filter(_condition(viewer, kinds)).order_by().values("pk")
    try:
        return ids.query.sql_with_params()
    except EmptyResultSet:  # no rule lets this viewer see any case
        return None


def cases_visible_to(user) -> QuerySet[Case]:
    """Cases a user may see, each by its kind's rule (`Case.visibility`)."""
    ids = _visible_ids_sql(Viewer.of(user), tuple(Case.kinds().items()))
    if ids is None:
        return Case.objects.none()
    # Django's own compilation of the rules above, its values passed as parameters.
    return Case.objects.filter(pk__in=RawSQL(*ids))  # noqa: S611


CASE_ORDERS = {
    "updated": ("-updated_at", "-pk"),
    "reference": ("reference",),
    "title": ("title", "reference"),
    "status": ("status", "reference"),
    "deadline": (F("next_due").asc(nulls_last=True), "reference"),
}


def with_next_deadline(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Each case with the last day of its earliest open deadline (`next_due`)."""
    first_open = Deadline.objects.filter(case=OuterRef("pk"), state=DeadlineState.OPEN).order_by(
        "due_on"
    )
    return cases.annotate(next_due=Subquery(first_open.values("due_on")[:1]))


def case_search(
    cases: QuerySet[Case],
    *,
    text: str = "",
    kind: str = "",
    status: str = "",
    party: Party | None = None,
    overdue: bool = False,
    order: str = "updated",
) -> QuerySet[Case]:
    """Search within `cases` (already cut to what the user may see): free text in the
    reference, SSU number, title and the kind's text fields; filters; an order."""
    text = text.strip()
    if text:
        condition = (
            Q(reference__icontains=text)
            | Q(ssu_case_number__icontains=text)
            | Q(title__icontains=text)
        )
        for model in Case.kinds().values():
            for lookup in model.search_lookups():
                condition |= Q(**{f"{lookup}__icontains": text})
        cases = cases.filter(condition)
    if kind:
        cases = cases.filter(kind=kind)
    if status:
        cases = cases.filter(status=status)
    if party is not None:
        cases = cases.filter(pk__in=Case.objects.filter(parties=party).values("pk"))
    cases = with_next_deadline(cases)
    if overdue:
        cases = cases.filter(next_due__lt=calendar.today())
    return cases.order_by(*CASE_ORDERS.get(order, CASE_ORDERS["updated"]))


def sees_contact(user, case: Case) -> bool:
    """Whether `user` may see who opened `case` and how to reach them, by the rule of its kind
    (`Case.contact_visible_to`)."""
    return case.specific.contact_visible_to(Viewer.of(user))


def hidden_person_id(user, case: Case) -> int | None:
    """The user `user` may not see by name on `case` (the one who opened it), or None."""
    return None if sees_contact(user, case) else case.created_by_id


def case_events(case: Case) -> QuerySet[CaseEvent]:
    return case.events.select_related("actor__profile__party").order_by("at", "id")


def communities_of(user) -> set[int]:
    """The communities a user belongs to: through the party, and through committee seats."""
    viewer = Viewer.of(user)
    communities = {community for _, community, _ in viewer.seats}
    if viewer.party_id is not None:
        communities |= set(
            Party.objects.filter(pk=viewer.party_id).values_list("community_id", flat=True)
        )
    return communities


def parties_of_my_communities(user) -> QuerySet[Party]:
    return Party.objects.filter(community_id__in=communities_of(user))


def committees_visible_to(user) -> QuerySet[Committee]:
    """The standing committees of the user's communities, and the expert panels of the cases
    the user may see."""
    panels = Q(kind=CommitteeKind.EXPERT_PANEL, case__in=cases_visible_to(user))
    standing = ~Q(kind=CommitteeKind.EXPERT_PANEL) & Q(community_id__in=communities_of(user))
    return Committee.objects.filter(standing | panels)


def units_of_my_communities(user) -> QuerySet[HospitalUnit]:
    return HospitalUnit.objects.filter(party__community_id__in=communities_of(user))


def open_requests_for(user) -> dict:
    """What the user's party (or the unit the user heads) is asked for and has not answered:
    statement requests and consultations, on open cases the user may see."""
    from .models import Consultation, StatementRequest

    visible = cases_visible_to(user).filter(closed_at__isnull=True).values("pk")
    viewer = Viewer.of(user)
    addressed = Q(unit__head_id=viewer.user_id)
    if viewer.party_id is not None:
        addressed |= Q(unit__isnull=True, party_id=viewer.party_id)
    statements = StatementRequest.objects.filter(
        addressed, received_at__isnull=True, case__in=visible
    ).select_related("case", "party", "unit__party")
    consultations = Consultation.objects.none()
    if viewer.party_id is not None:
        consultations = (
            Consultation.objects.filter(
                closed_at__isnull=True, consultees=viewer.party_id, case__in=visible
            )
            .exclude(responses__party_id=viewer.party_id)
            .select_related("case")
        )
    return {"statements": statements.order_by("due_on"), "consultations": consultations}


@dataclass(frozen=True)
class LinkedCase:
    case: Case
    relation: str
    label: str


def linked_cases(case_ids, user=None) -> dict:
    """The cases linked to each of `case_ids`, from either end of the link, each with how it
    relates to that case; with `user`, only those the user may see. Two queries at most."""
    case_ids = set(case_ids)
    links = CaseLink.objects.filter(Q(case_id__in=case_ids) | Q(other_id__in=case_ids))
    found: dict = {pk: [] for pk in case_ids}
    for link in links.select_related("case", "other").order_by("created_at", "pk"):
        if link.case_id in case_ids:
            found[link.case_id].append(
                LinkedCase(link.other, link.relation, link.get_relation_display())
            )
        if link.other_id in case_ids:
            inverse = CaseLink.INVERSE[link.relation]
            found[link.other_id].append(
                LinkedCase(link.case, inverse, CaseLink.INVERSE_LABELS[inverse])
            )
    if user is not None and any(found.values()):
        visible = visible_ids(user, {linked.case.pk for rows in found.values() for linked in rows})
        found = {pk: [x for x in rows if x.case.pk in visible] for pk, rows in found.items()}
    return found


def visible_ids(user, ids) -> set:
    """Which of the cases `ids` the user may see: one query, none for no ids."""
    if not ids:
        return set()
    return set(cases_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
