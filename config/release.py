"""One name for the code that is running: a digest of the project's own source and translations
and of the framework versions. What is derived from code (a status text, a task's title, the
shape of a representation) can change only when this does, so caches and validators that must
not outlive a deploy carry it (`api.representation`)."""

import hashlib
from functools import cache
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("api", "cases", "config", "workflows", "locale")
SUFFIXES = (".py", ".mo", ".json")


@cache
def release() -> str:
    """Computed once per process, on first use (it reads every source file)."""
    digest = hashlib.sha256()
    for name in ("django", "django-viewflow", "djangorestframework"):
        digest.update(f"{name}={version(name)};".encode())
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*")):
            if path.suffix in SUFFIXES and path.is_file():
                digest.update(path.relative_to(ROOT).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
