"""Periodic work on Celery beat: the sweep (viewflow timers, every process's hooks, missed
deadlines, unsent e-mail)."""

from celery import shared_task

from .sweep import run_sweep


@shared_task(ignore_result=True)
def sweep() -> dict:
    return run_sweep()
