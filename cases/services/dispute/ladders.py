"""Which ladder a community's agreement uses. The demo loader and tests call `assign_ladder`
with one of `cases.ladder_data`'s slugs (`LADDER_A`, `LADDER_B`)."""

from cases.ladder_data import LADDERS, install_ladder
from cases.models import Community, DisputeLadder, LadderStage


def assign_ladder(community: Community, slug: str) -> DisputeLadder:
    """Give `community` the standard ladder `slug`, installing it if it is missing."""
    ladder = DisputeLadder.objects.filter(slug=slug).first()
    if ladder is None:
        ladder = install_ladder(DisputeLadder, LadderStage, slug, LADDERS[slug])
    community.dispute_ladder = ladder
    community.save(update_fields=["dispute_ladder"])
    return ladder
