"""What makes two installations the same site, as plain data to compare: the page tree,
the search index and its answers, the cases, the stored files. Run as a script it prints
the fingerprint of the installation its environment names."""

import hashlib
import json
from pathlib import Path


def _files(root) -> dict[str, str]:
    root = Path(root)
    if not root.is_dir():
        return {}
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def fingerprint() -> dict:
    from django.conf import settings
    from wagtail.models import Page

    from gongkai.applications.models import Application
    from gongkai.catalog.models import SearchEntry, SearchPosting
    from gongkai.catalog.search.query import matching_ids
    from gongkai.interaction.models import Message

    pages = [
        [p.pk, p.path, p.depth, p.numchild, p.url_path, p.title, p.live, p.content_type.model]
        for p in Page.objects.order_by("path").select_related("content_type")
    ]
    return {
        "pages": pages,
        "tree_problems": [len(problem) for problem in Page.find_problems()],
        "search_entries": SearchEntry.objects.count(),
        "search_postings": SearchPosting.objects.count(),
        "search_answers": {q: sorted(matching_ids(q)) for q in ("公告", "政府信息公开", "预算")},
        "applications": sorted(
            Application.objects.values_list("tracking_code", "state", "description")
        ),
        "messages": sorted(Message.objects.values_list("tracking_code", "state", "subject")),
        "media": _files(settings.MEDIA_ROOT),
        "private": _files(settings.PRIVATE_MEDIA_ROOT),
    }


if __name__ == "__main__":
    import django

    django.setup()
    print(json.dumps(fingerprint(), ensure_ascii=False, default=str))
