"""Roles come from committee memberships (R-PTY-2).

Membership of a committee grants the permission string `cases.committee_<pk>`; viewflow task
queues and our services both ask for it, so one table decides who may do what.
"""

from dataclasses import dataclass

from django.contrib.auth.backends import BaseBackend

from .models import Committee, CommitteeKind, Community, Membership, Party
from .services.transactions import action_memo

_CACHE = "_saksflyt_committee_ids"


def committee_ids(user) -> frozenset[int]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    if not hasattr(user, _CACHE):
        ids = Membership.objects.filter(user=user).values_list("committee_id", flat=True)
        setattr(user, _CACHE, frozenset(ids))
    return getattr(user, _CACHE)


@dataclass(frozen=True)
class Viewer:
    """Who is looking, fetched once: the user's party and committee seats. Each kind of case
    turns it into its visibility rule (`Case.visibility`)."""

    user_id: int | None
    party_id: int | None
    seats: frozenset[tuple[str, int, object]]  # (committee kind, community id, panel case id)

    @classmethod
    def of(cls, user) -> "Viewer":
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return cls(None, None, frozenset())
        profile = getattr(user, "profile", None)
        # The seats and the committee ids (`committee_ids`' per-request cache) in one query.
        rows = Membership.objects.filter(user=user).values_list(
            "committee_id", "committee__kind", "committee__community_id", "committee__case_id"
        )
        rows = list(rows)
        setattr(user, _CACHE, frozenset(row[0] for row in rows))
        seats = frozenset(row[1:] for row in rows)
        return cls(user.pk, profile.party_id if profile else None, seats)

    def communities_where(self, *kinds: str) -> set[int]:
        """Communities where the viewer sits on one of the standing committees `kinds`."""
        return {community for kind, community, _ in self.seats if kind in kinds}

    @property
    def panel_case_ids(self) -> set:
        """Cases whose expert panel the viewer sits on."""
        return {case for kind, _, case in self.seats if kind == CommitteeKind.EXPERT_PANEL}


def forget_roles(user) -> None:
    """Drop the per-request cache after memberships change."""
    if hasattr(user, _CACHE):
        delattr(user, _CACHE)
    for attr in ("_perm_cache", "_user_perm_cache"):
        if hasattr(user, attr):
            delattr(user, attr)


def is_member(user, committee: Committee | None) -> bool:
    return committee is not None and committee.pk in committee_ids(user)


def standing_committee(community: Community | int, kind: str) -> Committee | None:
    """The community's (a community or its id) standing committee of `kind`: the first of
    its kind. Inside an action the community's standing committees are read once, together
    (no action creates or removes one; only the per-case expert panels come and go)."""
    memo = action_memo()
    if memo is None or kind == CommitteeKind.EXPERT_PANEL:
        return Committee.objects.filter(community=community, kind=kind).order_by("pk").first()
    community_id = getattr(community, "pk", community)
    standing = memo.get(("standing_committees", community_id))
    if standing is None:
        standing = {}
        rows = Committee.objects.filter(community_id=community_id).exclude(
            kind=CommitteeKind.EXPERT_PANEL
        )
        for committee in rows.order_by("pk"):
            standing.setdefault(committee.kind, committee)
        memo[("standing_committees", community_id)] = standing
    return standing.get(kind)


def role_in(user, community: Community, kind: str) -> bool:
    return is_member(user, standing_committee(community, kind))


def party_of(user) -> Party | None:
    profile = getattr(user, "profile", None) if user.is_authenticated else None
    return profile.party if profile else None


def roles_of(user) -> list[dict]:
    """What `GET /api/v1/me/` tells: each committee the user sits on."""
    rows = Membership.objects.filter(user=user).select_related("committee", "party")
    return [
        {
            "committee": m.committee_id,
            "committee_name": m.committee.name,
            "kind": m.committee.kind,
            "competence": m.competence or None,
            "is_chair": m.is_chair,
        }
        for m in rows
    ]


class RoleBackend(BaseBackend):
    """Grants `cases.committee_<pk>` for each membership."""

    def get_all_permissions(self, user_obj, obj=None):
        return {f"cases.committee_{pk}" for pk in committee_ids(user_obj)}

    def has_perm(self, user_obj, perm, obj=None):
        return perm in self.get_all_permissions(user_obj, obj)


__all__ = [
    "CommitteeKind",
    "RoleBackend",
    "Viewer",
    "committee_ids",
    "forget_roles",
    "is_member",
    "party_of",
    "role_in",
    "roles_of",
    "standing_committee",
]
