from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.agencies.lookup import USAGE_ERROR, find_agency
from gongkai.reports.exports import EXPORTERS, PLANNED_FORMATS, report_data
from gongkai.rules.formats import format_for_year


def export(agency_key: str, year: int, format_name: str) -> tuple[bytes, bool]:
    """The report of ``agency_key`` for ``year`` in ``format_name``: (content, needs_file)."""
    agency = find_agency(agency_key)
    if format_for_year(year) is None:
        raise CommandError(
            f"{year} 年没有适用的年报格式（2019 年起适用）/ no report format for {year}",
            returncode=USAGE_ERROR,
        )
    exporter = EXPORTERS.get(format_name)
    if exporter is None:
        raise CommandError(
            f"尚不支持 {format_name} 格式 / --format {format_name} is not available yet",
            returncode=USAGE_ERROR,
        )
    return exporter.render(report_data(agency, year)), exporter.needs_file


class Command(BaseCommand):
    help = (
        "Write an agency's annual report (政府信息公开工作年度报告) for YEAR: "
        "JSON or CSV keyed by cell id; AGENCY is the slug or the full Chinese name"
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("agency", help="slug or full name, e.g. lushan-transport")
        parser.add_argument("year", type=int)
        parser.add_argument("--format", choices=PLANNED_FORMATS, default="json")
        parser.add_argument("-o", "--output", type=Path, help="file to write (default stdout)")

    def handle(self, *args, **options):
        content, needs_file = export(options["agency"], options["year"], options["format"])
        output = options["output"]
        if output is None:
            if needs_file:
                raise CommandError(
                    f"{options['format']} 需要用 -o 指定输出文件 / "
                    f"--format {options['format']} needs -o FILE",
                    returncode=USAGE_ERROR,
                )
            self.stdout.write(content.decode("utf-8"), ending="")
            return
        output.write_bytes(content)
