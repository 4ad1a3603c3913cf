"""The PDF toolkit: A4, Chinese glyphs embedded from a CJK font, and a loud refusal without."""

import io

import pdfplumber
import pytest

from gongkai.documents import pdf
from gongkai.documents.pdf import MissingFonts, html_to_pdf

MM = 72 / 25.4  # PDF points per millimetre
# What the stacks resolve to: 仿宋/黑体 where installed, else the Noto CJK fallback.
BODY_FONTS, HEADING_FONTS = ("FangSong", "Noto-Serif-CJK-SC"), ("SimHei", "Noto-Sans-CJK-SC")

SAMPLE = """<html lang="zh-CN"><body>
<h1>政府信息公开申请答复告知书</h1>
<p style="text-indent: 0">张三：</p>
<p>本机关于2026年9月21日收到您提出的政府信息公开申请。</p>
</body></html>"""


@pytest.fixture(autouse=True)
def fresh_font_lookup():
    pdf._cjk_families.cache_clear()
    yield
    pdf._cjk_families.cache_clear()


@pytest.fixture(scope="module")
def page():
    with pdfplumber.open(io.BytesIO(html_to_pdf(SAMPLE))) as document:
        yield document.pages[0]


def line_chars(page, text):
    """The characters of the first line of ``page`` that starts with ``text``."""
    lines = {}
    for char in page.chars:
        lines.setdefault(round(char["top"]), []).append(char)
    for chars in lines.values():
        if "".join(c["text"] for c in chars).startswith(text):
            return chars
    raise AssertionError(f"no line starts with {text!r}")


def test_page_is_a4(page):
    assert (page.width, page.height) == pytest.approx((210 * MM, 297 * MM), abs=0.1)


def test_chinese_text_is_extracted(page):
    text = page.extract_text()
    assert "政府信息公开申请答复告知书" in text
    assert "本机关于2026年9月21日收到您提出的政府信息公开申请。" in text.replace("\n", "")
    assert "— 1 —" in text  # the page number


def test_glyphs_come_from_embedded_cjk_fonts(page):
    title = line_chars(page, "政府信息公开")
    body = line_chars(page, "本机关")
    assert all(any(f in c["fontname"] for f in HEADING_FONTS) for c in title)
    assert all(any(f in c["fontname"] for f in BODY_FONTS) for c in body if c["text"] != " ")
    # A subset font is named "ABCDEF+Name": the glyphs are embedded, not referenced.
    assert all("+" in c["fontname"] for c in title + body)


def test_type_area_starts_at_the_gbt_9704_margins(page):
    salutation = line_chars(page, "张三")
    indented = line_chars(page, "本机关")
    assert salutation[0]["x0"] == pytest.approx(28 * MM, abs=0.5)
    assert indented[0]["x0"] == pytest.approx(28 * MM + 32, abs=0.5)  # two 16 pt characters
    assert indented[0]["size"] == pytest.approx(16, abs=0.01)
    title = line_chars(page, "政府信息公开")
    assert title[0]["size"] == pytest.approx(22, abs=0.01)
    assert 37 * MM <= title[0]["top"] < 45 * MM
    # Centred in the 156 mm type area.
    middle = (title[0]["x0"] + title[-1]["x1"]) / 2
    assert middle == pytest.approx((28 + 156 / 2) * MM, abs=1)


def test_nothing_is_fetched(tmp_path):
    # Applicants' text ends up in these documents; a URL in it must not be requested.
    sheet = tmp_path / "leak.css"
    sheet.write_text('p::after { content: "已读取外部文件"; }')
    html = f'<link rel="stylesheet" href="{sheet.as_uri()}"><p>正文</p>'
    with pdfplumber.open(io.BytesIO(html_to_pdf(html))) as document:
        text = document.pages[0].extract_text()
    assert "正文" in text
    assert "已读取外部文件" not in text


def test_extra_stylesheets_apply_after_the_official_one():
    data = html_to_pdf("<p>正文</p>", stylesheets=("p { font-size: 10.5pt; }",))
    with pdfplumber.open(io.BytesIO(data)) as document:
        assert document.pages[0].chars[0]["size"] == pytest.approx(10.5)


def test_without_a_chinese_font_rendering_refuses(tmp_path, monkeypatch):
    # A fontconfig configuration with no font directories: fc-list finds nothing.
    config = tmp_path / "fonts.conf"
    config.write_text(
        f'<?xml version="1.0"?><fontconfig><cachedir>{tmp_path}</cachedir></fontconfig>'
    )
    monkeypatch.setenv("FONTCONFIG_FILE", str(config))
    with pytest.raises(MissingFonts) as refused:
        html_to_pdf(SAMPLE)
    assert "没有安装中文字体" in str(refused.value)
    assert "No CJK font is installed" in str(refused.value)
    assert "ensure-fonts.sh" in str(refused.value)


def test_without_fontconfig_rendering_refuses(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no fc-list
    with pytest.raises(MissingFonts):
        html_to_pdf(SAMPLE)


def test_a_refusal_is_not_remembered(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert pdf.cjk_families() == ()  # not cached…
    monkeypatch.undo()
    assert pdf.cjk_families()  # …so found once fontconfig is back
