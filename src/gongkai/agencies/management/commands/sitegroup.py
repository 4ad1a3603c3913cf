import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.agencies import sheets
from gongkai.agencies.apply import run_import
from gongkai.agencies.export import export, template


class Command(BaseCommand):
    help = (
        "网站群批量开通 / onboard a site group: import FILE [--dry-run] [--links-out FILE], "
        "template FILE.xlsx, export PATH"
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        do_import = sub.add_parser("import", help="导入机关、股室、人员 / import")
        do_import.add_argument("file")
        do_import.add_argument("--dry-run", action="store_true")
        do_import.add_argument("--links-out")
        sub.add_parser("template", help="生成导入模板 / write the template").add_argument("file")
        sub.add_parser("export", help="导出 / export").add_argument("path")

    def handle(self, *args, **options):

        if options["action"] == "template":
            template(Path(options["file"]))
            self.stdout.write(f"已生成模板 / template written: {options['file']}")
        elif options["action"] == "export":
            export(Path(options["path"]))
            self.stdout.write(f"已导出 / exported: {options['path']}")
        else:
            self._import(Path(options["file"]), options["dry_run"], options["links_out"])

    def _import(self, path: Path, dry_run: bool, links_out: str | None):

        report = run_import(sheets.read(path), dry_run=dry_run)
        if report.problems:
            for problem in report.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"发现 {len(report.problems)} 个问题，未写入任何数据 / "
                f"{len(report.problems)} problems, nothing written",
                returncode=2,
            )
        for line in report.changes:
            self.stdout.write(line)
        for line in report.notes:
            self.stdout.write(f"提示 / note: {line}")
        if not report.changes:
            self.stdout.write("无变化 / no change")
        elif dry_run:
            self.stdout.write("试运行，未写入 / dry run, nothing written")
        if links_out and not dry_run:
            write_links(Path(links_out), report.links)
            self.stdout.write(
                f"{len(report.links)} 个设置密码链接已写入 / links written: {links_out}"
            )


def write_links(path: Path, links) -> None:
    """One line per new account; the file is created readable by its owner only."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        for login, name, url, expires in links:
            out.write(f"{login}\t{name}\t{url}\t{expires}\n")
