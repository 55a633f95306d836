from django.db import models
from viewflow.workflow.models import Process


class CaseProcess(Process):
    """The viewflow process that carries the human work of one case."""

    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="process")

    class Meta:
        verbose_name = "saksprosess"
        verbose_name_plural = "saksprosesser"
