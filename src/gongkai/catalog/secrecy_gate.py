"""The 保密审查 gate (Art. 17): an item goes public only with a recorded review of the text
being published, and an item marked 不予公开 never goes public.

It stands beside the privacy gate (``privacy_gate.py``) on the same three paths — the
editor's publish button, the reviewer's approval in the workflow, bulk publishing — and
refuses the same way: the publication does not happen, the item stays a draft, and the
editor is told why. Items published before the gate existed stay published; their next
publication needs a review like any other.
"""

from gongkai.catalog.categories import DisclosureMode

# An item is known by its reviews (InfoItem.secrecy_reviews): this module is read by the
# reviewer's task while the models package loads, so it names no model.


def needs_review(page) -> bool:
    """Information items need the review; columns, guides and home pages do not."""
    return hasattr(page, "secrecy_reviews")


def reviewed(page, revision_id=None) -> bool:
    """Whether the revision to be published (the latest, unless named) has its review."""
    revision_id = revision_id or page.latest_revision_id
    return revision_id is not None and page.secrecy_reviews.filter(revision_id=revision_id).exists()


def withheld(page) -> bool:
    return getattr(page, "disclosure_mode", None) == DisclosureMode.WITHHELD
