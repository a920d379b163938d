"""Events and programs: open-class names found from their head word back to a left boundary.

A name ends in a head (研讨会, 大赛 ... / 行动, 工程, 平台 ...) and starts after the nearest
boundary on its left: punctuation, an opening quote, or a verb or function word that stands as a
whole pkuseg token (召开, 举办, 推进, 的, 在 ...). A quoted part (“祥云杯”) is crossed whole.
Leading verbs and adverbs (by the PKU POS lexicon built with the segmentation model) and leading
years or ordinals (2019年第二届) are not part of a program's name.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from kg_builder.gazetteer import load
from kg_builder.model import Mention
from kg_builder.nlp.places import provinces_of
from kg_builder.nlp.titles import Spans

_BOUNDARY_CHARS = set("\n,，。;；:：、!！?？()《》「」『』★ \t") | {"“", "‘"}
_LEADING_TIME = re.compile(
    r"^(?:(?:19|20)\d\d\s*年(?:度)?|(?:第[一二三四五六七八九十\d]+|首)[届批期次]"
    r"|\d+\s*[期次场个项批])+"
)
_LEADING_DAY = re.compile(r"(?:(?:19|20)\d\d\s*年)?\d{1,2}\s*月(?:\d{1,2}\s*[日号])?(?:上午|下午|晚)?")
_LEADING_LEVEL = re.compile(r"^(?:自治区|省|市)(?!级)")
# Counts with their classifiers (100节精品课, 3套教材): a number of things, not a name.
_CLASSIFIERS = "期次场个项批门所名类种节堂家条套件篇位支座"
_COUNT_PREFIX = re.compile(rf"^[\d一二两三四五六七八九十百千万多若干]+\s*[{_CLASSIFIERS}]")
_INNER_COUNT = re.compile(rf"\d+\s*[{_CLASSIFIERS}]")
_VERSION = re.compile(r"\s*\d+(?:\.\d+)+$")
_QUOTED = re.compile(r"“([^“”\n]{2,30})”")
_INTERNET_PLUS = re.compile(r"^互联网\+[\u4e00-\u9fff]{2,}")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_CLAUSE_END = {",", "，", "。", ";", "；", ""}
_OBJECT_VERBS = ("实施", "推进", "开展", "启动", "保障", "完成")
_PLURAL_SUBJECT = ("多地", "各地", "等地")
# Determiners that point at a body or occasion instead of naming one.
_DEICTIC_CHARS = set("该各此这那")
_DEICTIC = re.compile(r"^(?:本(?:单位|次|届|校|系统|部门|地区|省|市|县|区)|该|各|此|这|那)")
# PKU tags a name does not start with: verb, adverb, adjective-adverb, preposition, conjunction.
_LEADING_TAGS = frozenset({"v", "d", "ad", "p", "c", "u"})
# …nor, for a program, a pronoun (各|人工智能教育示范校: each of the program's schools); an event
# after one is a body's occasion, no name (find_events).
_PROGRAM_LEADING_TAGS = _LEADING_TAGS | {"r"}
# …and the words a proper-name start may follow inside a scanned run (建设|教育部…平台): the same
# and verbal nouns, never a noun or a word the lexicon does not know (职业教育|国家…课程).
_HOPPED_TAGS = _LEADING_TAGS | {"vn"}
# …unless a verbal noun stands in a compound with the noun or modifier before it (职业|教育).
_COMPOUNDING_TAGS = frozenset({"n", "b", "nz", "ns", "nt", "j", "l", "vn", "an"})
# A meeting's name may start with a verb (推进智能教育发展座谈会), never with these.
_EVENT_LEADING_TAGS = frozenset({"d", "ad", "p", "c", "u"})
_MAX_NAME = 48
_LIST_NUMBER = re.compile(r"^(?:\d{1,2}|[一二三四五六七八九十]{1,3})[.、．]")


def _alternation(words: Collection[str]) -> str:
    return "|".join(map(re.escape, sorted(set(words), key=len, reverse=True)))


@dataclass(frozen=True)
class NameLexicon:
    event_head: re.Pattern[str]
    program_head: re.Pattern[str]
    head_within: re.Pattern[str]
    event_heads: tuple[str, ...]
    program_heads: tuple[str, ...]
    weak_heads: frozenset[str]
    event_stops: frozenset[str]
    event_verbs: tuple[str, ...]
    societies: frozenset[str]
    program_stops: frozenset[str]
    quoted_followers: tuple[str, ...]
    not_followers: tuple[str, ...]
    proper_starts: tuple[str, ...]
    continued_by: tuple[str, ...]
    weak_continued_by: tuple[str, ...]
    weak_head_verbs: tuple[str, ...]


@lru_cache(maxsize=1)
def lexicon() -> NameLexicon:
    g = load()
    event_heads = g.words("event", "heads")
    program_heads = g.words("program", "heads") + [
        d + p for d in g.words("program", "designations") for p in g.words("program", "designated_places")
    ]
    return NameLexicon(
        # 部署会 and 部署会议, 成果展 and 成果展览 alike: a head ending in 会 may take 议, in 展 览.
        event_head=re.compile(f"(?:{_alternation(event_heads)})(?:(?<=会)议|(?<=展)览)?"),
        # a version after the head, with or without a space (提升工程 2.0)
        program_head=re.compile(f"(?:{_alternation(program_heads)})(?:\\([区市县]\\))?(?: ?\\d+(?:\\.\\d+)+)?"),
        # A head followed within a few characters by another head is inside a longer name.
        head_within=re.compile(f"^[\\u4e00-\\u9fff]{{0,3}}(?:{_alternation(program_heads)})"),
        event_heads=tuple(sorted(event_heads, key=len, reverse=True)),
        program_heads=tuple(sorted(program_heads, key=len, reverse=True)),
        weak_heads=frozenset(g.words("program", "weak_heads")),
        event_stops=frozenset(g.words("event", "verbs")) | {"的", "在", "了", "于", "和", "及", "为", "是", "关于"},
        event_verbs=tuple(sorted(g.words("event", "verbs"), key=len, reverse=True)),
        societies=frozenset(g.words("event", "societies")),
        program_stops=frozenset(g.words("program", "verbs")),
        quoted_followers=tuple(g.words("program", "quoted_followers")),
        not_followers=tuple(g.words("program", "not_program_followers")),
        # …and every province and prefecture-level city, in full or short (青岛教育e平台)
        proper_starts=tuple(g.words("program", "proper_starts"))
        + tuple(n for p in g.provinces for n in (p.official, p.short))
        + tuple(n for d in g.divisions if d.level == "prefecture" for n in (d.name, *d.short) if len(n) >= 2),
        continued_by=tuple(g.words("program", "continued_by")),
        weak_continued_by=tuple(g.words("program", "weak_continued_by")),
        weak_head_verbs=tuple(g.words("program", "weak_head_verbs")),
    )


@dataclass(frozen=True)
class Tokens:
    """Where pkuseg tokens start, and each token's text, for boundary decisions."""

    text_at: Mapping[int, str]

    @classmethod
    def of(cls, tokens: Iterable[tuple[int, str]]) -> Tokens:
        """Tokens by start; a list number the segmenter glued to the word after it (4.实施) is a
        token of its own, so the word starts where a name may."""
        text_at: dict[int, str] = {}
        for start, word in tokens:
            number = _LIST_NUMBER.match(word)
            if number and number.end() < len(word):
                text_at[start] = number.group(0)
                start, word = start + number.end(), word[number.end() :]
            text_at[start] = word
        return cls(text_at)

    def starts(self, pos: int) -> bool:
        return pos in self.text_at


