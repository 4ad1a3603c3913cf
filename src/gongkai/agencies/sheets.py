"""The three sheets of a site group's onboarding file: read them, write them.

A workbook (``.xlsx``) has the sheets 机关, 股室, 人员; a folder has ``agencies.csv``,
``departments.csv`` and ``staff.csv`` in UTF-8 (with or without BOM) or GB18030, which is
what Excel on a Chinese Windows writes, with CRLF or LF line ends. A header names each
column by its id or its Chinese title. Reading never touches the database.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path


@dataclass(frozen=True)
class Column:
    id: str
    title: str
    required: bool = False


@dataclass(frozen=True)
class SheetSpec:
    key: str  # agencies | departments | staff
    title: str  # the workbook's sheet name
    filename: str
    columns: tuple[Column, ...]

    def by_header(self) -> dict[str, str]:
        return {name: c.id for c in self.columns for name in (c.id, c.title)}


SHEETS = (
    SheetSpec(
        "agencies",
        "机关",
        "agencies.csv",
        (
            Column("name", "机关名称", True),
            Column("slug", "网址名", True),
            Column("kind", "机关类型", True),
            Column("government", "所属人民政府"),
            Column("credit_code", "统一社会信用代码"),
            Column("address", "地址"),
            Column("phone", "联系电话"),
            Column("postcode", "邮政编码"),
            Column("icp", "ICP备案号"),
            Column("police_record", "公安备案号"),
            Column("site_code", "网站标识码"),
            Column("hostname", "独立域名"),
            Column("head_approves_refusals", "不予公开须负责人审批"),
            Column("document_prefix", "发文字号前缀"),
            Column("reconsideration_online", "网上申请行政复议渠道"),
        ),
    ),
    SheetSpec(
        "departments",
        "股室",
        "departments.csv",
        (
            Column("agency", "机关网址名", True),
            Column("name", "股室名称", True),
            Column("columns", "负责栏目"),
        ),
    ),
    SheetSpec(
        "staff",
        "人员",
        "staff.csv",
        (
            Column("login", "登录名", True),
            Column("full_name", "姓名", True),
            Column("email", "电子邮箱"),
            Column("mobile", "手机号码"),
            Column("agency", "机关网址名"),
            Column("role", "角色", True),
            Column("department", "股室"),
        ),
    ),
)
SPEC = {sheet.key: sheet for sheet in SHEETS}

# A yes/no column: 是 or 否 (yes/no, true/false, 1/0 are accepted too); empty means no.
FLAG_TEXT = {
    **dict.fromkeys(("是", "yes", "true", "1"), True),
    **dict.fromkeys(("否", "no", "false", "0", ""), False),
}


def flag(text: str) -> bool | None:
    """The yes/no of a flag cell, or None when the text is neither."""
    return FLAG_TEXT.get(text.strip().lower())


def flag_text(value: bool) -> str:
    return "是" if value else "否"


@dataclass(frozen=True)
class Problem:
    where: str  # file or file/sheet
    line: int | None
    column: str
    zh: str
    en: str

    def __str__(self) -> str:
        at = f"{self.where}:{self.line}" if self.line else self.where
        column = f" {self.column}:" if self.column else ""
        return f"{at}:{column} {self.zh} / {self.en}"


@dataclass
class Row:
    line: int
    values: dict[str, str]

    def __getitem__(self, key: str) -> str:
        return self.values.get(key, "")


@dataclass
class Table:
    spec: SheetSpec
    where: str
    rows: list[Row] = field(default_factory=list)


@dataclass
class Workbook:
    tables: dict[str, Table]
    problems: list[Problem]


def read(path: Path) -> Workbook:
    """The three tables of ``path`` and the problems of their shape (not of their values)."""
    path = Path(path)
    if path.is_dir():
        return _read_folder(path)
    if path.suffix.lower() == ".xlsx" and path.is_file():
        return _read_xlsx(path)
    problem = Problem(
        str(path),
        None,
        "",
        "应为 .xlsx 文件或含三个 CSV 文件的文件夹",
        "expected an .xlsx file or a folder of three CSV files",
    )
    return Workbook({}, [problem])


def decode(data: bytes) -> str:
    """UTF-8 (a BOM is dropped) or else GB18030, which decodes any GBK file Excel writes."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def _read_folder(folder: Path) -> Workbook:
    tables, problems = {}, []
    for spec in SHEETS:
        where = str(folder / spec.filename)
        file = folder / spec.filename
        if not file.is_file():
            problems.append(Problem(where, None, "", "缺少此文件", "file missing"))
            continue
        try:
            text = decode(file.read_bytes())
        except UnicodeDecodeError:
            problems.append(
                Problem(
                    where,
                    None,
                    "",
                    "无法识别文件编码，请存为 UTF-8 或 GB18030",
                    "cannot decode: save as UTF-8 or GB18030",
                )
            )
            continue
        records = list(csv.reader(io.StringIO(text, newline="")))
        tables[spec.key] = _table(spec, where, records, problems)
    return Workbook(tables, problems)


