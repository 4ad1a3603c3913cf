"""PDF from a Django template, with WeasyPrint, laid out as an official document.

The font stacks name 仿宋/黑体 first — what an agency's own machine may have — and then the
Noto CJK fonts that ``scripts/ensure-fonts.sh`` installs on our servers. Without any Chinese
font WeasyPrint would silently draw boxes, so rendering refuses instead (:class:`MissingFonts`).
WeasyPrint embeds the glyphs it uses (a subset of each font); with libharfbuzz-subset0
missing it takes seconds a page instead of a fraction of a second.
"""

from __future__ import annotations

import functools
import subprocess

from django.template.loader import render_to_string

SERIF_CJK = '"仿宋", "FangSong", "仿宋_GB2312", "FangSong_GB2312", "Noto Serif CJK SC", serif'
SANS_CJK = '"黑体", "SimHei", "Noto Sans CJK SC", sans-serif'

# GB/T 9704-2012 §5.2: A4, top 37 mm, right 26 mm, bottom 35 mm, left 28 mm; body 仿宋 三号
# (16 pt) with 22 lines to the 225 mm type area; titles 二号 (22 pt); page numbers "— 1 —".
OFFICIAL_CSS = f"""
@page {{
  size: A4;
  margin: 37mm 26mm 35mm 28mm;
  @bottom-center {{ content: "— " counter(page) " —"; font: 14pt {SERIF_CJK}; }}
}}
html {{ font-family: {SERIF_CJK}; font-size: 16pt; line-height: 10.23mm; }}
body {{ margin: 0; }}
p {{ margin: 0; text-indent: 2em; text-align: justify; }}
h1, h2, h3 {{ font-family: {SANS_CJK}; font-weight: normal; margin: 0; }}
h1 {{ font-size: 22pt; text-align: center; line-height: 1.5; margin-bottom: 10.23mm; }}
h2 {{ font-size: 16pt; text-indent: 2em; }}
table {{ border-collapse: collapse; margin: 0 auto; font-size: 10.5pt; line-height: 1.4; }}
th, td {{ border: 0.5pt solid #000; padding: 1mm 1.5mm; }}
th {{ font-family: {SANS_CJK}; font-weight: normal; }}
"""


class MissingFonts(RuntimeError):
    pass


@functools.cache
def _cjk_families() -> tuple[str, ...]:
    try:
        result = subprocess.run(
            ["fc-list", ":lang=zh", "family"], capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.TimeoutExpired):
        return ()
    return tuple(sorted({line.strip() for line in result.stdout.splitlines() if line.strip()}))


def cjk_families() -> tuple[str, ...]:
    """The installed font families that cover Chinese, according to fontconfig."""
    families = _cjk_families()
    if not families:
        _cjk_families.cache_clear()  # remember success only: fonts may be installed later
    return families


def check_fonts() -> None:
    if not cjk_families():
        raise MissingFonts(
            "没有安装中文字体，无法生成PDF（请运行 scripts/ensure-fonts.sh 安装 fonts-noto-cjk）。"
            " No CJK font is installed (fontconfig: `fc-list :lang=zh` is empty), so the PDF"
            " would show boxes instead of Chinese; run scripts/ensure-fonts.sh."
        )


def html_to_pdf(html: str, *, stylesheets: tuple[str, ...] = ()) -> bytes:
    """Render ``html`` on A4 with :data:`OFFICIAL_CSS` and then ``stylesheets`` (CSS text).

    Nothing is fetched: the documents carry applicants' text, and a stray URL in them must
    not make the server request anything (only ``data:`` URLs are allowed).
    """
    check_fonts()
    import weasyprint  # deferred: loading Pango takes a moment the web process rarely needs

    fetcher = weasyprint.URLFetcher(allowed_protocols=("data",))
    sheets = [weasyprint.CSS(string=css) for css in (OFFICIAL_CSS, *stylesheets)]
    document = weasyprint.HTML(string=html, url_fetcher=fetcher)
    return document.write_pdf(stylesheets=sheets)


def render_pdf(template_name: str, context: dict, **kwargs) -> bytes:
    return html_to_pdf(render_to_string(template_name, context), **kwargs)
