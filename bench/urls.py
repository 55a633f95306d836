"""The product's URLs, and beside them the bare endpoints the API is measured against.

Both bare endpoints are authenticated exactly as the API is (the API's default
authentication and permission classes) and served by the same server and settings:
- `/bench/constant/`: a constant body, the floor of an authenticated DRF request;
- `/bench/cases/`: a plain `ModelSerializer` list of the same rows as the case list (the 50
  cases first in the list's order), no visibility rule, no nested objects;
- `/bench/visible-cases/{id}/`: one such row through the product's visibility rule, to show
  what the rule itself costs beside the bare row.
Each answers with an `ETag` and 304 to a matching `If-None-Match`, as the API does.
"""

from django.urls import include, path

from bench import bare

urlpatterns = [
    path("bench/constant/", bare.ConstantView.as_view()),
    path("bench/cases/", bare.CaseRowsView.as_view()),
    path("bench/cases/<uuid:pk>/", bare.CaseRowView.as_view()),
    path("bench/visible-cases/<uuid:pk>/", bare.VisibleCaseRowView.as_view()),
    path("", include("config.urls")),
]
