"""Events and programs: open-class names found from their head word back to a left boundary.

A name ends in a head (研讨会, 大赛 ... / 行动, 工程, 平台 ...) and starts after the nearest
boundary on its left: punctuation, an opening quote, or a verb or function word that stands as a
whole pkuseg token (召开, 举办, 推进, 的, 在 ...). A quoted part (“祥云杯”) is crossed whole.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import lru_cache

from kg_builder.model import Mention
from kg_builder.nlp.gazetteer import load

_BOUNDARY_CHARS = set("\n,，。;；:：、!！?？()《》「」『』★ \t") | {"“", "‘"}
_LEADING_TIME = re.compile(r"^(?:(?:19|20)\d\d\s*年(?:度)?|第[一二三四五六七八九十\d]+[届批期次]"
                           r"|\d+\s*[期次场个项批])+")
_COUNT_PREFIX = re.compile(r"^\d+\s*[期次场个项批门所名]")
_OBJECT_VERBS = ("实施", "推进", "开展", "启动", "保障", "完成")
_INNER_COUNT = re.compile(r"\d+\s*[个所门项名]")
_PARTY_CONGRESS = re.compile(r"党的[一二三四五六七八九十]{2,3}大(?!会)")
_MAX_NAME = 48


def _alternation(words: Collection[str]) -> str:
    return "|".join(map(re.escape, sorted(set(words), key=len, reverse=True)))


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, object]:
    g = load()
    event_heads = g.words("event", "heads")
    program_heads = g.words("program", "heads")
    return {
        # 部署会 and 部署会议 alike: a head ending in 会 may take 议.
        "event_head": re.compile(f"(?:{_alternation(event_heads)})(?:(?<=会)议)?"),
        "program_head": re.compile(f"(?:{_alternation(program_heads)})(?:\\([区市县]\\))?(?:\\d+(?:\\.\\d+)+)?"),
        "event_heads": tuple(sorted(event_heads, key=len, reverse=True)),
        "program_heads": tuple(sorted(program_heads, key=len, reverse=True)),
        "event_stops": frozenset(g.words("event", "verbs")) | {"的", "在", "了", "于", "和", "及", "为", "是"},
        "program_stops": frozenset(g.words("program", "verbs")),
        "quoted_followers": tuple(g.words("program", "quoted_followers")),
        "not_followers": tuple(g.words("program", "not_program_followers")),
        "weak_heads": frozenset(g.words("program", "weak_heads")),
        "proper_starts": tuple(g.words("program", "proper_starts"))
        + tuple(n for p in g.provinces for n in (p.official, p.short)),
        "continued_by": tuple(g.words("program", "continued_by")),
    }


def scan_left(text: str, head_start: int, stops: frozenset[str], token_starts: Collection[int],
              ends_name: tuple[str, ...]) -> int:
    """Where a name ending at head_start begins: after punctuation, an opening quote, a stop word
    standing as a whole token, or the end of another name (…会议和…)."""
    i = head_start
    floor = max(0, head_start - _MAX_NAME)
    while i > floor:
        c = text[i - 1]
        if c == "”":
            j = text.rfind("“", floor, i - 1)
            if j < 0:
                return i
            i = j
            continue
        if c in _BOUNDARY_CHARS:
            return i
        for size in (4, 3, 2, 1):
            word = text[i - size:i]
            if i - size >= 0 and word in stops and i in token_starts and (i - size) in token_starts:
                if word in {"和", "及"} and not text[:i - size].endswith(ends_name):
                    break  # 和 inside a name (网络安全和信息化) joins, it does not bound
                return i
        else:
            i -= 1
            continue
        i -= 1
    return i


def _strip_time(name: str) -> str:
    return _LEADING_TIME.sub("", name)


def find_events(text: str, token_starts: Collection[int]) -> list[Mention]:
    lex = _lexicon()
    head_re: re.Pattern[str] = lex["event_head"]  # type: ignore[assignment]
    heads: tuple[str, ...] = lex["event_heads"]  # type: ignore[assignment]
    stops: frozenset[str] = lex["event_stops"]  # type: ignore[assignment]
    mentions: list[Mention] = []
    matches = list(head_re.finditer(text))
    for m in matches:
        # X会暨Y会 is one event: only the last head of such a chain ends a name, and the scan
        # from it crosses 暨 and the earlier head.
        if text[m.end():m.end() + 1] == "暨":
            continue
        start = scan_left(text, m.start(), stops, token_starts, heads)
        name = text[start:m.end()]
        modifier = name[: -len(m.group(0))]
        if len(re.sub(r"[“”\s]", "", modifier)) < 3 or _COUNT_PREFIX.match(name):
            continue
        if name.startswith("“") and not name.endswith("”") and "”" not in name:
            name, start = name[1:], start + 1
        mentions.append(Mention(label="Event", start=start, end=m.end(), text=name, rule="event.head_scan"))
    for m in _PARTY_CONGRESS.finditer(text):
        mentions.append(Mention(label="Event", start=m.start(), end=m.end(), text=m.group(0),
                                rule="event.party_congress"))
    return mentions


_QUOTED = re.compile(r"“([^“”\n]{2,30})”")
_INTERNET_PLUS = re.compile(r"^互联网\+[\u4e00-\u9fff]{2,}")


def _quoted_program(text: str, quotes: list[re.Match[str]], idx: int) -> bool:
    """A “quoted” name is a program when its own head, its form or the word after it says so."""
    lex = _lexicon()
    q = quotes[idx]
    inner = _strip_time(q.group(1).strip())
    after = text[q.end():q.end() + 10]
    before = text[max(0, q.start() - 4):q.start()]
    followers: tuple[str, ...] = lex["quoted_followers"]  # type: ignore[assignment]
    if inner.endswith(lex["event_heads"]) or after.startswith(lex["not_followers"]):  # type: ignore[arg-type]
        return False
    if inner.endswith(lex["program_heads"]) and len(inner) >= 4:  # type: ignore[arg-type]
        return True
    if _INTERNET_PLUS.match(inner) or after.startswith(followers):
        return True
    # 统筹推进“停课不停学”, : the quoted item is the whole object of a program verb.
    if before.endswith(_OBJECT_VERBS) and after[:1] in {",", "，", "。", ";", "；", ""}:
        return True
    # “智能村小”及“一村一幼”教育公平提升计划: coordinated with a quoted item that a head follows.
    if after[:1] in {"及", "和", "、"} and idx + 1 < len(quotes) and quotes[idx + 1].start() == q.end() + 1:
        nxt_after = text[quotes[idx + 1].end():quotes[idx + 1].end() + 10]
        return re.match(r"^[\u4e00-\u9fff]{0,8}(计划|项目|活动|工程|行动)", nxt_after) is not None
    return False


def find_programs(text: str, token_starts: Collection[int], title_spans: list[tuple[int, int]]) -> list[Mention]:
    """Programs: accepted “quoted” names, and names scanned back from a program head. Unquoted
    names inside 《titles》 are parts of the document's name, not programs of their own."""
    lex = _lexicon()
    head_re: re.Pattern[str] = lex["program_head"]  # type: ignore[assignment]
    event_heads: tuple[str, ...] = lex["event_heads"]  # type: ignore[assignment]
    program_heads: tuple[str, ...] = lex["program_heads"]  # type: ignore[assignment]
    stops: frozenset[str] = lex["program_stops"]  # type: ignore[assignment]
    weak: frozenset[str] = lex["weak_heads"]  # type: ignore[assignment]
    proper: tuple[str, ...] = lex["proper_starts"]  # type: ignore[assignment]
    continued: tuple[str, ...] = lex["continued_by"]  # type: ignore[assignment]
    mentions: list[Mention] = []
    quote_ends: set[int] = set()
    quotes = list(_QUOTED.finditer(text))
    for idx, q in enumerate(quotes):
        if _quoted_program(text, quotes, idx):
            inner = _strip_time(q.group(1).strip())
            start = q.start(1) + q.group(1).find(inner)
            mentions.append(Mention(label="Program", start=start, end=start + len(inner), text=inner,
                                    rule="program.quoted"))
            quote_ends.add(q.end())
    in_title = _span_test(title_spans)
    for m in head_re.finditer(text):
        if text.startswith(continued, m.end()) or m.start() in quote_ends or in_title(m.start()):
            continue
        start = scan_left(text, m.start(), stops, token_starts, program_heads)
        if start > 0 and text[:start].endswith(event_heads):
            continue
        raw = text[start:m.end()]
        name = _strip_time(raw)
        start += len(raw) - len(name)
        head = m.group(0)
        modifier = name[: len(name) - len(head)]
        if len(re.sub(r"[“”\s]", "", modifier)) < 3 or _COUNT_PREFIX.match(name) or _INNER_COUNT.search(name):
            continue
        if re.sub(r"\(.*$|[\d.]+$", "", head) in weak and not name.startswith(proper) and "“" not in name:
            continue
        if name.startswith("“") and name.count("“") > name.count("”"):
            name, start = name[1:], start + 1
        mentions.append(Mention(label="Program", start=start, end=start + len(name), text=name,
                                rule="program.head_scan"))
    return mentions


def _span_test(spans: list[tuple[int, int]]):  # noqa: ANN202 - a predicate
    def inside(pos: int) -> bool:
        return any(s <= pos < e for s, e in spans)
    return inside
