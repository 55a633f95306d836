"""The human step of tvisteløsning: normalized input → one case service."""

from cases.services import dispute as dsp


def follow_up(case, user, data: dict):
    """The party of the task's holder states its position at the current stage."""
    return dsp.dispute_record_position(case=case, actor=user, text=data["text"])