_COMPANY = re.compile(r"公司|集团")
# An organisation's name that a program head begins (某工程有限公司, 某核工程研究设计院).
_ORGANISATION_AFTER = re.compile(r"[^\W\d和及与或]{0,4}?(?:有限公司|公司|集团|研究院|设计院|研究所|大学|学院)")


def _inside_a_word(start: int, end: int, tokens: Tokens, pos: Mapping[str, str]) -> bool:
    """Whether start..end crosses the edge of a word: it begins inside a word that ends before `end`
    (执行|动态 holds no 行动), or ends inside a word that runs on (工程师 holds no 工程). Only a
    token the PKU lexicon knows is a word: a token it does not know (课遴) is a segmenter's slip."""
    at = None
    for s in range(start, max(-1, start - 8), -1):
        if tokens.starts(s):
            at = s
            break
    if at is None:
        return False
    while at < end and (word := tokens.text_at.get(at)) is not None:
        if word in pos and (at < start < at + len(word) < end or at < end < at + len(word)):
            return True
        at += len(word)
    return False


def _verb_ends_at(text: str, end: int, tokens: Tokens, pos: Mapping[str, str]) -> bool:
    """Whether a whole token that the PKU lexicon tags a verb ends at `end`."""
    return any(
        tokens.text_at.get(end - size) == text[end - size : end] and pos.get(text[end - size : end]) == "v"
        for size in (1, 2, 3, 4)
        if end >= size
    )


