"""The catalog's models, where Django looks for them: the page tree (``pages``), the
reviewer's task (``review``), the 索引号 counter (``numbering``) and the search index
(``search``)."""

from gongkai.catalog.models.guide import GuidePage
from gongkai.catalog.models.numbering import IndexCounter
from gongkai.catalog.models.origin import Origin, PublicationOrigin, record_became_public
from gongkai.catalog.models.pages import (
    AgencyHomePage,
    AgencyPage,
    ColumnPage,
    InfoItem,
    InfoItemAttachment,
    PortalHomePage,
    PublicAddress,
    live_items,
)
from gongkai.catalog.models.review import ReviewTask  # noqa: I001  (after the secrecy models)
from gongkai.catalog.models.search import SearchEntry, SearchPosting, SearchTerm
from gongkai.catalog.models.secrecy import ReviewConclusion, SecrecyReview, WithholdingReview

__all__ = [
    "AgencyHomePage",
    "AgencyPage",
    "ColumnPage",
    "GuidePage",
    "IndexCounter",
    "InfoItem",
    "InfoItemAttachment",
    "Origin",
    "PortalHomePage",
    "PublicAddress",
    "PublicationOrigin",
    "ReviewConclusion",
    "ReviewTask",
    "SearchEntry",
    "SearchPosting",
    "SearchTerm",
    "SecrecyReview",
    "WithholdingReview",
    "live_items",
    "record_became_public",
]
