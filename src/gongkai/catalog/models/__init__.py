"""The catalog's models, where Django looks for them: the page tree (``pages``), the
reviewer's task (``review``), the 索引号 counter (``numbering``) and the search index
(``search``)."""

from gongkai.catalog.models.numbering import IndexCounter
from gongkai.catalog.models.origin import Origin, PublicationOrigin, record_became_public
from gongkai.catalog.models.pages import (
    AgencyHomePage,
    AgencyPage,
    ColumnPage,
    GuidePage,
    InfoItem,
    InfoItemAttachment,
    PortalHomePage,
    PublicAddress,
    live_items,
)
from gongkai.catalog.models.review import ReviewTask
from gongkai.catalog.models.search import SearchEntry, SearchPosting, SearchTerm

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
    "ReviewTask",
    "SearchEntry",
    "SearchPosting",
    "SearchTerm",
    "live_items",
    "record_became_public",
]
