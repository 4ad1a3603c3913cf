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


def pdf_with_streams(*streams: tuple[bytes, bytes]) -> bytes:
    """A one-page PDF whose extra objects are the given (dictionary entries, raw data)
    streams, each stored FlateDecode-compressed; the first one is the page's content."""
    import zlib

    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
    ]
    for entries, raw in streams:
        packed = zlib.compress(raw, 9)
        head = b"<< %s /Length %d /Filter /FlateDecode >>\nstream\n" % (entries, len(packed))
        objects.append(head + packed + b"\nendstream")
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out
