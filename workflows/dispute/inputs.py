"""API input of the dispute's human step: the position of the party of whoever holds the
stage's task. Whether a position may be recorded now is the service's rule."""

from rest_framework import serializers

from workflows.inputs import StrictSerializer


class FollowUpInputSerializer(StrictSerializer):
    """Følg opp tvisten: partens standpunkt på trinnet saken står på."""

    text = serializers.CharField(allow_blank=True, help_text="Partens standpunkt.")
