"""The clause of issuing, composed from its parts rather than listed sentence by sentence.

    subject      bodies joined by 、/和/与/及, a leading body with its partners (X牵头，会同Y),
                 an agent (由X), followed by 等部门 and the like
    modifiers    any number, any order: time words, dates, 以来 phrases, manner and aspect words,
                 a document number (以…〔2024〕3号文件)
    verb group   one or more verbs of issuing, joined or not, closed or not by a verb of force
                 (印发, 编制印发, 研究制定并印发, 印发实施); revising verbs alone give REVISED
    objects      a run of titles (《A》《B》, 《A》和《B》, 《A》、《B》等文件)
    voice        active (S M V《A》), relative (S M V的《A》), passive (《A》M由S M V),
                 nominal (《A》M V, the subject found in the sentence) and announced (《A》经…通过，
                 现予V: an order or announcement publishing A, its subject the text's own body)

Each class is read from the lexicon; the patterns here only say how the classes combine, so a
new word of a class widens every voice at once. The functions take the text and the mentions of
bodies (sorted by start, none inside a title) and return mentions: the caller decides what a
found subject means for the facts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg_builder.gazetteer import load
from kg_builder.model import Mention


def _any(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@dataclass(frozen=True)
class Grammar:
    verb_before: re.Pattern[str]  # a verb group ending right before a title
    modifiers: re.Pattern[str]  # a gap made only of modifiers
    trailing_modifiers: re.Pattern[str]  # the modifiers that end a stretch of text
    coordination: re.Pattern[str]  # the gap between two bodies of one subject
    province_gap: re.Pattern[str]  # provinces as the subject: 甲、乙两地均已 → 两地均已
    partner: re.Pattern[str]  # before a body that is a partner, not the subject (联合乙)
    draft: re.Pattern[str]  # a verb group that drafts (研究编制)
    derivative: re.Pattern[str]  # after a title: what was made of it (《A》解读), the verb's real object
    future: re.Pattern[str]  # before a verb group: a future or an intention (将于近期, 拟), no issuance yet
    agent_before: re.Pattern[str]  # after a title: modifiers then 由 (the agent follows)
    pronoun_before: re.Pattern[str]  # 其 (the body acting before) then modifiers
    topic_agent: re.Pattern[str]  # a clause opening with its agent, its object the text's topic
    between_titles: re.Pattern[str]  # what joins two titles of one run
    verb_after: re.Pattern[str]  # after a title or its agent: modifiers then a verb group
    announced: re.Pattern[str]  # after a title: its approval, then 现予 and a verb group (现予公布)
    revise: re.Pattern[str]
    issue: re.Pattern[str]


@lru_cache(maxsize=1)
def grammar() -> Grammar:
    lex = load()

    def words(key: str) -> str:
        return _any(lex.words("document", key))

    issue, revise, partner = words("issue_verbs"), words("revise_verbs"), words("partner_words")
    verb = f"(?:{revise}|{issue})"
    part = r"(?:上旬|中旬|下旬|初|底|末|中|内|上半年|下半年)"
    date = rf"(?:(?:\d{{4}}\s*年\s*)?\d{{1,2}}\s*月(?:\s*\d{{1,2}}\s*日)?{part}?|\d{{4}}\s*年{part})(?:以来)?"
    number = r"以[^《》。，,；;]{0,24}?〔\d{4}〕\s*\d+\s*号(?:文件?)?(?:形式)?"
    # 以省政府办公厅名义印发: the body in whose name it is issued is its issuer
    in_the_name = r"(?:的)?名义"
    group = r"等(?:[\d一二两三四五六七八九十]+个?)?(?:有关|相关)?(?:部门|单位|机构|部委|厅局)?"
    modifier = rf"(?:{words('time_words')}|{words('manner_words')}|{date}|{number}|{group}|{in_the_name}|\s)"
    approval = r"经[^《》。；;，,由]{2,30}?(?:同意|批准|审议通过|审定)后?[，,]?"
    # 已于2023年6月2日经第14次部务会议通过: how an order or announcement says its text was adopted
    adopted = r"(?:已|业)?(?:经|于|由)(?P<adopter>[^《》。；;，,]{2,50}?)(?P<adoption>同意|批准|通过|审定)"
    # right after a title, an aside in brackets: its number, or the short name it is given
    # (《A》（以下简称《通知》）近日由甲印发)
    aside = r"(?:\s*[（(][^（）()\n]{1,40}[）)])?"
    joiner = words("verb_joiners")
    verb_group = rf"{verb}(?:(?:{joiner})?(?:{modifier})*{verb})*(?:(?:{joiner})?(?:{words('in_force_verbs')}))?"
    return Grammar(
        verb_before=re.compile(rf"(?P<group>{verb_group})(?P<aspect>了)?(?P<relative>的)?\s*$"),
        modifiers=re.compile(rf"(?:{modifier}|[，,])*"),
        trailing_modifiers=re.compile(rf"(?:{modifier})+$"),
        province_gap=re.compile(
            # 两地, 等10余个省份, 等20多个省(区、市), and their departments no name says (三地教育部门)
            rf"\s*等?\s*[\d两三四五六七八九十多余]*\s*个?(?:省份?|地区?|省区市|省市|地|市)?"
            rf"(?:\((?:区|市|自治区|直辖市)(?:、(?:区|市|自治区|直辖市))*\))?"
            rf"(?:[\u4e00-\u9fff]{{0,4}}?(?:行政|主管)?部门)?(?:{modifier}|[，,])*"
        ),
        coordination=re.compile(
            rf"\s*(?:、|和|及|以及|{partner}|牵头\s*[，,]?\s*(?:{partner}))\s*|[ \u3000]+"
            # a body no list holds, between two that are (甲、中国某某研究院、乙): still one list
            rf"|\s*[、和及与]\s*[\u4e00-\u9fff()]{{2,15}}?(?:{words('organisation_endings')})\s*[、和及与]\s*"
        ),
        partner=re.compile(rf"(?:{partner})\s*$"),
        draft=re.compile(rf"(?:{words('draft_verbs')})$"),
        derivative=re.compile(rf"\s*(?:的)?(?:{words('derivative_after')})"),
        future=re.compile(rf"(?:{words('future_words')})(?:{modifier})*$"),
        # an approval between the title and its agent (《A》经省政府同意后由甲印发): its body approves
        agent_before=re.compile(rf"{aside}(?:{modifier}|{approval})*由\s*"),
        pronoun_before=re.compile(rf"其(?:{modifier})*$"),
        # 《A》是…的规划。由甲于2019年3月29日印发实施。 / 该方案由甲印发: the document just named
        topic_agent=re.compile(
            rf"(?<=[。！？\n，,；;])\s*(?:(?:该|此|这一?|上述)(?:文件|{_any(list(lex.genres))}))?(?:{modifier}|{approval})*由"
        ),
        between_titles=re.compile(r"\s*(?:、|和|及|与|以及)?\s*"),
        # …or a verb made a noun: 《…》等标准的制订和发布
        verb_after=re.compile(
            rf"{aside}(?:{modifier})*(?P<group>{verb_group})(?!的|\s*了?\s*《)|等?[\u4e00-\u9fff]{{0,8}}?的{verb}"
        ),
        announced=re.compile(
            # …or, after its adoption, any modifiers (《A》经甲党组会议审议通过，近日印发实施)
            rf"{aside}\s*(?:{adopted}\s*[，,]\s*(?:现予以?|现|特|予以|(?:{modifier})*)|现予以?|现|特|予以)"
            rf"\s*(?P<group>{verb_group})(?=\s*[，,。；;]|\s*$|\s*施行)"
        ),
        revise=re.compile(revise),
        issue=re.compile(issue),
    )


def is_revision(verb_group: str) -> bool:
    """修订《…》 revises; 修订印发《…》 issues the revised text."""
    g = grammar()
    return g.issue.search(verb_group) is None


def is_partner(text: str, body: Mention) -> bool:
    """联合乙、丙印发: the bodies after a partner word work with a subject named before them."""
    return grammar().partner.search(text, max(0, body.start - 4), body.start) is not None


def is_draft(text: str, end: int) -> bool:
    """研究编制《…》 is work on a draft; 研究编制并印发 issues."""
    return grammar().draft.search(text, max(0, end - 6), end) is not None


def clause_end(text: str, pos: int) -> bool:
    """Nothing of the clause is left after `pos` (its verb group took no object)."""
    return pos >= len(text) or text[pos] in "。！？\n，,；;"


def refers_back(text: str, pos: int) -> bool:
    """在其近日印发的《…》中: 其 stands for the body acting before, the clause's own subject."""
    return grammar().pronoun_before.search(text, max(0, pos - 16), pos) is not None


