"""Which documents and images are public content: those a live page uses.

A file a live page carries (an attachment of an information item, a document linked or an
image shown in a page's rich text) is published with the page. Its file, its title and an
image's description are therefore part of what the reviewer approved and the privacy gate
scanned: they change only through a new draft of the page, never in the file library.
"""

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm
from wagtail.documents.models import AbstractDocument
from wagtail.images.forms import BaseImageForm
from wagtail.models import Page, ReferenceIndex

from gongkai.catalog.models import InfoItemAttachment

# Fields whose change would alter what the public sees of a file in use.
PUBLIC_FIELDS = ("file", "title", "description")


def live_pages_using(obj):
    """Live pages whose published content uses the document or image ``obj``.

    Wagtail's reference index holds what each page row references, and a live page's row
    is its published content (drafts live in revisions); attachments are also read from
    their own table, which is written when a page is published."""
    page_type = ContentType.objects.get_for_model(Page)
    ids = {
        int(object_id)
        for object_id in ReferenceIndex.get_references_to(obj)
        .filter(base_content_type=page_type)
        .values_list("object_id", flat=True)
    }
    if isinstance(obj, AbstractDocument):
        ids |= set(
            InfoItemAttachment.objects.filter(document=obj).values_list("item_id", flat=True)
        )
    return Page.objects.live().filter(pk__in=ids)


def public_pages_using(obj):
    """Pages using ``obj`` that anyone may read: live and without a view restriction."""
    return live_pages_using(obj).public()


def _refuse_change_in_use(form) -> None:
    if form.instance.pk is None:
        return
    changed = [name for name in PUBLIC_FIELDS if name in form.changed_data]
    if not changed:
        return
    page = live_pages_using(form.instance).order_by("pk").first()
    if page is None:
        return
    message = _(
        "此文件已用于已发布的《%(title)s》，不能在文件库中直接替换文件或修改标题、说明："
        "请在该信息的编辑页面上传新文件（形成新的草稿），经审核和个人信息检查后发布。"
    ) % {"title": page.title}
    for name in changed:
        form.add_error(name, forms.ValidationError(message, code="file_in_use"))


class PublishedDocumentForm(BaseDocumentForm):
    """Wagtail's document form (WAGTAILDOCS_DOCUMENT_FORM_BASE): the file and title of a
    document a live page uses are not edited here."""

    def clean(self):
        cleaned = super().clean()
        _refuse_change_in_use(self)
        return cleaned


class PublishedImageForm(BaseImageForm):
    """Wagtail's image form (WAGTAILIMAGES_IMAGE_FORM_BASE): likewise for images."""

    def clean(self):
        cleaned = super().clean()
        _refuse_change_in_use(self)
        return cleaned
