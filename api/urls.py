from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import SimpleRouter

from api.permissions import Anyone
from api.views.auth import MeView, TokenView
from api.views.cases import CaseViewSet
from api.views.conditional import Conditional
from api.views.disputes import DisputeViewSet
from api.views.documents import CaseDocumentViewSet
from api.views.invoices import CaseJournalViewSet, CasePatientDataReadViewSet, InvoiceViewSet
from api.views.reference import CommitteeViewSet, PartyViewSet, UnitViewSet
from api.views.task_transfers import TaskTransferViewSet
from api.views.tasks import TaskViewSet
from api.views.usk import ChargeableDaysView

app_name = "api"


class SchemaView(Conditional, SpectacularAPIView):
    """The schema, with an `ETag` like every other resource; not part of itself."""

    schema = None
    permission_classes = [Anyone]
    authentication_classes: list = []


router = SimpleRouter()
router.register("cases", CaseViewSet, basename="case")
router.register(
    r"cases/(?P<case_pk>[0-9a-fA-F-]{36})/documents", CaseDocumentViewSet, basename="case-document"
)
router.register(
    r"cases/(?P<case_pk>[0-9a-fA-F-]{36})/journal", CaseJournalViewSet, basename="case-journal"
)
router.register(
    r"cases/(?P<case_pk>[0-9a-fA-F-]{36})/patient-data-reads",
    CasePatientDataReadViewSet,
    basename="case-patient-data-read",
)
router.register("tasks", TaskViewSet, basename="task")
router.register("task-transfers", TaskTransferViewSet, basename="task-transfer")
router.register("disputes", DisputeViewSet, basename="dispute")
router.register("invoices", InvoiceViewSet, basename="invoice")
router.register("parties", PartyViewSet, basename="party")
router.register("committees", CommitteeViewSet, basename="committee")
router.register("units", UnitViewSet, basename="unit")

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="token"),
    path("me/", MeView.as_view(), name="me"),
    path("usk/chargeable-days/", ChargeableDaysView.as_view(), name="usk-chargeable-days"),
    path(
        "schema/",
        SchemaView.as_view(),
        name="schema",
    ),
    path(
        "docs/",
        SpectacularSwaggerView.as_view(
            url_name="api:schema", permission_classes=[Anyone], authentication_classes=[]
        ),
        name="docs",
    ),
    *router.urls,
]
