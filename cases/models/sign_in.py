"""Refused sign-ins and the account locks they lead to. Kept in the database, so every web
process counts the same attempts."""

from django.db import models
from django.utils import timezone


class LoginFailure(models.Model):
    """One refused sign-in (web, admin or API), by user name and client address."""

    username = models.CharField(max_length=150)
    address = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "mislykket innlogging"
        verbose_name_plural = "mislykkede innlogginger"
        indexes = [
            models.Index(fields=["username", "at"], name="loginfailure_username_at"),
            models.Index(fields=["address", "at"], name="loginfailure_address_at"),
            models.Index(fields=["at"], name="loginfailure_at"),
        ]

    def __str__(self) -> str:
        return f"{self.username} {self.at:%Y-%m-%d %H:%M}"


class AccountLock(models.Model):
    """A user name refused until `locked_until`, after too many failures. Lifting it (in the
    admin) deletes the row."""

    username = models.CharField("brukernavn", max_length=150, unique=True)
    locked_at = models.DateTimeField("sperret fra")
    locked_until = models.DateTimeField("sperret til")
    address = models.GenericIPAddressField("siste adresse", null=True, blank=True)

    class Meta:
        verbose_name = "sperret konto"
        verbose_name_plural = "sperrede kontoer"

    def __str__(self) -> str:
        return self.username

    @property
    def active(self) -> bool:
        return self.locked_until > timezone.now()
