"""Writes. Each service validates, locks, changes, records the event (R-AUD-1)."""
