"""Mentions → canonical names, using context: the paragraph's province, the period, coordination.

市教委 in the 北京 paragraph is 北京市教育委员会; 省教育厅 in the 江西 paragraph is 江西省教育厅;
教育部科技司 is 教育部科学技术与信息化司; 1月22日 in a 2019-01 brief is 2019-01-22; one event
written with and without 全国/视频 is one event.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from kg_builder.extraction.context import DocumentContext
from kg_builder.gazetteer import Gazetteer, Province, load
from kg_builder.model import Mention
from kg_builder.nlp.dates import normalize_date
from kg_builder.nlp.places import find_places, provinces_of

_EVENT_VARIANT = re.compile(r"全国|全省|全区|视频|线上")
_EVENT_IDENTITY = re.compile(r"((?:19|20)\d\d)(?:年度?)?(?!\d)|(第[一二三四五六七八九十百\d]+[届期次])")
_NATIONAL_SCOPE = ("国家", "全国", "中国")
_OWN_PROVINCE = re.compile(r"^(?:(?:19|20)\d\d年度?)?(?:全省|全区)")
_OFFICE = re.compile(r"(?:办公室|办公厅)$")
# 我厅, 本委 ...: the last character of the head of the body that wrote the text.
SELF_HEADS = {
    "厅": ("厅",),
    "委": ("委员会", "委"),
    "局": ("局",),
    "部": ("部",),
    "办": ("办公室", "办"),
    "馆": ("馆",),
    "署": ("署",),
}


def national_name(g: Gazetteer, mention: Mention, focus: str | None) -> str | None:
    official = mention.attrs["official"]
    parent = mention.attrs.get("bare_unit")
    if parent and focus and focus != parent:
        # 部办公厅 in a text about 生态环境部 is that ministry's office, never 教育部办公厅.
        return focus + mention.text.removeprefix("部")
    unit = mention.attrs.get("unit")
    if not unit:
        return official
    known = g.central_by_name.get(unit)
    if known is not None and known.parent == official:
        return known.official
    return official + unit


def _focus_ministry(g: Gazetteer, mentions: list[Mention]) -> str | None:
    """The ministry a text speaks of most, counting its departments and units as it."""
    counts: Counter[str] = Counter()
    for m in mentions:
        if m.label != "Agency" or m.attrs.get("scope") != "national" or "bare_unit" in m.attrs:
            continue
        body = g.central_by_name[m.attrs["official"]]
        ministry = body.official if body.parent in {"国务院", "中共中央", None} else body.parent
        if ministry not in {"国务院", "中共中央"}:
            counts[ministry] += 1
    return counts.most_common(1)[0][0] if counts else None


def _party_committee(place: str) -> str:
    """The Party committee of a place: 江苏省委, 宝鸡市委, 广西壮族自治区委员会."""
    return place + ("委员会" if place.endswith("自治区") else "委")


def local_name(
    g: Gazetteer, mention: Mention, province: str | None, locality: str | None
) -> tuple[str, str | None] | None:
    """The canonical name of a local body and its province's short name."""
    attrs = mention.attrs
    chain = [tuple(p.split(":", 1)) for p in attrs["place"].split("|") if p]
    parts: list[str] = []
    place_province: Province | None = None
    context = g.province_by_name.get(province or "")
    for kind, text in chain:
        if kind == "province":
            place_province = g.province_by_name[text]
            parts.append(place_province.official)
        elif kind in {"prefecture", "county"}:
            candidates = list(provinces_of(text))
            if place_province is None:
                place_province = (
                    candidates[0] if len(set(candidates)) == 1 else context if context in candidates else None
                )
            parts.append(text)
        else:  # a level word: the context says which place
            resolved = _level_place(g, text, context, locality)
            if resolved is None:
                return None
            place_province, place = resolved
            parts.append(place)
    if not chain:  # a bare head (教育厅 after 省财政厅、): the province of the context
        if context is None:
            return None
        place_province = context
        # …or the city or county a text is about, for a head its bodies have (电教中心 in a county's
        # notice is the county's); a 厅 is a province's department.
        if locality is not None and locality != context.official and not attrs["head"].endswith("厅"):
            parts.append(locality)
        else:
            parts.append(context.official)
    place = "".join(parts)
    if attrs["party"]:
        name = "中共" + _party_committee(place) + attrs["head"]
    else:
        name = place + attrs["head"] + attrs["office"]
    return name, place_province.short if place_province else None


def _central_counterpart(g: Gazetteer, mention: Mention, context: str | None) -> str | None:
    """发展改革委 with no place: the national commission beside central bodies or in a text about
    no province (教育部、发展改革委印发); the province's own in a provincial text."""
    attrs = mention.attrs
    if attrs["place"] or attrs["party"] or attrs["office"]:
        return None
    if attrs.get("beside") != "national" and context is not None:
        return None
    return g.central_counterpart.get(attrs["head"])


