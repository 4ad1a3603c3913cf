"""Files made to hit one reading limit each (also timed by bench/extract.py)."""

import io
import zipfile

from tests.privacy.builders import build_docx, build_pdf, build_xlsx

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _replace_member(data: bytes, member: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            body = content if info.filename == member else source.read(info)
            target.writestr(info, body, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def docx_with_entity_bomb() -> bytes:
    """word/document.xml opening with the "billion laughs" DTD (10 levels of 10 copies)."""
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)
    ]
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f"<!DOCTYPE w:document [{''.join(entities)}]>"
        f'<w:document xmlns:w="{_W}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>'
        "</w:body></w:document>"
    ).encode()
    return _replace_member(build_docx(), "word/document.xml", xml)


def docx_with_many_parts(parts: int) -> bytes:
    """A real DOCX with ``parts`` extra (tiny) members."""
    out = io.BytesIO(build_docx())
    with zipfile.ZipFile(out, "a") as package:
        for number in range(parts):
            package.writestr(f"customXml/item{number}.bin", b"x")
    return out.getvalue()


def docx_zip_bomb(megabytes: int) -> bytes:
    """A real DOCX plus a member of ``megabytes`` MB of zeros (a thousand to one)."""
    out = io.BytesIO(build_docx())
    with zipfile.ZipFile(out, "a", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/media/padding.bin", bytes(megabytes * 1024 * 1024))
    return out.getvalue()


def xlsx_with_cells(rows: int, columns: int = 10) -> bytes:
    """The privacy builder's workbook with one more sheet of ``rows`` × ``columns`` numbers."""
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(build_xlsx()))
    sheet = workbook.create_sheet("大表")
    for row in range(rows):
        sheet.append([row * columns + column for column in range(columns)])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def pdf_with_pages(count: int) -> bytes:
    """A PDF of ``count`` pages, each saying its number."""
    return build_pdf([[f"page {number}"] for number in range(1, count + 1)])