def chain_before(text: str, bodies: list[Mention], pos: int) -> list[Mention]:
    """The bodies of the subject standing right before `pos` (only modifiers between), first
    named first: 甲、乙等部门近日联合 → [甲, 乙]; 由甲牵头，会同乙 → [甲, 乙]."""
    g = grammar()
    last = next((b for b in reversed(bodies) if b.end <= pos and g.modifiers.fullmatch(text, b.end, pos)), None)
    if last is None:
        return []
    chain = [last]
    for b in reversed(bodies[: bodies.index(last)]):
        if not g.coordination.fullmatch(text, b.end, chain[0].start):
            break
        chain.insert(0, b)
    return chain


def chain_after(text: str, bodies: list[Mention], pos: int) -> list[Mention]:
    """The bodies of the agent phrase starting at `pos` (由甲会同乙 → [甲, 乙])."""
    g = grammar()
    first = next((b for b in bodies if b.start >= pos and g.modifiers.fullmatch(text, pos, b.start)), None)
    if first is None:
        return []
    chain = [first]
    for b in bodies[bodies.index(first) + 1 :]:
        if not g.coordination.fullmatch(text, chain[-1].end, b.start):
            break
        chain.append(b)
    return chain


def split_between(text: str, start: int, end: int) -> bool:
    """分别 in the clause: each subject issued its own title, in order."""
    return "分别" in text[start:end]
