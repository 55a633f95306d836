"""Outgoing e-mail, written in the same transaction as the change it tells of.

A row is the promise to send: a worker sends it after commit and retries; the sweep sends
whatever is still unsent (a broker that was down, an SMTP server that failed). Nothing that
committed goes untold, and nothing that rolled back is told.
"""

from django.db import models

from .case import Case


class OutgoingMail(models.Model):
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    subject = models.CharField("emne", max_length=300)
    body = models.TextField("tekst")
    recipients = models.JSONField("mottakere", default=list)
    created_at = models.DateTimeField("opprettet", auto_now_add=True)
    sent_at = models.DateTimeField("sendt", null=True, blank=True)
    attempts = models.PositiveIntegerField("forsøk", default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField("siste feil", blank=True)

    class Meta:
        verbose_name = "utgående e-post"
        verbose_name_plural = "utgående e-post"
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(sent_at__isnull=True),
                name="unsent_mail_idx",
            )
        ]

    def __str__(self) -> str:
        return self.subject