def scan_left(
    text: str,
    head_start: int,
    stops: frozenset[str],
    tokens: Tokens,
    *,
    barriers: tuple[str, ...] = (),
    joins_unless_after: tuple[str, ...] | None = None,
    verb_in_name: bool = False,
    pos: Mapping[str, str] | None = None,
) -> int:
    """Where a name ending at head_start begins: after punctuation, an opening quote, a stop word
    standing as a whole token, or (barriers) the end of another name. 和/及 bound a name unless
    `joins_unless_after` is given and the text before them does not end with one of its heads
    (网络安全和信息化工作领导小组会议 is one name; …会议和…会议 are two). With `pos`, any verb
    right before a quoted part bounds the name too (部署“净网”专项行动)."""
    i = head_start
    floor = max(0, head_start - _MAX_NAME)
    while i > floor:
        c = text[i - 1]
        if c == "”":
            j = text.rfind("“", floor, i - 1)
            if j < 0:
                return i
            if pos is not None and _verb_ends_at(text, j, tokens, pos):
                return j
            i = j
            continue
        if (
            c in _BOUNDARY_CHARS
            or (barriers and text.endswith(barriers, 0, i))
            or (c == "." and not text[i : i + 1].isdigit())
        ):  # list numbering: 1.完善…
            return i
        if tokens.starts(i):
            for size in (4, 3, 2, 1):
                word = text[i - size : i]
                if i - size < 0 or word not in stops or not tokens.starts(i - size):
                    continue
                if verb_in_name and i == head_start and size > 1 and _CJK.match(text, i - size - 1):
                    break  # 乡村教师|支持|计划: a verb right before the head, after a noun, is in the name
                if (
                    word in {"和", "及"}
                    and joins_unless_after is not None
                    and not text.endswith(joins_unless_after, 0, i - size)
                ):
                    break
                return i
        i -= 1
    return i


# The area of the body that holds a meeting (全省, 全市 …): a meeting named by it alone has no name.
_IDENTITY = re.compile(r"(?:19|20)\d\d|(?:第[一二三四五六七八九十\d]+|首)[届期次]|“")
# A world, national or regional scope that names a meeting (全国…会议, 长三角…研讨会); 全省, 全市 do not:
# they are the holding body's own area.
_NAMED_SCOPE = ("世界", "全球", "国际", "中国", "全国", "国家", "长三角", "京津冀", "粤港澳", "成渝")


DESCRIBED = "event.described"  # the rule of a meeting found by its head but with no name of its own


def _has_identity(name: str) -> bool:
    """An event is a meeting with an identity of its own (GUIDE.md): its year, its ordinal, a
    quoted part, a world, national or regional scope, a place's name (吉林省…培训会, 金寨县…协商会),
    events joined by 暨, or a part after a dash (X论坛——Y专场)."""
    if _IDENTITY.search(name) or "暨" in name or "—" in name or name.startswith(_NAMED_SCOPE):
        return True
    return any(provinces_of(name[:size]) for size in range(min(len(name) - 1, 12), 1, -1))


def _after_inner_clause(text: str, start: int, head_start: int, tokens: Tokens, pos: Mapping[str, str]) -> int:
    """会议分为|推进会: an event head inside the scanned name, followed by a verb, closes a clause
    of its own; the name starts after that verb (X会暨Y会 is one name: 暨 is no verb)."""
    lex = lexicon()
    for inner in reversed(list(lex.event_head.finditer(text, start, head_start))):
        verb = tokens.text_at.get(inner.end(), "")
        if verb and pos.get(verb) == "v" and inner.end() + len(verb) <= head_start:
            return inner.end() + len(verb)
    return start


