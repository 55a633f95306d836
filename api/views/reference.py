"""Reference data: the parties of my communities, committees with their members, hospital
units. Any signed-in user; each list is limited to the caller's own communities, so a client
needs nothing but the API to find the ids a step form takes."""

import django_filters
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from api.permissions import SignedIn
from api.serializers.reference import (
    CommitteeSerializer,
    MemberSerializer,
    PartySerializer,
    UnitSerializer,
)
from cases.models import CommitteeKind, PartyKind
from cases.selectors import (
    committees_visible_to,
    parties_of_my_communities,
    units_of_my_communities,
)

from .common import problems
from .conditional import Conditional


class PartyFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=PartyKind.choices)


class CommitteeFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=CommitteeKind.choices)


@extend_schema_view(
    list=extend_schema(
        summary="Partene i mine helsefellesskap",
        responses={200: PartySerializer(many=True), **problems(400)},
    ),
    retrieve=extend_schema(summary="Én part", responses={200: PartySerializer, **problems(404)}),
)
class PartyViewSet(Conditional, viewsets.ReadOnlyModelViewSet):
    permission_classes = [SignedIn]
    serializer_class = PartySerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = PartyFilter
    pagination_class = None

    def get_queryset(self):
        return parties_of_my_communities(self.request.user).order_by("kind", "name")


@extend_schema_view(
    list=extend_schema(
        summary="Utvalgene i mine helsefellesskap",
        responses={200: CommitteeSerializer(many=True), **problems(400)},
    ),
    retrieve=extend_schema(
        summary="Ett utvalg", responses={200: CommitteeSerializer, **problems(404)}
    ),
)
class CommitteeViewSet(Conditional, viewsets.ReadOnlyModelViewSet):
    permission_classes = [SignedIn]
    serializer_class = CommitteeSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = CommitteeFilter
    pagination_class = None

    def get_queryset(self):
        return committees_visible_to(self.request.user).order_by("kind", "name")

    @extend_schema(
        summary="Utvalgets medlemmer (id, navn, part, kompetanse, leder)",
        responses={200: MemberSerializer(many=True), **problems(404)},
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def members(self, request, pk=None):
        committee = self.get_object()
        rows = committee.memberships.select_related("user", "party").order_by(
            "user__first_name", "user__last_name", "pk"
        )
        return Response(MemberSerializer(rows, many=True).data)


@extend_schema_view(
    list=extend_schema(
        summary="Enhetene i helseforetakene",
        responses={200: UnitSerializer(many=True), **problems()},
    ),
    retrieve=extend_schema(summary="Én enhet", responses={200: UnitSerializer, **problems(404)}),
)
class UnitViewSet(Conditional, viewsets.ReadOnlyModelViewSet):
    permission_classes = [SignedIn]
    serializer_class = UnitSerializer
    pagination_class = None

    def get_queryset(self):
        return units_of_my_communities(self.request.user).select_related("party", "head")
