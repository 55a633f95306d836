"""Reads. Visibility is applied here once, and reused by the API and the web UI (R-PTY-2)."""

from django.db.models import Q, QuerySet

from .models import Case, CaseEvent, Committee, CommitteeKind, HospitalUnit, Party
from .roles import Viewer


def visibility_condition(user) -> Q:
    """Deny by default: a case is visible only by the rule of its own kind."""
    viewer = Viewer.of(user)
    if viewer.user_id is None:
        return Q(pk__in=[])
    condition = Q(pk__in=[])
    for kind, model in Case.kinds().items():
        condition |= Q(kind=kind) & model.visibility(viewer)
    return condition


def cases_visible_to(user) -> QuerySet[Case]:
    """Cases a user may see, each by its kind's rule (`Case.visibility`)."""
    condition = visibility_condition(user)
    return Case.objects.filter(pk__in=Case.objects.filter(condition).values("pk"))


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