def _names_a_part(text: str, end: int) -> bool:
    """X大会——Y分论坛, X论坛——Y专场: the part of an event is one name with it, ending at its
    own head; the head before the dash ends no name."""
    if not text.startswith(("——", "—"), end):
        return False
    run = re.match(r"—+([^\n，。；：、,;:！？!?”）)]{1,24})", text[end:])
    return run is not None and lexicon().event_head.search(run.group(1)) is not None


# A verb and 会 (动员会, 通气会), where 会 begins no word of its own (会同, 会员, 会长 …).
_COMPOSED_MEETING = re.compile(
    r"(?P<stem>[\u4e00-\u9fff]{2})会(?![议同员长计商谈见签聚集诊考话展期场务费徽标址旗所馆])"
)


def _event_heads(text: str, pos: Mapping[str, str]) -> list[re.Match[str]]:
    """The listed heads, and the heads composed of a verb and 会 that no listed head covers."""
    lex = lexicon()
    listed = list(lex.event_head.finditer(text))
    covered = {m.end() for m in listed}
    composed = [
        m
        for m in _COMPOSED_MEETING.finditer(text)
        if m.end() not in covered and pos.get(m.group("stem")) in {"v", "vn"} and m.group(0) not in lex.societies
    ]
    return sorted([*listed, *composed], key=lambda m: m.start())


def find_events(
    text: str, tokens: Tokens, pos: Mapping[str, str], title_spans: Sequence[tuple[int, int]] = ()
) -> list[Mention]:
    """Meetings, contests and campaigns: a head (研讨会, 大赛, 宣传周) scanned back to a left
    boundary; a leading verb is no part of the name, and a name without a year, ordinal or quoted
    part followed by 精神/部署 refers back to an event, it names none. Heads inside 《titles》 name
    no event of the text. A meeting with no identity of its own comes with the rule DESCRIBED: no
    Event, but the span of what a program may be the topic of."""
    lex = lexicon()
    back_reference = tuple(load().words("event", "back_reference_after"))
    venue = tuple(load().words("event", "venue_after"))
    titles = Spans(title_spans)
    mentions: list[Mention] = []
    for m in _event_heads(text, pos):
        if titles.containing(m.start(), m.start() + 1) or text.startswith(venue, m.end()):
            continue
        # X会暨Y会 is one event: only the last head of such a chain ends a name, and the scan
        # from it crosses 暨 and the earlier head.
        if text[m.end() : m.end() + 1] == "暨" or _names_a_part(text, m.end()):
            continue
        # …活动和…大赛 are two names as …会议和…会议 are
        start = scan_left(
            text, m.start(), lex.event_stops, tokens, joins_unless_after=lex.event_heads + lex.program_heads
        )
        verb = next((v for v in lex.event_verbs if text.startswith(v, start) and start + len(v) < m.start()), "")
        start += len(verb)  # 召开全省…会议 where the segmenter kept the verb in one token with the name
        # A day is when a meeting sat, never part of its name (于3月1日经第3次部务会议通过); a
        # year alone may be (2019年全国…工作会议).
        day = _LEADING_DAY.match(text, start, m.start())
        if day:
            start = day.end()
        # A name starts with no preposition, adverb or conjunction (根据第二次全国…会议).
        start = _strip_leading_words(text, start, m.start(), tokens, pos, _EVENT_LEADING_TAGS)
        # A verb may open a meeting's name (推进智能教育发展座谈会), but not before its year or
        # ordinal (做好|2022年第九届…宣传周) or a determiner (负责|本单位…宣传周).
        after_verbs = _strip_leading_words(text, start, m.start(), tokens, pos)
        rest = text[after_verbs : m.end()]
        if after_verbs > start and (_LEADING_TIME.match(rest) or _DEICTIC.match(rest)):
            start = after_verbs
        start = _after_inner_clause(text, start, m.start(), tokens, pos)
        name = text[start : m.end()]
        if _DEICTIC.match(name) or (start and text[start - 1] in _DEICTIC_CHARS):
            continue  # 本单位…宣传周, 该校…座谈会: an occasion of a body, not a name of its own
        if text.startswith(back_reference, m.end()) and not _IDENTITY.search(name):
            continue
        modifier = name[: -len(m.group(0))]
        if len(re.sub(r"[“”\s]", "", modifier)) < 3 or _COUNT_PREFIX.match(name):
            continue
        if any(p in text[max(0, start - 8) : start] for p in _PLURAL_SUBJECT):
            continue  # 多地召开…会议: many meetings, not a named one
        # 推进…发展座谈会, 全省电教工作会议, 签约仪式: an occasion described, not named; no Event, but
        # the program it is about is still one (教育信息化提升项目业务系统建设推进会)
        rule = "event.head_scan" if _has_identity(name) else DESCRIBED
        mentions.append(Mention(label="Event", start=start, end=m.end(), text=name, rule=rule))
    return mentions


