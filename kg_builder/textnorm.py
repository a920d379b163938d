"""Character-level normalisation shared by ingestion and by the segmenter's training data, and
the one normal form of a 文号 and of a work's title that extraction, stores and queries share.

Every character mapping here is one character to one character, so it never moves offsets.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

import opencc

# A year in brackets, however they were typed or read (OCR reads 〔2024〕 as 【2024]】 too).
_BRACKET_YEAR = re.compile(r"[\[［(（【〔]{1,2}\s*((?:19|20)\d\d)\s*[\]］)）】〕]{1,2}")


def normalize_number(number: str) -> str:
    """A 发文字号 as the graph keeps it: 〔2022〕 whatever brackets the text uses around the year;
    runs of spaces as one."""
    number = re.sub(r"\s+", " ", _BRACKET_YEAR.sub(r"〔\1〕", number)).strip()
    number = re.sub(r"\s*〔(\d{4})〕\s*", r"〔\1〕", number)  # 豫教科 〔2024〕 3号: no space around the year
    number = re.sub(r"(?<=〕)(\d+)\s+号", r"\1号", number)
    return number + "号" if re.search(r"〔(?:19|20)\d\d〕\s*\d+$", number) else number  # a 号 cut off


# A carrier title: the notice or decision that issues one work (某部关于印发〈X〉的通知). Forwarding
# (转发) carries another body's document and is a work of its own; a notice issuing two works is too.
_CARRIER = re.compile(
    r"^[^〈《]*?关于(?:印发|颁布|发布|公布|下发|修订印发|修订发布|印发修订后的)"
    r"[〈《](?P<work>[^〈〉《》]+)[〉》](?:的?(?:通知|决定|命令|令|公告|通告|函))$"
)
# Dashes and tildes in year ranges (2021—2025年, 2021～2025年, 2021至2025年) are one hyphen.
_YEAR_RANGE = re.compile(r"((?:19|20)\d\d)\s*(?:[-‐‑‒–—―－~～〜]+|至)\s*((?:19|20)\d\d)")


def work_title(title: str) -> str:
    """The canonical title of the work a title names: the work its carrier notice issues
    (教育部关于印发〈教育信息化2.0行动计划〉的通知 → 教育信息化2.0行动计划), with year ranges written one way
    and inner titles in 〈〉. Two works with the same title from two issuers are told apart by their
    keys (documents.py), not here."""
    title = _YEAR_RANGE.sub(r"\1-\2", re.sub(r"\s+", "", title))
    carried = _CARRIER.match(title)
    if carried:
        return carried["work"]
    return re.sub(r"《([^《》]+)》", r"〈\1〉", title)


_WIDTH = {0x3000: " ", 0xA0: " "}  # ideographic and no-break spaces
_WIDTH.update({c: chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)})  # ０-９
_WIDTH.update({c: chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_WIDTH.update({c: chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)})  # ａ-ｚ
# Brackets and symbols whose ASCII forms read the same in Chinese text. Sentence punctuation
# (，。：；！？、) and quotes/title marks (“”《》) are meaningful and stay as they are.
_WIDTH.update(
    {
        ord(k): v
        for k, v in {
            "（": "(",
            "）": ")",
            "［": "[",
            "］": "]",
            "．": ".",
            "％": "%",
            "＋": "+",
            "－": "-",
            "／": "/",
            "＃": "#",
            "＆": "&",
            "＝": "=",
        }.items()
    }
)
WIDTH_TABLE = str.maketrans(_WIDTH)


def normalize_width(text: str) -> str:
    """Full-width digits, Latin letters, brackets and a few symbols to ASCII; length-preserving."""
    return text.translate(WIDTH_TABLE)


# Traditional or variant characters that OpenCC's t2s leaves alone but official names never use.
VARIANT_TABLE = str.maketrans({"陜": "陕", "粵": "粤", "覈": "核"})


@lru_cache(maxsize=1)
def _t2s() -> Callable[[str], str]:
    return opencc.OpenCC("t2s").convert


def simplified(text: str) -> str:
    """ASCII digits and brackets, Simplified characters: how every stage and every query sees text."""
    return _t2s()(normalize_width(text)).translate(VARIANT_TABLE)
