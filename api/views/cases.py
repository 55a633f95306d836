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
from api.representation import Versions
from api.serializers.cases import CaseEventSerializer, CaseSerializer
from cases import calendar
from cases.changes import changed_after, parse_cursor
from cases.models import CaseKind, Deadline, DeadlineState
from cases.selectors import case_events, cases_visible_to, hidden_person_id

from .common import etag_matches, problems, visible_cases
from .conditional import Conditional, not_modified


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
        description="Sortert etter `updated_at`, `id` stigende med markørpaginering.\n\n"
        "**Polling uten tapte endringer:** bruk `changed_after`. Hver endring av en sak (ny "
        "sak, status, oppgave opprettet, tatt, lagt tilbake, fullført eller fordelt, frist, "
        "dokument, hendelse) får et nummer fra én databasesekvens når endringen lagres, i "
        "samme rekkefølge som endringene blir synlige. Start med `changed_after=0`, og send "
        "`next_cursor` fra svaret i neste kall; en tom side gir samme markør tilbake. Da får "
        "du hver endrede sak (synlig for deg) etter markøren, sortert etter endring, ingen "
        "endring går tapt og ingen sak kommer to ganger for samme endring, også når "
        "transaksjoner lagres i en annen rekkefølge enn de startet. Saken vises med sin "
        "nyeste tilstand; flere endringer av samme sak mellom to kall gir den én gang. "
        "`updated_since` (tidsstempel) beholdes, men kan gå glipp av en endring som lagres "
        "etter en senere endring.",
        parameters=[
            OpenApiParameter(
                "changed_after",
                str,
                OpenApiParameter.QUERY,
                required=False,
                description="Markør: `0` eller `next_cursor` fra forrige svar. Ugyldig "
                "markør gir `400` (`invalid_cursor`).",
            )
        ],
        responses={200: CaseSerializer(many=True), **problems(400)},
    ),
    retrieve=extend_schema(
        summary="Hent én sak",
        description="Svaret har `ETag` og `Last-Modified`; `If-None-Match` gir `304` når "
        "ingenting er endret.",
        responses={200: CaseSerializer, **problems(404)},
    ),
)
class CaseViewSet(Conditional, viewsets.ReadOnlyModelViewSet):
    permission_classes = [SignedIn]
    serializer_class = CaseSerializer
    pagination_class = PollingCursorPagination
    filter_backends = [DjangoFilterBackend]
    filterset_class = CaseFilter
    lookup_value_regex = "[0-9a-fA-F-]{36}"

    def get_queryset(self):
        # The list and the detail read only what names each case's version (its id and
        # change number, and `updated_at` for the page position and `Last-Modified`); the
        # representation comes from `api.representation`. The audit trail asks the kind
        # who may see the opener (`hidden_person_id`).
        if self.action == "events":
            return visible_cases(self.request.user)
        return cases_visible_to(self.request.user).only("pk", "updated_at", "change_seq")

    def filter_queryset(self, queryset):
        # A detail is not filtered, and a list asked for no filter builds no filter form.
        asked = self.request.query_params.keys() & self.filterset_class.base_filters.keys()
        if self.action == "retrieve" or not asked:
            return queryset
        return super().filter_queryset(queryset)

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        if "changed_after" in request.query_params:
            cursor = parse_cursor(request.query_params["changed_after"])
            page = changed_after(queryset, cursor, limit=self.paginator.get_page_size(request))
            cases = page.cases
            response = self.paginator.change_feed_response(request, page, [])
        else:
            cases = self.paginate_queryset(queryset)
            response = self.get_paginated_response([])
        versions = Versions.of(cases, request)
        etag = versions.etag(envelope=response.data)
        if etag and etag_matches(request.headers.get("If-None-Match", ""), etag):
            return not_modified(etag)
        response.data["results"] = versions.bodies()
        if etag:  # else `Conditional` gives the body's hash
            response["ETag"] = etag
        return response

    def retrieve(self, request, *args, **kwargs):
        case = self.get_object()
        versions = Versions.of([case], request)
        etag = versions.etag()
        last_modified = http_date(case.updated_at.timestamp())
        if etag and etag_matches(request.headers.get("If-None-Match", ""), etag):
            return not_modified(etag, last_modified)
        (data,) = versions.bodies()
        headers = {"Last-Modified": last_modified}
        if etag:  # else `Conditional` gives the body's hash
            headers["ETag"] = etag
        return Response(data, headers=headers)

    @extend_schema(
        summary="Sakens hendelseslogg",
        responses={200: CaseEventSerializer(many=True), **problems(404)},
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def events(self, request, pk=None):
        case = self.get_object()
        context = {"hidden_person": hidden_person_id(request.user, case)}
        return Response(CaseEventSerializer(case_events(case), many=True, context=context).data)
