"""Bare authenticated DRF endpoints: what the stack costs with no domain logic."""

import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from rest_framework import serializers
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.models import Case
from cases.selectors import cases_visible_to


class BareETag:
    """The same conditional-GET contract as the API (hash of the body), in its plainest form."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method == "GET" and response.status_code == 200:
            body = json.dumps(response.data, cls=DjangoJSONEncoder, sort_keys=True)
            etag = '"' + hashlib.sha256(body.encode()).hexdigest() + '"'
            response["ETag"] = etag
            if request.headers.get("If-None-Match") == etag:
                not_modified = Response(status=304, headers={"ETag": etag})
                return super().finalize_response(request, not_modified, *args, **kwargs)
        return response


class ConstantView(BareETag, APIView):
    def get(self, request):
        return Response({"ok": True})


class CaseRowSerializer(serializers.ModelSerializer):
    class Meta:
        model = Case
        fields = ["id", "kind", "reference", "title", "status", "created_at", "updated_at"]


class CaseRowsView(BareETag, ListAPIView):
    serializer_class = CaseRowSerializer

    def get_queryset(self):
        return Case.objects.order_by("updated_at", "id")[:50]


class CaseRowView(BareETag, RetrieveAPIView):
    serializer_class = CaseRowSerializer
    queryset = Case.objects.all()


class VisibleCaseRowView(CaseRowView):
    """The same row through the product's visibility rule (R-PTY-2): what checking who may
    see the case costs by itself, with nothing else of the product."""

    def get_queryset(self):
        return cases_visible_to(self.request.user)