def _read_xlsx(path: Path) -> Workbook:
    from openpyxl import load_workbook

    tables, problems = {}, []
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as error:
        return Workbook(
            {}, [Problem(str(path), None, "", "无法打开工作簿", f"cannot open: {error}")]
        )
    for spec in SHEETS:
        where = f"{path}/{spec.title}"
        if spec.title not in book.sheetnames:
            problems.append(Problem(where, None, "", "缺少此工作表", "sheet missing"))
            continue
        records = [
            ["" if cell is None else _cell_text(cell) for cell in row]
            for row in book[spec.title].iter_rows(values_only=True)
        ]
        tables[spec.key] = _table(spec, where, records, problems)
    book.close()
    return Workbook(tables, problems)


def _cell_text(value) -> str:
    # A number typed into a cell (邮政编码, 网站标识码) comes back as an int or a float.
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _table(spec: SheetSpec, where: str, records: list[list[str]], problems) -> Table:
    table = Table(spec, where)
    records = [[cell.strip() for cell in record] for record in records]
    numbered = [(n, r) for n, r in enumerate(records, start=1) if any(r)]
    if not numbered:
        problems.append(Problem(where, None, "", "工作表为空", "the sheet is empty"))
        return table
    header_line, header = numbered[0]
    known = spec.by_header()
    ids = [known.get(name) for name in header]
    # A row of data where the header should be knows few or none of the column names.
    if sum(1 for i in ids if i) * 2 < sum(1 for name in header if name):
        problems.append(
            Problem(
                where, header_line, "", "第一行应为表头（列名）", "the first row must be the header"
            )
        )
        return table
    for name, column_id in zip(header, ids, strict=True):
        if name and column_id is None:
            problems.append(Problem(where, header_line, name, "未知的列", "unknown column"))
    for column in spec.columns:
        if column.required and column.id not in ids:
            problems.append(
                Problem(
                    where,
                    header_line,
                    column.id,
                    f"缺少必填列“{column.title}”",
                    "required column missing",
                )
            )
    if len(numbered) == 1:
        problems.append(Problem(where, None, "", "工作表没有数据行", "the sheet has no rows"))
    for line, record in numbered[1:]:
        values = {cid: cell for cid, cell in zip(ids, record, strict=False) if cid}
        table.rows.append(Row(line, values))
    return table


# -- writing -----------------------------------------------------------------------------

FIXED_TIME = (2000, 1, 1, 0, 0, 0)


def write_xlsx(path: Path, rows: dict[str, list[list[str]]]) -> None:
    """A workbook with the three sheets, Chinese headers, and no timestamps: the same rows
    give the same bytes."""

    from openpyxl import Workbook as OpenpyxlWorkbook

    book = OpenpyxlWorkbook()
    book.remove(book.active)
    for spec in SHEETS:
        sheet = book.create_sheet(spec.title)
        sheet.append([column.title for column in spec.columns])
        for row in rows.get(spec.key, []):
            sheet.append(row)
        for index, column in enumerate(spec.columns):
            sheet.column_dimensions[chr(ord("A") + index)].width = max(12, 3 * len(column.title))
    book.properties.creator = "gongkai"
    book.properties.created = datetime(*FIXED_TIME)  # noqa: DTZ001 (a fixed stamp, no zone)
    buffer = io.BytesIO()
    book.save(buffer)
    Path(path).write_bytes(_normalised_zip(buffer.getvalue()))


def _normalised_zip(data: bytes) -> bytes:
    """The same archive with fixed member times and a fixed 'modified' property."""

    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>2000-01-01T00:00:00Z\g<2>",
                    content,
                )
            member = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o600 << 16
            target.writestr(member, content)
    return out.getvalue()


def write_folder(folder: Path, rows: dict[str, list[list[str]]]) -> None:
    """The three CSV files, UTF-8 with BOM (so that Excel opens them right), CRLF."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for spec in SHEETS:
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow([column.id for column in spec.columns])
        writer.writerows(rows.get(spec.key, []))
        (folder / spec.filename).write_bytes(b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8"))