def _names_alone(quoted: str) -> bool:
    """A quoted word of four or more Chinese characters names a program alone (“送培到家”活动); a
    shorter one is a nickname (“三通”工程, “清朗”专项行动) that a program's head after it completes."""
    return len(_CJK.findall(quoted)) >= 4


def _quoted_program(text: str, quotes: list[re.Match[str]], idx: int) -> bool:
    """A “quoted” name is a program when its own head, its form or the word after it says so."""
    lex = lexicon()
    q = quotes[idx]
    inner = _LEADING_TIME.sub("", q.group(1).strip())
    after = text[q.end() : q.end() + 10]
    before = text[max(0, q.start() - 4) : q.start()]
    if after.startswith(lex.not_followers):
        return False
    # “数字教育大讲堂”活动, “放管服”改革: the word after the quotes says what the name names, whatever
    # its own head; a nickname before a program's head (“三通”工程) is named with it (find_programs).
    if after.startswith(lex.quoted_followers):
        return _names_alone(inner) or not lex.program_head.match(after)
    if inner.endswith(lex.event_heads):
        return False
    core = _VERSION.sub("", inner)  # “慕课西部行计划2.0”: the head before its version
    if (core.endswith(lex.program_heads) and len(core) >= 4) or _INTERNET_PLUS.match(inner):
        return True
    # 统筹推进“停课不停学”, : the quoted item is the whole object of a program verb; a quoted list of
    # parallel aims (推进“提质、增效、减负”) is a slogan, not a named initiative.
    if before.endswith(_OBJECT_VERBS) and after[:1] in _CLAUSE_END:
        return not re.search(r"[、，,；;]", inner)
    # “智能村小”及“一村一幼”教育公平提升计划: coordinated with a quoted item that a head follows.
    if after[:1] in {"及", "和", "、"} and idx + 1 < len(quotes) and quotes[idx + 1].start() == q.end() + 1:
        return (
            lex.head_within.match(text[quotes[idx + 1].end() : quotes[idx + 1].end() + 12]) is not None
            or re.match(r"^[\u4e00-\u9fff]{0,8}(计划|项目|活动|工程|行动)", text[quotes[idx + 1].end() :]) is not None
        )
    return False


def _strip_leading_words(
    text: str, start: int, head_start: int, tokens: Tokens, pos: Mapping[str, str], tags: frozenset[str] = _LEADING_TAGS
) -> int:
    """Skip tokens a name does not start with (建设|教育部通用业务服务平台). An adverb with no verb
    after it in the name modifies an adjective in a nominal compound (共同|富裕|示范区), and stays;
    so does a word before Chinese that neither the lexicon nor the dictionary knows (助|教助学: the
    segmenter's slip)."""
    while start < head_start and tokens.starts(start):
        word = tokens.text_at[start]
        if pos.get(word) not in tags or start + len(word) >= head_start:
            break
        if pos.get(word) in {"d", "ad"} and not _has_verb(start + len(word), head_start, tokens, pos):
            break
        after = tokens.text_at.get(start + len(word), "")
        if re.fullmatch(r"[\u4e00-\u9fff]+", after) and after not in pos and after not in _dictionary():
            break  # 助|教助学|行动, 帮教|帮学|行动: a word before Chinese no lexicon knows is a slip
        start += len(word)
    return start


@lru_cache(maxsize=1)
def _dictionary() -> frozenset[str]:
    """The words the tokenizer keeps whole (places, bodies, heads, topics): known words too."""
    return frozenset(load().user_dictionary())


def _has_verb(start: int, end: int, tokens: Tokens, pos: Mapping[str, str]) -> bool:
    """Whether a token between start and end is tagged a verb."""
    while start < end and (word := tokens.text_at.get(start)) is not None:
        if pos.get(word) == "v":
            return True
        start += len(word)
    return False