def _level_place(
    g: Gazetteer, level: str, context: Province | None, locality: str | None
) -> tuple[Province, str] | None:
    """省 in a text about 江西 is 江西省; 市 in one about 北京 is 北京市, in one about 宝鸡 宝鸡市."""
    if context is None:
        return None
    if level == "兵团":
        return g.province_by_name["新疆生产建设兵团"], "新疆生产建设兵团"
    if level in {"省", "自治区"}:
        # Briefs write 省教育厅 for an autonomous region's department too; 自治区 fits only one.
        if context.level not in {"省", "自治区"} or (level == "自治区" and context.level != "自治区"):
            return None
        return context, context.official
    if context.level == level:  # 市 in a municipality
        return context, context.official
    if locality and locality.endswith(level):
        return context, locality
    city = _prefecture_of(g, locality, context) if locality and level == "市" else None
    if city is not None:  # 市教育局 in a county's text is its city's (蒲城县 → 渭南市)
        return context, city
    return None


def _prefecture_of(g: Gazetteer, county: str, province: Province) -> str | None:
    """The prefecture-level city a county of the province belongs to (GB/T 2260 codes)."""
    codes = [d.code for d in g.divisions if d.level == "county" and d.name == county and d.province == province]
    if len(codes) != 1:
        return None
    city = next((d for d in g.divisions if d.code == codes[0][:4] + "00" and d.level == "prefecture"), None)
    return city.name if city is not None and city.name.endswith("市") else None


def own_body(resolved: list[Mention], head_char: str, title_end: int) -> Mention | None:
    """The body that wrote the text: in its title, else the first one named with that head."""
    heads = SELF_HEADS[head_char]
    first: tuple[Mention, str] | None = None
    for m in resolved:
        if m.label != "Agency" or not m.name:
            continue
        # 我厅 in a notice of 某省教育厅办公室 is 某省教育厅, the department the office serves.
        body = m.name if m.name.endswith(heads) else _OFFICE.sub("", m.name)
        if not body.endswith(heads):
            continue
        if m.start < title_end:  # the body in the title wrote the text
            return m.model_copy(update={"name": body})
        first = first or (m, body)
    return first[0].model_copy(update={"name": first[1]}) if first else None


def unquote(name: str) -> str:
    """Drop quotes that wrap the whole name, keep quotes inside it (“互联网+教育”示范县(区))."""
    if name.startswith("“") and name.endswith("”") and name.count("“") == 1:
        return name[1:-1]
    return name


def resolve(ctx: DocumentContext, mentions: list[Mention], g: Gazetteer | None = None) -> list[Mention]:
    """Fill in `name` for every mention that can be resolved; drop the ones that cannot."""
    g = g or load()
    document, index = ctx.document, ctx.paragraphs
    focus = _focus_ministry(g, mentions)
    resolved: list[Mention] = []
    self_refs: list[Mention] = []
    last_agency: Mention | None = None
    for m in sorted(mentions, key=lambda x: (x.start, -x.end)):
        name: str | None = m.name
        if m.label == "Agency":
            scope = m.attrs["scope"]
            if scope == "self":
                self_refs.append(m)
                continue
            if scope == "national":
                name = national_name(g, m, focus)
            else:
                context = index.province_at(m.start)
                if m.rule == "agency.bare_head" and last_agency is not None and last_agency.attrs.get("province"):
                    context = last_agency.attrs["province"]
                counterpart = _central_counterpart(g, m, context)
                locality = index.locality_at(m.start) or document.locality
                local = None if counterpart else local_name(g, m, context, locality)
                name = counterpart
                if counterpart:
                    m.attrs.update(scope="national", official=counterpart)
                elif local is not None:
                    name, province = local
                    if province:
                        m.attrs["province"] = province
            if name is not None:
                last_agency = m
        elif m.label == "Date":
            name = normalize_date(m.attrs, document.period)
        elif m.label in {"Program", "Event"}:
            name = re.sub(r"\s+", "", unquote((name or m.text).strip()))  # 提升工程 2.0 = 提升工程2.0
            if m.label == "Event" and _OWN_PROVINCE.match(name) and (province := index.province_at(m.start)):
                # 全省…推进会 is the meeting of the province of its paragraph (merge_variants)
                m = m.model_copy(update={"attrs": {**m.attrs, "province": province}})
        if name:
            resolved.append(m.model_copy(update={"name": name}))
    title_end = len(document.title)
    for m in self_refs:
        if m.attrs.get("which") == "该":  # 该厅: the last body with that head named before it
            # nearest first by place: references resolved before this one are appended at the end
            before = sorted((r for r in resolved if r.start < m.start), key=lambda r: r.start, reverse=True)
            own = own_body(before, m.attrs["head_char"], 0)
        else:
            own = own_body(resolved, m.attrs["head_char"], title_end)
        if own is not None:
            attrs = {**own.attrs, "self": "1"}
            resolved.append(m.model_copy(update={"name": own.name, "attrs": attrs}))
    resolved.sort(key=lambda x: (x.start, -x.end))
    return full_program_names(merge_variants(resolved))


