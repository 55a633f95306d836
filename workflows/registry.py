"""Every flow of Saksflyt, by case kind."""

from cases.models import CaseKind

from .task_transfer.flow import TaskTransferFlow

FLOWS = {CaseKind.TASK_TRANSFER: TaskTransferFlow}
ALL_FLOWS = list(FLOWS.values())