def _proper_start_after_verb(
    text: str, start: int, head_start: int, tokens: Tokens, pos: Mapping[str, str], proper: tuple[str, ...]
) -> tuple[int, bool]:
    """Where a name with a proper-name start inside its scanned run begins, and whether it is proper.

    建设教育部通用业务服务平台, 广大师生使用国家…平台, 遴选一批国家…示范城市: a proper-name start
    right after a verb or a count begins the name. Right after a noun, or a verbal noun compounded
    with the word before it (职业|教育, 高等|教育), the start is inside the name, which is then a
    scoped proper name (职业教育国家在线精品课程)."""
    if text.startswith(proper, start):
        return start, True
    at = start
    before = ""
    nominal = True
    while True:
        word = tokens.text_at.get(at)
        if word is None or at + len(word) >= head_start:
            return start, False
        at += len(word)
        tag = pos.get(word)
        compounded = tag == "vn" and pos.get(before) in _COMPOUNDING_TAGS
        counted = tag in {"m", "q", "mq"} or _COUNT_PREFIX.fullmatch(word) is not None  # 一批|国家…
        # an opening quote closed before the head is part of the name (“四川云教”平台)
        quote = word == "“" and "”" not in text[at:head_start]
        acts = quote or counted or (tag in _HOPPED_TAGS and not compounded)
        nominal = nominal and (tag in _COMPOUNDING_TAGS or compounded)
        if text.startswith(proper, at):
            if acts:
                return at, True
            if nominal:
                return start, True
        before = word


def _after_acting_body(
    start: int, head_start: int, bodies: Sequence[tuple[int, int]], tokens: Tokens, pos: Mapping[str, str]
) -> int:
    """A body and a verb after it in a scanned run are a clause's subject and verb; the name starts
    after them (某区教育局|获评|全国…示范区). `bodies` are sorted by start."""
    i = bisect_left(bodies, (start, start))
    while i < len(bodies) and bodies[i][0] < head_start:
        body_end = bodies[i][1]
        verb = tokens.text_at.get(body_end)
        if body_end < head_start and verb is not None and pos.get(verb) == "v":
            start = max(start, body_end + len(verb))
        i += 1
    return start


def _work_on(text: str, end: int, tokens: Tokens, pos: Mapping[str, str], weak_heads: Collection[str]) -> int | None:
    """Where the weak head starts in 示范区|创建|活动, 工程|推进|项目: a verb right after a program's
    name and a weak head after the verb name work on that program, not a longer name."""
    verb = tokens.text_at.get(end)
    if verb is None or pos.get(verb) not in {"v", "vn"}:
        return None
    at = end + len(verb)
    return at if tokens.text_at.get(at) in weak_heads else None


