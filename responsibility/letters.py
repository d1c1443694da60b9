"""Small, real letter PDFs drawn with Pillow (demo data, benchmarks, test fixtures).

A scanned-looking one-page PDF with the letter's text in the CJK font: fast
(a few milliseconds) and readable, so `seed_demo` stays quick while the
archive embeds genuine documents.
"""

from __future__ import annotations

import io
from functools import cache

from PIL import Image, ImageDraw, ImageFont

FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
PAGE = (595, 842)  # A4 at 72 dpi


@cache
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.truetype(FONT_PATH, size)
    except OSError:  # no CJK font installed: still a valid PDF
        return ImageFont.load_default()


def letter_pdf(title: str, lines: list[str], *, signature: str = "") -> bytes:
    img = Image.new("L", PAGE, 255)
    draw = ImageDraw.Draw(img)
    draw.text((PAGE[0] // 2, 70), title, font=_font(26), fill=0, anchor="mm")
    y = 130
    for line in lines:
        # Wrap long lines at ~30 CJK characters.
        while line:
            chunk, line = line[:30], line[30:]
            draw.text((60, y), chunk, font=_font(15), fill=20)
            y += 26
        y += 6
    if signature:
        draw.text((PAGE[0] - 60, PAGE[1] - 140), signature, font=_font(15), fill=0, anchor="rm")
        draw.ellipse((PAGE[0] - 200, PAGE[1] - 200, PAGE[0] - 90, PAGE[1] - 90), outline=40, width=3)
    out = io.BytesIO()
    img.save(out, "PDF", resolution=72.0, title=title)
    return out.getvalue()


def authorization_letter(*, project: str, organization: str, representative: str, person: str, role: str, day) -> bytes:
    return letter_pdf(
        "法定代表人授权书",
        [
            f"兹授权 {person} 为我单位 {project} 工程{role}项目负责人，",
            "代表我单位全面负责该工程的质量管理工作，并依法对设计使用年限内的工程质量承担相应终身责任。",
            f"授权单位：{organization}",
            f"法定代表人：{representative or '（签字）'}",
            f"日期：{day:%Y年%m月%d日}",
        ],
        signature=organization,
    )


def commitment_letter(*, project: str, organization: str, person: str, role: str, day) -> bytes:
    return letter_pdf(
        "工程质量终身责任承诺书",
        [
            f"本人受 {organization} 授权，担任 {project} 工程{role}项目负责人，",
            "对该工程质量承担终身责任。本人承诺：严格执行工程建设法律法规和强制性标准，",
            "在工程设计使用年限内，对因本人原因造成的工程质量问题依法承担责任。",
            f"承诺人：{person}（签字）",
            f"日期：{day:%Y年%m月%d日}",
        ],
        signature=person,
    )
