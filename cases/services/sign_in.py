"""Sign-in with lockout and throttling, for the web login, the admin login and the API token.

- A user name is locked for `SAKSFLYT_LOCKOUT_MINUTES` after `SAKSFLYT_LOCKOUT_FAILURES` refused
  sign-ins within `SAKSFLYT_LOCKOUT_WINDOW_MINUTES`. While locked, even the right password is
  refused (and not checked). The lock ends by itself, or staff lift it in the admin.
- One client address is throttled after `SAKSFLYT_LOGIN_THROTTLE_FAILURES` refused sign-ins
  within `SAKSFLYT_LOGIN_THROTTLE_MINUTES`, whatever the user names (password spraying).
- A successful sign-in clears the user name's count.

Counts live in the database, so all web processes share them. Logs name the user name and the
address, never the password.
"""

import ipaddress
import logging
import math
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.utils import timezone

from cases.errors import DomainError
from cases.models import AccountLock, LoginFailure

logger = logging.getLogger(__name__)

# Refused sign-ins older than this are of no use to any count.
KEEP_FAILURES = timedelta(days=1)


class LoginRefused(DomainError):
    """Too many refused sign-ins: the answer is 429 with `Retry-After`."""

    status = 429

    def __init__(self, message: str, *, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


class AccountLocked(LoginRefused):
    code = "account_locked"


class LoginThrottled(LoginRefused):
    code = "throttled"


def _minutes(name: str) -> timedelta:
    return timedelta(minutes=getattr(settings, name))


def _seconds_until(moment: datetime, now: datetime) -> int:
    return max(1, math.ceil((moment - now).total_seconds()))


def _in_minutes(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return "ett minutt" if minutes == 1 else f"{minutes} minutter"


def username_key(username: str) -> str:
    """One count per user name, whatever its case."""
    return username.strip().casefold()[:150]


def client_address(request) -> str | None:
    """The client's address: behind `SAKSFLYT_PROXY_COUNT` proxies, the one the outermost
    proxy appended to X-Forwarded-For; otherwise the socket's peer."""
    address = request.META.get("REMOTE_ADDR")
    proxies = settings.SAKSFLYT_PROXY_COUNT
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [a for a in forwarded if a]
    if proxies and len(forwarded) >= proxies:
        address = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(address or ""))
    except ValueError:
        return None


def account_locked_error(lock: AccountLock, now: datetime) -> AccountLocked:
    seconds = _seconds_until(lock.locked_until, now)
    until = timezone.localtime(lock.locked_until)
    return AccountLocked(
        "Kontoen er midlertidig sperret etter for mange mislykkede innlogginger. Sperren "
        f"oppheves av seg selv kl. {until:%H:%M} (om {_in_minutes(seconds)}). Haster det, kan "
        "en administrator oppheve sperren i administrasjonen.",
        retry_after=seconds,
    )


def check_not_refused(key: str, address: str | None, now: datetime) -> None:
    """Raise when the user name is locked or the address throttled; change nothing."""
    lock = AccountLock.objects.filter(username=key, locked_until__gt=now).first()
    if lock is not None:
        raise account_locked_error(lock, now)
    if address is None:
        return
    window = _minutes("SAKSFLYT_LOGIN_THROTTLE_MINUTES")
    recent = LoginFailure.objects.filter(address=address, at__gt=now - window).order_by("-at")
    limit = settings.SAKSFLYT_LOGIN_THROTTLE_FAILURES
    counted = list(recent.values_list("at", flat=True)[:limit])
    if len(counted) >= limit:
        seconds = _seconds_until(counted[-1] + window, now)
        logger.warning("login throttled address=%s", address)
        raise LoginThrottled(
            "For mange mislykkede innlogginger fra din adresse. Prøv igjen om "
            f"{_in_minutes(seconds)}.",
            retry_after=seconds,
        )


@transaction.atomic
def record_failure(key: str, address: str | None, now: datetime) -> AccountLock | None:
    """Count one refused sign-in; lock the user name when it reaches the limit."""
    LoginFailure.objects.filter(at__lt=now - KEEP_FAILURES).delete()
    LoginFailure.objects.create(username=key, address=address, at=now)
    window = _minutes("SAKSFLYT_LOCKOUT_WINDOW_MINUTES")
    failures = LoginFailure.objects.filter(username=key, at__gt=now - window)
    count = failures.count()
    if count < settings.SAKSFLYT_LOCKOUT_FAILURES:
        return None
    lock, _ = AccountLock.objects.update_or_create(
        username=key,
        defaults={
            "locked_at": now,
            "locked_until": now + _minutes("SAKSFLYT_LOCKOUT_MINUTES"),
            "address": address,
        },
    )
    # The failures are spent on this lock: once it ends, counting starts again.
    failures.delete()
    logger.warning(
        "account locked username=%s address=%s failures=%d until=%s",
        key,
        address,
        count,
        lock.locked_until.isoformat(),
    )
    return lock


def sign_in(request, *, username: str, password: str):
    """The user for these credentials, or None when they are wrong. Raises `AccountLocked` or
    `LoginThrottled` (and checks no password) when too many sign-ins were refused."""
    key, address, now = username_key(username), client_address(request), timezone.now()
    check_not_refused(key, address, now)
    user = authenticate(request, username=username, password=password)
    if user is None or not user.is_active:
        lock = record_failure(key, address, now)
        if lock is not None:
            raise account_locked_error(lock, now)
        return None
    LoginFailure.objects.filter(username=key).delete()
    return user


def lift_locks(usernames) -> int:
    """Staff lift locks before they end (admin); the user names start from zero."""
    keys = [username_key(name) for name in usernames]
    LoginFailure.objects.filter(username__in=keys).delete()
    deleted, _ = AccountLock.objects.filter(username__in=keys).delete()
    return deleted