def find_programs(
    text: str,
    tokens: Tokens,
    pos: Mapping[str, str],
    title_spans: list[tuple[int, int]],
    event_spans: list[tuple[int, int]],
    body_spans: Sequence[tuple[int, int]] = (),
) -> list[Mention]:
    """Programs: accepted “quoted” names, and names scanned back from a program head.

    Weak heads (平台, 体系, 项目, 活动 ...) also end generic phrases, so a name with one needs a
    proper-name start, quotes, a program verb right before it, or to be the topic of an event
    (中国智能教育推进路径项目研讨会). Inside 《titles》 only strong, proper names count.
    """
    lex = lexicon()
    mentions: list[Mention] = []
    quotes = list(_QUOTED.finditer(text))
    quoted_ends: set[int] = set()
    titles = Spans(title_spans)
    for idx, q in enumerate(quotes):
        if _quoted_program(text, quotes, idx):
            inner = _LEADING_TIME.sub("", q.group(1).strip())
            first = tokens.text_at.get(q.start(1) + q.group(1).find(inner), "")
            if titles.containing(q.start(), q.end()) and pos.get(first) == "v":
                continue  # 《“实施某某工程”专项行动方案》: a verb starts a task of the title, no name
            start = q.start(1) + q.group(1).find(inner)
            mentions.append(
                Mention(label="Program", start=start, end=start + len(inner), text=inner, rule="program.quoted")
            )
            quoted_ends.add(q.end(1))
    events = Spans(event_spans)
    worked_on: set[int] = set()  # starts of weak heads that name work on the program before them
    for m in lex.program_head.finditer(text):
        after = text[m.end() : m.end() + 8]
        head = re.sub(r"\(.*$|[\d.]+$", "", m.group(0))
        weak = head in lex.weak_heads
        if _inside_a_word(m.start(), m.end(), tokens, pos) or _ORGANISATION_AFTER.match(text, m.end()):
            continue  # 执行|动态, 监理|工程师; 某核工程研究设计院, 某工程有限公司
        work = None if weak else _work_on(text, m.end(), tokens, pos, lex.weak_heads)
        if work is not None:
            worked_on.add(work)
        if m.start() in worked_on:
            continue
        if m.end() in quoted_ends or after.startswith(lex.continued_by):
            continue
        if lex.head_within.match(after) and work is None:
            continue
        start = scan_left(
            text, m.start(), lex.program_stops, tokens, barriers=lex.event_heads, verb_in_name=True, pos=pos
        )
        start = _after_acting_body(start, m.start(), body_spans, tokens, pos)
        in_event = events.containing(m.start(), m.end() + 1)
        if in_event:
            # The program an event is about (中国智能教育推进路径项目研讨会), within the part of
            # the event's name that 暨 joins.
            start = max(in_event[0], text.rfind("暨", in_event[0], m.start()) + 1)
        bounding_verb = text[max(0, start - 4) : start]
        start = _strip_leading_words(text, start, m.start(), tokens, pos, _PROGRAM_LEADING_TAGS)
        start, proper = _proper_start_after_verb(text, start, m.start(), tokens, pos, lex.proper_starts)
        raw = text[start : m.end()]
        name = _LEADING_LEVEL.sub("", _LEADING_TIME.sub("", raw))
        start += len(raw) - len(name)
        proper = proper or name.startswith(lex.proper_starts)
        if titles.containing(m.start(), m.start() + 1) and (weak or not proper):
            continue
        # A weak-headed name that opens a clause and acts in it (智慧职教平台汇聚了…) is named.
        acting = (start == 0 or text[start - 1] in "\n，,。；;") and pos.get(tokens.text_at.get(m.end(), "")) == "v"
        if weak and not (
            proper or name.startswith("“") or in_event or acting or bounding_verb.endswith(lex.weak_head_verbs)
        ):
            continue
        if weak and not proper and not name.startswith("“") and after.startswith(lex.weak_continued_by):
            continue
        quoted_before_head = name.endswith(tuple("”" + f for f in lex.quoted_followers))
        if quoted_before_head and _names_alone(name[name.rfind("“", 0, -1) + 1 : name.rfind("”")]):
            continue  # …“送培到家”活动: the quoted name is the program, found above
        if _COMPANY.search(name):
            continue  # 西安某设备有限公司变更…活动: a company's business, no initiative
        if name.count("“") > 1 and len(name) > 20:
            continue  # names with several quoted parts are short; longer runs are lists
        if name.startswith("“"):
            close = name.find("”")
            rest = name[close + 1 :]
            described = len(rest) - len(m.group(0)) > 3
            if close > 0 and "“" not in rest and described and _names_alone(name[1:close]):
                # “网联优教”教育信息化精准扶贫项目: the slogan names the program; a short rest
                # (“我是接班人”网络大课堂, “互联网+教育”示范县(区)) is part of the name.
                mentions.append(
                    Mention(
                        label="Program",
                        start=start + 1,
                        end=start + close,
                        text=name[1:close],
                        rule="program.quoted_with_description",
                    )
                )
                continue
        modifier = name[: len(name) - len(m.group(0))]
        nickname = re.fullmatch(r"“[^“”]+”", modifier) is not None  # “三通”工程: a quoted word is a name
        short = len(re.sub(r"[“”\s]|\d+(?:\.\d+)+", "", modifier)) < 3 and not nickname  # 该工程, 2.0示范区
        if short or _COUNT_PREFIX.match(name) or _INNER_COUNT.search(name):
            continue
        mentions.append(
            Mention(label="Program", start=start, end=start + len(name), text=name, rule="program.head_scan")
        )
    return _outermost(mentions)


def _outermost(mentions: list[Mention]) -> list[Mention]:
    """A short name nested in a longer one (网络学习空间 in 网络学习空间人人通) is not a second name."""
    kept: list[Mention] = []
    for m in sorted(mentions, key=lambda x: (x.start, -x.end)):
        if kept and m.end <= kept[-1].end:
            continue
        kept.append(m)
    return kept
