"""Demo data of fakturainnsigelse (filled in below)."""


def load_demo(community, users: dict) -> None:
    """Sample invoices and objections of `community`, driven through the real services."""
