"""Uploaded files reach the public only through views that check the page using them.

- Documents are downloaded at ``/documents/<id>/<name>``, Wagtail's serve view
  (``WAGTAILDOCS_SERVE_METHOD = "serve_view"``), behind the ``before_serve_document`` hook
  (``wagtail_hooks.serve_only_published_attachments``).
- Images are shown as renditions under ``/media/images/…``; :func:`serve_media` serves one
  only when a live page the request may read uses its image, or to staff who may see the
  image's agency. Original image files are for those staff only.
- Nothing else under ``/media/`` is served, in development or behind nginx.

Files are stored under a random folder (:class:`gongkai.catalog.storage.UnguessableStorage`), so a name cannot be
guessed; the name the uploader gave stays the last part, which is what a download is called.
With ``GONGKAI_MEDIA_ACCEL_PREFIX`` set, the process only answers whether a file may be
sent and nginx sends it from an internal location (``X-Accel-Redirect``, README); otherwise
the process streams it.
"""

import mimetypes
import posixpath
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.utils.cache import patch_cache_control

from gongkai.agencies.access import scope_to_visible_collections
from gongkai.catalog.public_files import live_pages_using


def _accel_prefix() -> str:
    return getattr(settings, "GONGKAI_MEDIA_ACCEL_PREFIX", "")


def _internal_address(name: str) -> str:
    return _accel_prefix() + quote(name)


def sendfile(request, filename, **kwargs):
    """SENDFILE_BACKEND for Wagtail's document serve view: nginx sends the file."""
    media = Path(settings.MEDIA_ROOT).resolve()
    name = Path(filename).resolve().relative_to(media).as_posix()
    response = HttpResponse()
    response["X-Accel-Redirect"] = _internal_address(name)
    return response


def _send(request, name: str) -> HttpResponse:
    path = Path(settings.MEDIA_ROOT) / name
    if not path.is_file():
        raise Http404("No such file")
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if _accel_prefix():
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = _internal_address(name)
    else:
        response = FileResponse(path.open("rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _staff_may_see(user, image) -> bool:
    if not (user.is_authenticated and user.has_perm("wagtailadmin.access_admin")):
        return False
    same = type(image).objects.filter(pk=image.pk)
    return scope_to_visible_collections(same, user).exists()


def _page_lets_in(page, request) -> bool:
    return all(restriction.accept_request(request) for restriction in page.get_view_restrictions())


def image_visibility(request, image) -> str | None:
    """``"public"`` when a live page anyone may read shows ``image``; ``"private"`` when
    only this request may see it (a restricted page it was let into, or staff); else None."""
    pages = list(live_pages_using(image))
    if pages and live_pages_using(image).public().exists():
        return "public"
    if any(_page_lets_in(page, request) for page in pages):
        return "private"
    if _staff_may_see(request.user, image):
        return "private"
    return None


def _clean_name(path: str) -> str:
    name = posixpath.normpath(path)
    if name.startswith(("/", "..")) or "\\" in name or "\x00" in name:
        raise Http404("No such file")
    return name


def serve_media(request, path):
    """``/media/<path>``: image renditions and, for staff, original images; nothing else."""
    from wagtail.images import get_image_model

    name = _clean_name(path)
    folder = name.split("/", 1)[0]
    Image = get_image_model()
    if folder == "images":
        rendition = (
            Image.get_rendition_model().objects.filter(file=name).select_related("image").first()
        )
        visibility = rendition and image_visibility(request, rendition.image)
    elif folder == "original_images":
        image = Image.objects.filter(file=name).first()
        visibility = image and _staff_may_see(request.user, image) and "private"
    else:
        visibility = None
    if not visibility:
        raise Http404("No such file")
    response = _send(request, name)
    if visibility == "private":
        patch_cache_control(response, private=True)
    return response
