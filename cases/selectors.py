"""Reads. Visibility is applied here once, and reused by the API and the web UI (R-PTY-2)."""

from django.db.models import Q, QuerySet

from .models import Case, CaseEvent, Committee
from .roles import committee_ids, party_of


def cases_visible_to(user) -> QuerySet[Case]:
    """Cases a user may see: those of the user's party, those the user proposed, and those of
    a community (or a panel) where the user sits on a committee."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Case.objects.none()
    ids = committee_ids(user)
    communities = (
        Committee.objects.filter(pk__in=ids).exclude(kind="expert_panel").values("community_id")
    )
    panel_cases = Committee.objects.filter(pk__in=ids, kind="expert_panel").values("case_id")
    condition = Q(created_by=user) | Q(community_id__in=communities) | Q(pk__in=panel_cases)
    party = party_of(user)
    if party is not None:
        condition |= Q(parties=party)
    return Case.objects.filter(pk__in=Case.objects.filter(condition).values("pk"))


def case_events(case: Case) -> QuerySet[CaseEvent]:
    return case.events.select_related("actor").order_by("at", "id")
