import sys
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.agencies.lookup import find_agency
from gongkai.applications.letters import letter_lines, render_docx, render_letter_pdf
from gongkai.applications.previews import PreviewError, preview_letters
from gongkai.rules.statute import StatuteError

USAGE_ERROR = 2
RENDERERS = {"docx": render_docx, "pdf": render_letter_pdf}


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            f"日期格式应为 YYYY-MM-DD：{text} / --date must be YYYY-MM-DD", returncode=USAGE_ERROR
        ) from None


class Command(BaseCommand):
    help = (
        "预览答复告知书（不保存任何内容）：letters preview AGENCY OUTCOME --date YYYY-MM-DD / "
        "Preview the reply letter an agency would send for an outcome on a date"
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        preview = sub.add_parser("preview", help="render a reply letter for a sample case")
        preview.add_argument("agency", help="slug or full name, e.g. lushan-transport")
        preview.add_argument(
            "outcome", help="outcome code (art16_2_process_info) or table 三 row id (granted)"
        )
        preview.add_argument("--date", required=True, help="the letter's date, YYYY-MM-DD")
        preview.add_argument("--format", choices=["txt", "docx", "pdf"], default="txt")
        preview.add_argument("-o", "--output", type=Path, help="file to write (default stdout)")

    def handle(self, *args, **options):
        agency = find_agency(options["agency"])
        day = _day(options["date"])
        try:
            letters = preview_letters(agency, options["outcome"], day)
        except (PreviewError, StatuteError) as error:
            raise CommandError(str(error), returncode=USAGE_ERROR) from None
        fmt, output = options["format"], options["output"]
        if fmt == "txt":
            text = "\n\n————————\n\n".join(
                "\n".join(letter_lines(letter)) for _o, letter in letters
            )
            if output is None:
                self.stdout.write(text)
            else:
                output.write_text(text + "\n", encoding="utf-8")
            return
        if output is None:
            raise CommandError(
                f"{fmt} 需要用 -o 指定输出文件 / --format {fmt} needs -o FILE",
                returncode=USAGE_ERROR,
            )
        for outcome, letter in letters:
            # Several outcomes of one row: one file each, named after the outcome.
            path = output if len(letters) == 1 else output.with_stem(f"{output.stem}-{outcome}")
            path.write_bytes(RENDERERS[fmt](letter))
            sys.stdout.write(f"{path}\n")
