"""Writes the Hangul subsets of Noto Sans CJK KR that shelf-generator embeds (see README.md)."""
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

KOREAN_FACE = 1  # index of "Noto Sans CJK KR" in Debian's NotoSansCJK-*.ttc
CODEPOINTS = [
    *range(0x20, 0x7F), *range(0xA0, 0x100),  # Latin, so mixed runs keep one font
    *range(0x1100, 0x1200), *range(0x3130, 0x3190), *range(0xAC00, 0xD7A4),  # Hangul
    *range(0x3000, 0x3040), *range(0xFF01, 0xFF5F),  # CJK punctuation, full-width forms
    0x00B7, 0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2026, 0x20A9,
]

for weight in ("Regular", "Bold"):
    font = TTCollection(f"/usr/share/fonts/opentype/noto/NotoSansCJK-{weight}.ttc").fonts[KOREAN_FACE]
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=CODEPOINTS)
    subsetter.subset(font)
    font.save(Path(__file__).with_name(f"NotoSansCJKkr-Hangul-{weight}.otf"))
