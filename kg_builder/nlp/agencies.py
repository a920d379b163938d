"""Provinces, agencies and topics: complete lists of places and central bodies, and a grammar.

Central Party and State bodies are names from a complete list, optionally followed by a unit
(教育部科技司, 生态环境部办公厅, 国家能源局综合司). Local bodies follow a grammar: a place (江西省,
宁夏, 宝鸡市, 吉林市船营区) or a level word that the context fills in (省, 市, 县), then for Party
bodies the committee (委, 党委), then an organ head (教育厅, 财政局, 电教馆, 网信办 ...), then
optionally an office (办公室). attrs record the parts, so that resolution can complete 省教育厅
to 江西省教育厅 in a text about 江西.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from functools import lru_cache

from kg_builder.gazetteer import OrganHead, load
from kg_builder.model import Mention
from kg_builder.nlp.places import Place, find_places, place_ending_at
from kg_builder.nlp.trie import trie_pattern

# A level word preceded by one of these is a lower or plural body (各市教育局, 全省, 本区教委).
_NOT_PROVINCIAL = set("各全本该外县区州镇乡村两每")
# A level word in a list that 各 opens (各省、自治区教育厅), or 直辖市 as a kind of place, names every
# place of its level.
_DISTRIBUTED = re.compile(r"(?:各[\u4e00-\u9fff（）()]{0,20}[、及和]|直辖)$")
# …and a place named after such an enumeration shares its head (各省、自治区、直辖市及新疆生产建设兵团教育厅).
_KINDS = r"(?:省|自治区|直辖市|计划单列市|副省级城市)"
_AFTER_KINDS = re.compile(rf"各{_KINDS}(?:、{_KINDS})*(?:、|和|及|以及)$")
# A unit name after a central body: word characters up to 司/局/厅/中心/办公室/领导小组, not
# crossing a function word, a time word or a verb that would make it a clause (教育部有关司局,
# 教育部将…, 教育部办公厅日前以某厅函〔2024〕5号文…).
_UNIT = (
    r"(?:(?!有关|相关|直属|所属|各|会同|根据|组织|召开|印发|发布|指导|联合|副|正|关于)"
    r"(?:(?!会同|根据|组织|召开|印发|发布|指导|联合|关于|日前|近日|近期|此前|目前)[^\W\d_的将在对向为把被是各等及、与和同以于]){2,10}?"
    r"(?:司|局|厅|中心|办公室|领导小组|监督站))"
)
_OFFICE = ("办公室", "办公厅")
_TOP = {"国务院", "中共中央"}  # their units are bodies of their own (国务院办公厅 is matched whole)
# Short forms that name a body on their own (国务院安委办), unlike a unit's (科技司, 部办公厅).
_SELF_STANDING = ("国务院", "中央", "国家", "中共", "全国", "中国")
# Prepositions and verbs whose object is a body: a bare organ head after one names a body.
_TAKES_A_BODY = (
    "由",
    "以",
    "据",
    "从",
    "经",
    "向",
    "与",
    "同",
    "会同",
    "联合",
    "根据",
    "按照",
    "依据",
    "落实",
    "配合",
    "协助",
)
# Bodies acting together: 、和与及, 会同, 联合, or a space (陕西省教育厅 陕西省财政厅关于…).
COORDINATION = re.compile(r"^\s*(?:、|和|与|及|会同|联合)\s*$|^ +$")
# 党中央、国务院 (省委、省政府) deciding policy: the Party and the State as the source of policy,
# not bodies acting in the text.
_STATE_AS_SOURCE = re.compile(
    r"党中央、?国务院|(?:[省市区县州]委|自治区党委)、?(?:[省市区县州]|自治区)?(?:人民)?政府"
    r"(?=的?(?:决策|重大决策|部署|工作部署|要求|坚强领导|领导|高度重视|重视|关心|关怀|支持|指导))"
)
# 国务院副总理, 国务委员: the body inside a person's title.
_STATE_TITLE = re.compile(r"总理|副总理|国务委员|参事")
# 中共中央政治局常委, 中央委员会委员: membership of a body in a person's title.
_MEMBERSHIP = re.compile(r"常委(?!会)|候补委员|委员(?!会)")
# Self reference in a body's own document (我厅, 本委 ...), or back to the body just named (该厅);
# the head's last character says which.
_SELF = re.compile(r"(?<![日自根基成版资文样剧课应])(?P<which>[我本该])([厅委局部办馆署])(?![长门员属级内外])")


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    g = load()
    central = trie_pattern(g.central_by_name)
    return {
        "central": re.compile(f"(?P<name>{central})(?P<unit>{_UNIT})?"),
        # the name alone, for a run whose would-be unit names another body (国务院|批准后由市场监管总局)
        "central_name": re.compile(f"(?P<name>{central})(?P<unit>)"),
        "head": re.compile(trie_pattern(g.heads)),
        "topic": re.compile(trie_pattern(g.topics), re.I),
    }


def find_provinces(text: str) -> list[Mention]:
    return [
        Mention(
            label="Province",
            start=p.start,
            end=p.end,
            text=p.text,
            rule="province.gazetteer",
            name=p.provinces[0].short,
        )
        for p in find_places(text)
        if p.kind == "province"
    ]


def find_topics(text: str, bodies: Sequence[Mention] = ()) -> list[Mention]:
    """Topic words of the running text; one inside a body's name (信息化 in 工业和信息化部) is
    part of that name, not a topic of the text."""
    topics = {k.lower(): v for k, v in load().topics.items()}
    inside = bytearray(len(text))
    for b in bodies:
        inside[b.start : b.end] = b"\x01" * (b.end - b.start)
    return [
        Mention(
            label="Topic",
            start=m.start(),
            end=m.end(),
            text=m.group(0),
            rule="topic.gazetteer",
            name=topics[m.group(0).lower()],
        )
        for m in _patterns()["topic"].finditer(text)
        if not any(inside[m.start() : m.end()])
    ]


def _central_matches(text: str) -> Iterator[re.Match[str]]:
    """Central bodies with their units; a unit never holds another body's name: that run is a
    clause (经国务院批准后由市场监管总局印发), and the body after it is a mention of its own."""
    patterns, bodies = _patterns(), load().central_by_name
    pos = 0
    while (m := patterns["central"].search(text, pos)) is not None:
        unit, own = m.group("unit"), bodies[m.group("name")].official
        # its own departments are named in the unit (教育部|科学技术与信息化司); another body, such
        # as a ministry after 国务院, is not
        if unit and any(
            bodies[n.group(0)].parent != own or own in _TOP for n in patterns["central_name"].finditer(unit)
        ):
            m = patterns["central_name"].match(text, m.start()) or m
        yield m
        pos = m.end()


def _central(text: str, taken: bytearray, *, signature: bool = False) -> list[Mention]:
    g = load()
    found = []
    for m in _central_matches(text):
        if any(taken[m.start() : m.end()]):
            continue
        body = g.central_by_name[m.group("name")]
        if body.official == "国务院" and _STATE_TITLE.match(text, m.end()) and not signature:
            continue
        if _MEMBERSHIP.match(text, m.end()) and not signature:
            continue  # 中共中央政治局常委某某: a member's title, not the body acting
        if m.group(0).endswith("部") and text.startswith("门", m.end()):
            continue  # 教育部门, 财政部门: the departments in charge of a field, no body
        attrs = {"scope": "national", "official": body.official}
        if not body.agency:
            attrs["peoples_organisation"] = "true"  # read as a body of a list, then dropped (extraction/agencies.py)
        if m.group("unit"):
            attrs["unit"] = m.group("unit")
        if (
            body.parent is not None
            and body.parent not in _TOP
            and body.official.startswith(body.parent)
            and not m.group("name").startswith(body.parent)
            and not m.group("name").startswith(_SELF_STANDING)
        ):
            attrs["bare_unit"] = body.parent  # 科技司 alone: a department of the ministry the text is about
        found.append(
            Mention(label="Agency", start=m.start(), end=m.end(), text=m.group(0), rule="agency.central", attrs=attrs)
        )
        taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    return found


def signing_bodies(text: str) -> list[Mention]:
    """Central bodies that sign a line (国务院总理 李鹏 signs for 国务院), without the running
    text's rule that 国务院 before 总理 is part of a person's title."""
    return _central(text, bytearray(len(text)), signature=True)


def _place_chain(text: str, end: int) -> list[Place]:
    """The places written right before a head, outermost first (吉林省吉林市船营区 → three)."""
    chain: list[Place] = []
    while True:
        place = place_ending_at(text, end, levels=not chain)
        if place is None:
            break
        chain.insert(0, place)
        end = place.start
        if place.kind == "level":
            break
    return chain


def _sharing_level(text: str, previous: Mention | None, start: int, level: str) -> str | None:
    """The place of the body coordinated right before a level word when that place is of the level
    (深圳市南山区教育局、区财政局: 南山区)."""
    if previous is None or COORDINATION.match(text[previous.end : start]) is None:
        return None
    place = str(previous.attrs.get("place", ""))
    return place if place and place.rsplit(":", 1)[-1].endswith(level) else None


def _head_kind(forms: dict[str, OrganHead], party: bool) -> OrganHead | None:
    if party:
        return forms.get("party")
    return forms.get("government") or forms.get("institution")


def _local(text: str, taken: bytearray, central: list[Mention]) -> list[Mention]:
    found: list[Mention] = []
    heads = load().heads
    central_ends = [c.end for c in central]  # central mentions never overlap: their ends are sorted
    for m in _patterns()["head"].finditer(text):
        if any(taken[m.start() : m.end()]):
            continue
        forms = heads[m.group(0)]
        party = ""
        head_start = m.start()
        for committee in ("党委", "委"):
            if (
                "party" in forms
                and text.endswith(committee, 0, head_start)
                and place_ending_at(text, head_start - len(committee)) is not None
            ):
                party = committee
                break
        head = _head_kind(forms, bool(party))
        if head is None:
            continue
        chain = _place_chain(text, head_start - len(party))
        end = m.end()
        if head.kind != "party" and not head.official.endswith(_OFFICE) and text.startswith(_OFFICE, end):
            office = text[end : end + 3]
            end += 3
        else:
            office = ""
        start = chain[0].start if chain else head_start
        if text.endswith("中共", 0, start) and party:
            start -= 2
        if chain and chain[0].kind == "level" and start and text[start - 1] in _NOT_PROVINCIAL:
            continue
        if chain and chain[0].kind == "level" and _DISTRIBUTED.search(text, max(0, start - 24), start):
            continue  # 各省、自治区、直辖市教育厅: the department of every such place
        if chain and _AFTER_KINDS.search(text, max(0, start - 30), start):
            continue
        place = "|".join(f"{p.kind}:{p.text}" for p in chain)
        if chain and chain[0].kind == "level" and len(chain[0].text) == 1 and chain[0].text not in "省市" and not party:
            # 县/区/州 alone: the place of a body just named with that level (某州教育局联合州财政局);
            # else only a text about that county says which (not resolved)
            shared = _sharing_level(text, found[-1] if found else None, start, chain[0].text)
            if shared is None:
                continue
            place = shared
        if not chain:
            if party or len(m.group(0)) < 3 or (start and text[start - 1] in _NOT_PROVINCIAL):
                continue
            # A bare head names a body only in a coordination with one that has a place, whose
            # place it shares (省财政厅、教育厅; 韩城市教育局、财政局), at the start of a clause,
            # or, for a head that is also a central body's short form, after a word that takes a
            # body (由发展改革委牵头, 记者从统计局获悉; a bare 电教中心 there is too vague).
            i = bisect_right(central_ends, start)
            before = [x for x in (found[-1] if found else None, central[i - 1] if i else None) if x is not None]
            previous = max(before, key=lambda x: x.end) if before else None
            coordinated = previous is not None and COORDINATION.match(text[previous.end : start]) is not None
            clause_start = start == 0 or text[start - 1] in "\n,，。;；:： "
            named = head.official in load().central_counterpart and text.endswith(_TAKES_A_BODY, 0, start)
            if not (coordinated or clause_start or named):
                continue
            if coordinated and previous is not None and previous.attrs.get("scope") == "local":
                place = previous.attrs["place"]
        attrs = {
            "scope": "local",
            "head": head.official,
            **({"beside": "national"} if not chain and coordinated and previous and _is_national(previous) else {}),
            "kind": head.kind,
            "party": party,
            "office": office,
            "place": place,
        }
        rule = (
            "agency.level_head"
            if chain and chain[0].kind == "level"
            else "agency.place_head"
            if chain
            else "agency.bare_head"
        )
        found.append(Mention(label="Agency", start=start, end=end, text=text[start:end], rule=rule, attrs=attrs))
        taken[start:end] = b"\x01" * (end - start)
        if chain and chain[0].kind != "level":
            found[-1:-1] = _sharing_places(text, chain[0], attrs, m.group(0) + office)
    found.sort(key=lambda x: x.start)
    return found


def _is_national(m: Mention) -> bool:
    return m.attrs.get("scope") == "national"


def _sharing_places(text: str, first: Place, attrs: dict[str, str], head_text: str) -> list[Mention]:
    """合肥市、芜湖市教育局: places listed before one head each name a body with that head."""
    out: list[Mention] = []
    end = first.start
    while end > 1 and text[end - 1] in "、和及与":
        place = place_ending_at(text, end - 1, levels=False)
        if place is None or place.kind != first.kind:
            break
        out.insert(
            0,
            Mention(
                label="Agency",
                start=place.start,
                end=place.end,
                text=place.text + head_text,
                rule="agency.shared_head",
                attrs={**attrs, "place": f"{place.kind}:{place.text}"},
            ),
        )
        end = place.start
    return out


def _self_references(text: str, taken: bytearray) -> list[Mention]:
    return [
        Mention(
            label="Agency",
            start=m.start(),
            end=m.end(),
            text=m.group(0),
            rule="agency.self",
            attrs={"scope": "self", "head_char": m.group(2), "which": m.group("which")},
        )
        for m in _SELF.finditer(text)
        if not any(taken[m.start() : m.end()])
    ]


def find_agencies(text: str) -> list[Mention]:
    """Agency mentions; `attrs` says how each was built so that resolution can complete it."""
    taken = bytearray(len(text))
    for m in _STATE_AS_SOURCE.finditer(text):
        taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    central = _central(text, taken)
    found = central + _local(text, taken, central)
    found += _self_references(text, taken)
    found.sort(key=lambda x: x.start)
    return found
