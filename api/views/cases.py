"""The case read model: list (polled), detail (ETag), audit trail. Any signed-in user;
visibility (R-PTY-2) comes from `cases.selectors.cases_visible_to`."""

import django_filters
from django.utils.http import http_date
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from api.filters import IdFilter, InstantFilter
from api.pagination import PollingCursorPagination
from api.permissions import SignedIn
from api.serializers.cases import CaseEventSerializer, CaseSerializer
from cases import calendar
from cases.models import CaseKind, Deadline, DeadlineState
from cases.selectors import case_events

from .common import case_page_context, etag_matches, etag_of, problems, visible_cases


class CaseFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=CaseKind.choices)
    status = django_filters.CharFilter(help_text="Maskinverdi, f.eks. `awaiting_ssu`.")
    party = IdFilter(field_name="parties", help_text="Partens id.")
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", help_text="`true`: saker med en åpen frist som er passert."
    )
    updated_since = InstantFilter(
        field_name="updated_at",
        lookup_expr="gte",
        help_text="ISO 8601; saker endret på eller etter dette tidspunktet.",
    )

    def filter_overdue(self, queryset, name, value):
        late = Deadline.objects.filter(
            state=DeadlineState.OPEN, due_on__lt=calendar.today()
        ).values("case_id")
        return queryset.filter(pk__in=late) if value else queryset.exclude(pk__in=late)


@extend_schema_view(
    list=extend_schema(
        summary="List synlige saker",
        description="Sortert etter `updated_at`, `id` stigende med markørpaginering: ta vare på "
        "`next`, eller bruk `updated_since`, for å hente det som er endret siden sist.",
        responses={200: CaseSerializer(many=True), **problems(400)},
    ),
    retrieve=extend_schema(
        summary="Hent én sak",
        description="Svaret har `ETag` og `Last-Modified`; `If-None-Match` gir `304` når "
        "ingenting er endret.",
        parameters=[
            OpenApiParameter("If-None-Match", str, OpenApiParameter.HEADER, required=False)
        ],
        responses={200: CaseSerializer, 304: None, **problems(404)},
    ),
)
class CaseViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [SignedIn]
    serializer_class = CaseSerializer
    pagination_class = PollingCursorPagination
    filter_backends = [DjangoFilterBackend]
    filterset_class = CaseFilter
    lookup_value_regex = "[0-9a-fA-F-]{36}"

    def get_queryset(self):
        return visible_cases(self.request.user)

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        context = {**self.get_serializer_context(), **case_page_context(page)}
        data = CaseSerializer(page, many=True, context=context).data
        return self.get_paginated_response(data)

    def retrieve(self, request, *args, **kwargs):
        case = self.get_object()
        context = {**self.get_serializer_context(), **case_page_context([case])}
        data = CaseSerializer(case, context=context).data
        etag = etag_of(data)
        headers = {"ETag": etag, "Last-Modified": http_date(case.updated_at.timestamp())}
        if etag_matches(request.headers.get("If-None-Match", ""), etag):
            return Response(status=304, headers=headers)
        return Response(data, headers=headers)

    @extend_schema(
        summary="Sakens hendelseslogg",
        responses={200: CaseEventSerializer(many=True), **problems(404)},
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def events(self, request, pk=None):
        case = self.get_object()
        return Response(CaseEventSerializer(case_events(case), many=True).data)
