"""The published annual report page: the frozen cells and text as HTML, and the downloads.

It renders through the exporters, which read the records (``records``), never this page.
"""

from __future__ import annotations

from django.db import models
from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from gongkai.catalog.models import AgencyPage, PublicationOrigin
from gongkai.reports.charts import chart_data
from gongkai.reports.exports import EXPORTERS, report_data
from gongkai.reports.records import AnnualReport
from gongkai.reports.render import sections


class AnnualReportPage(PublicationOrigin, RoutablePageMixin, AgencyPage):
    """The published report in its agency's 政府信息公开年报 column: the HTML from the frozen
    cells and text, with the downloads (DOCX, PDF, JSON, CSV) as sub-URLs.

    Created and published by ``actions.do_publish``; never by hand.
    """

    report = models.OneToOneField(
        AnnualReport,
        on_delete=models.PROTECT,
        related_name="page",
        editable=False,
        verbose_name=_("年度报告"),
    )

    parent_page_types = ["catalog.ColumnPage"]
    subpage_types: list[str] = []
    is_creatable = False
    template = "reports/published/annual_report_page.html"

    class Meta:
        verbose_name = _("政府信息公开工作年度报告页面")
        verbose_name_plural = _("政府信息公开工作年度报告页面")

    def report_data(self, version: int | None = None):
        return report_data(self.agency, self.report.year, version)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        try:
            data = self.report_data(kwargs.get("version"))
        except LookupError as exc:
            raise Http404("No such version") from exc
        base = self.url
        shown = data.version
        newest = self.report.versions.order_by("-number").values_list("number", flat=True).first()
        context["data"] = data
        context["sections"] = sections(data)
        context["charts"] = chart_data(data)
        context["version"] = shown
        context["newest_url"] = base if shown and shown.number != newest else ""
        context["previous_url"] = (
            f"{base}v{shown.number - 1}/" if shown and shown.number > 1 else ""
        )
        # Downloads are of the newest version; an older one is read on its page. The file's
        # name is in the link too: a published copy (gongkai.publishing) is sent by nginx
        # without the Content-Disposition the download view sets.
        context["downloads"] = (
            []
            if context["newest_url"]
            else [
                {
                    "url": f"{base}{name}/",
                    "label": label,
                    "filename": f"{self.report.title}.{EXPORTERS[name].extension}",
                }
                for name, label in DOWNLOADS.items()
            ]
        )
        return context

    @path("")
    def report_page(self, request):
        return self.render(request)

    @path("v<int:number>/")
    def version_page(self, request, number):
        """An earlier (or the newest) published version, reachable from the next one's
        更正前版本 link."""
        return self.render(request, version=number)

    @path("<str:name>/")
    def download(self, request, name):
        if name not in DOWNLOADS:
            raise Http404
        exporter = EXPORTERS[name]
        response = HttpResponse(
            exporter.render(self.report_data()), content_type=exporter.media_type
        )
        filename = f"{self.report.title}.{exporter.extension}"
        response["Content-Disposition"] = content_disposition_header(True, filename)
        return response


#: sub-URL (= exporter name) -> link text
DOWNLOADS = {
    "docx": _("Word 文档（DOCX）"),
    "pdf": _("PDF 文档"),
    "json": _("数据（JSON，按单元格编号）"),
    "csv": _("数据（CSV，按单元格编号）"),
}