def full_program_names(mentions: list[Mention]) -> list[Mention]:
    """A program named once with its scope (a country, province, city or county) and then without
    it (国家教育数字化战略行动 … 实施教育数字化战略行动) is one program, named in full; a name that
    two scopes could complete (国家… and 浙江…) stays as written."""
    names = {m.name for m in mentions if m.label == "Program" and m.name}

    def scope(prefix: str) -> bool:  # 国家, and any place: 浙江省, a city or county (黄冈市…示范校)
        return prefix in _NATIONAL_SCOPE or bool(provinces_of(prefix))

    full: dict[str, str] = {}
    for name in names:
        longer = [n for n in names if len(n) > len(name) and n.endswith(name) and scope(n[: -len(name)])]
        if len(longer) == 1:
            full[name] = longer[0]
    return [
        m.model_copy(update={"name": full[m.name]}) if m.label == "Program" and m.name in full else m for m in mentions
    ]


def _event_core(name: str) -> tuple[str, bool, frozenset[str], str | None]:
    """What stays of an event's name across its mentions, whether the mention names a local part
    of a national event (陕西省国家网络安全宣传周, 某县教育系统第九届国家…周), the year and
    ordinal it carries, and the province that opens it (云南省…推进会: 云南)."""
    identity = frozenset(year or ordinal for year, ordinal in _EVENT_IDENTITY.findall(name))
    core = _EVENT_IDENTITY.sub("", name)
    local = False
    province = None
    place = next(iter(find_places(core)), None)
    if place is not None and place.start == 0:
        rest = re.sub(r"^(?:教育)?系统", "", core[place.end :])
        if rest.startswith(_NATIONAL_SCOPE):
            core, local = rest, True
    if not local:
        # the province by name alone: 某省中小学…会 opens no school's name here
        by_name = load().province_by_name
        size = next((k for k in range(len(core) - 1, 1, -1) if core[:k] in by_name), 0)
        if size:
            core, province = core[size:], by_name[core[:size]].short
    return _EVENT_VARIANT.sub("", core), local, identity, province


def merge_variants(mentions: list[Mention]) -> list[Mention]:
    """One event written several ways is one event: with and without 全国/国家/视频, its year or its
    ordinal (2022年国家网络安全宣传周 = 第九届国家网络安全宣传周), a place holding its local
    part, or its province for 全省 (云南省…推进会 = 全省…推进会 in a text about 云南). It is named
    by a national form with a year or ordinal, then the commonest, then the longest. Forms with
    two different years, ordinals or provinces are different events (2021 and 2022
    全球智慧教育大会; 云南省 and 贵州省…推进会)."""
    cores: dict[str, tuple[str, bool, frozenset[str], str | None]] = {}
    for m in mentions:
        if m.label == "Event" and m.name and m.name not in cores:
            core, local, identity, province = _event_core(m.name)
            province = province or m.attrs.get("province")  # 全省…: set at resolution
            cores[m.name] = (core, local, identity, province)
    # 网络安全宣传周 beside 国家网络安全宣传周: the event named without its national scope
    known = {core for core, _, _, _ in cores.values()}
    scoped = {c: [p + c for p in _NATIONAL_SCOPE if p + c in known] for c in known}
    by_core: dict[str, list[str]] = defaultdict(list)
    for name, (core, _, _, _) in cores.items():
        by_core[scoped[core][0] if len(scoped[core]) == 1 else core].append(name)
    counts = Counter(m.name for m in mentions if m.label == "Event" and m.name)
    preferred: dict[str, str] = {}
    for names in by_core.values():
        years = {i for n in names for i in cores[n][2] if not i.startswith("第")}
        ordinals = {i for n in names for i in cores[n][2] if i.startswith("第")}
        provinces = {cores[n][3] for n in names} - {None}
        if len(years) > 1 or len(ordinals) > 1 or len(provinces) > 1:
            groups = defaultdict(list)
            for n in names:
                groups[(cores[n][2], cores[n][3])].append(n)  # one year or ordinal, one province
            group_list = list(groups.values())
        else:
            group_list = [names]
        for group in group_list:
            best = max(group, key=lambda n: (not cores[n][1], bool(cores[n][2]), counts[n], len(n)))
            preferred.update((n, best) for n in group)
    return [m.model_copy(update={"name": preferred[m.name]}) if m.label == "Event" and m.name else m for m in mentions]
