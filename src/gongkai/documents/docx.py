"""Word documents laid out as official documents (GB/T 9704-2012 《党政机关公文格式》).

Fonts are named as Chinese Windows and WPS name them — 仿宋 for body text, 黑体 for titles
and first-level headings, 楷体 for second-level headings, 宋体 for page numbers — and are
declared in the font table with their English names (FangSong, SimHei, KaiTi, SimSun) and
the GB2312 character set. On a machine without them Word and WPS substitute a Chinese font of
that character set, and LibreOffice asks fontconfig (on our servers: Noto Serif/Sans CJK SC).
GB/T 9704 wants titles in 小标宋, a commercial Founder font that office PCs often lack; we
use 黑体, which every Chinese Windows has.

python-docx sets only the Latin font of a run (``w:ascii``/``w:hAnsi``); Word picks the font
of Chinese characters from ``w:eastAsia``, so every run here sets it explicitly.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Length, Mm, Pt
from lxml import etree

# §5.2: A4; 天头 (top) 37 mm, 订口 (left) 28 mm, 版心 (type area) 156 × 225 mm — hence bottom
# 297 − 37 − 225 = 35 mm and right 210 − 28 − 156 = 26 mm.
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGINS = {"top": Mm(37), "bottom": Mm(35), "left": Mm(28), "right": Mm(26)}
# §5.2.4: 22 lines of 28 characters a page: an exact line pitch of 225 mm / 22.
LINE_PITCH = Length(Mm(225) // 22)

BODY_FONT, HEADING_FONT, SUBHEADING_FONT, PAGE_NUMBER_FONT = "仿宋", "黑体", "楷体", "宋体"
TITLE_FONT = HEADING_FONT
# Font table entries: English name (w:altName); all GB2312 (charset 0x86), fixed pitch.
FONT_ALT_NAMES = {"仿宋": "FangSong", "黑体": "SimHei", "楷体": "KaiTi", "宋体": "SimSun"}

# Chinese type sizes (字号): 二号 22 pt, 三号 16 pt, 四号 14 pt, 五号 10.5 pt.
TITLE_SIZE, BODY_SIZE, PAGE_NUMBER_SIZE, TABLE_SIZE = Pt(22), Pt(16), Pt(14), Pt(10.5)

Merge = tuple[tuple[int, int], tuple[int, int]]


def set_font(run, name: str, size: Length, *, bold: bool = False) -> None:
    """Give ``run`` the font ``name`` for both Latin and East Asian characters."""
    run.font.name = name
    run.font.size = size
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


class OfficialDocument:
    """An A4 document with GB/T 9704 margins, built paragraph by paragraph.

    >>> doc = OfficialDocument(title="…")
    >>> doc.title("关于……的通知"); doc.paragraph("……"); data = doc.to_bytes()
    """

    def __init__(self, *, title: str = "", author: str = "", page_numbers: bool = True):
        self.document = Document()
        section = self.document.sections[0]
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
        for side, length in MARGINS.items():
            setattr(section, f"{side}_margin", length)
        self._set_defaults()
        self._declare_fonts()
        properties = self.document.core_properties
        properties.title, properties.author, properties.last_modified_by = title, author, author
        properties.comments = ""
        if page_numbers:
            self._add_page_numbers(section)

    # --- content -------------------------------------------------------------------------

    def title(self, text: str, *, space_after: bool = True):
        """A centred title line (§7.3.1: 二号, under the header, a blank line before the body)."""
        paragraph = self._paragraph(text, TITLE_FONT, TITLE_SIZE, WD_ALIGN_PARAGRAPH.CENTER)
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        if space_after:
            paragraph.paragraph_format.space_after = LINE_PITCH
        return paragraph

    def heading(self, text: str, level: int = 1):
        """A numbered heading inside the body (§7.3.3: level 1 黑体, level 2 楷体, 三号)."""
        font = HEADING_FONT if level == 1 else SUBHEADING_FONT
        return self._paragraph(text, font, BODY_SIZE, indent=True)

    def paragraph(self, text: str, *, indent: bool = True, align=None, right_indent_chars=0):
        """Body text: 仿宋 三号, first line indented two characters (§7.3.3)."""
        paragraph = self._paragraph(text, BODY_FONT, BODY_SIZE, align, indent=indent)
        paragraph.paragraph_format.right_indent = Length(BODY_SIZE * right_indent_chars)
        return paragraph

    def table(
        self,
        rows: Sequence[Sequence[str | None]],
        *,
        header_rows: int = 1,
        merges: Sequence[Merge] = (),
        widths: Sequence[Length] | None = None,
        size: Length = TABLE_SIZE,
    ):
        """A bordered table. ``merges`` are inclusive ``((top, left), (bottom, right))``
        rectangles whose text is that of the top-left cell; the cells they cover must be
        empty. Header rows are in 黑体, centred and repeated on each page; in the body the
        first column is left-aligned and the others (figures) centred."""
        covered = set()
        for (top, left), (bottom, right) in merges:
            span = {(r, c) for r in range(top, bottom + 1) for c in range(left, right + 1)}
            covered |= span - {(top, left)}
        for i, j in sorted(covered):
            if j < len(rows[i]) and rows[i][j]:
                raise ValueError(f"cell ({i}, {j}) is covered by a merge but has text")
        table = self.document.add_table(rows=len(rows), cols=max(len(row) for row in rows))
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _set_borders(table)
        for (top, left), (bottom, right) in merges:
            table.cell(top, left).merge(table.cell(bottom, right))
        for i, row in enumerate(rows):
            header = i < header_rows
            if header:
                trPr = table.rows[i]._tr.get_or_add_trPr()
                trPr.append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
            for j, text in enumerate(row):
                if (i, j) in covered:
                    continue
                cell = table.cell(i, j)
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                paragraph = cell.paragraphs[0]
                centred = header or j > 0
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if centred else None
                paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
                set_font(paragraph.add_run(text or ""), HEADING_FONT if header else BODY_FONT, size)
        if widths:
            _set_widths(table, widths)
        return table

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()

    # --- internals -----------------------------------------------------------------------

    def _paragraph(self, text, font, size, align=None, *, indent=False):
        paragraph = self.document.add_paragraph()
        paragraph.alignment = align
        layout = paragraph.paragraph_format
        layout.line_spacing_rule, layout.line_spacing = WD_LINE_SPACING.EXACTLY, LINE_PITCH
        if indent:
            # Word and WPS indent by characters (firstLineChars, in hundredths); the length
            # is for readers that only know firstLine.
            layout.first_line_indent = Length(size * 2)
            layout.element.get_or_add_pPr().get_or_add_ind().set(qn("w:firstLineChars"), "200")
        set_font(paragraph.add_run(text), font, size)
        return paragraph

    def _set_defaults(self) -> None:
        # The template's defaults name theme fonts (Calibri / its East Asian theme font) at
        # 11 pt with spacing after paragraphs; replace them with 仿宋 三号, no spacing.
        defaults = self.document.styles.element.find(qn("w:docDefaults"))
        half_points = int(BODY_SIZE.pt * 2)
        defaults.getparent().replace(
            defaults,
            parse_xml(
                f"<w:docDefaults {nsdecls('w')}><w:rPrDefault><w:rPr>"
                f'<w:rFonts w:ascii="{BODY_FONT}" w:hAnsi="{BODY_FONT}" '
                f'w:eastAsia="{BODY_FONT}" w:cs="{BODY_FONT}"/>'
                f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'
                '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
                "</w:rPr></w:rPrDefault>"
                '<w:pPrDefault><w:pPr><w:spacing w:after="0"/></w:pPr></w:pPrDefault>'
                "</w:docDefaults>"
            ),
        )

    def _declare_fonts(self) -> None:
        # python-docx has no API for the font table part; rewrite its XML.
        part = self.document.part.part_related_by(RT.FONT_TABLE)
        fonts = etree.fromstring(part.blob)
        for name, alt_name in FONT_ALT_NAMES.items():
            fonts.append(
                parse_xml(
                    f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alt_name}"/>'
                    '<w:charset w:val="86"/><w:family w:val="modern"/>'
                    '<w:pitch w:val="fixed"/></w:font>'
                )
            )
        part._blob = etree.tostring(fonts, xml_declaration=True, encoding="UTF-8", standalone=True)

    def _add_page_numbers(self, section) -> None:
        # §7.5: page numbers as "— 1 —" in 四号 宋体 under the type area.
        paragraph = section.footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for text in ("— ", "1", " —"):
            set_font(paragraph.add_run(text), PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
        number = paragraph.runs[1]._r
        field = parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"/>')
        number.addprevious(field)
        field.append(number)  # the run shows the field's last computed value


def _set_widths(table, widths: Sequence[Length]) -> None:
    # Word lays out by the grid (w:gridCol) and each cell's own width, which for a merged
    # cell is the sum of the columns it spans.
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for tr in table._tbl.tr_lst:
        position = 0
        for tc in tr.tc_lst:
            tc.width = Length(sum(widths[position : position + tc.grid_span]))
            position += tc.grid_span


def _set_borders(table) -> None:
    borders = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    element = parse_xml(f"<w:tblBorders {nsdecls('w')}>{borders}</w:tblBorders>")
    # Word rejects elements out of the schema's order.
    table._tbl.tblPr.insert_element_before(
        element, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption"
    )
