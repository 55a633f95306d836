"""Norwegian dates as people write them in case work: 01.12.2026 and 01.12.2026 14:05.

Django's own `nb` formats spell the month out ("1. desember 2026"); viewflow's lists, cards and
detail pages render dates with these defaults, so setting them here makes every page agree.
"""

DATE_FORMAT = "d.m.Y"
DATETIME_FORMAT = "d.m.Y H:i"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
# Input formats stay Django's nb defaults: ISO first, as <input type="date"> sends it.
