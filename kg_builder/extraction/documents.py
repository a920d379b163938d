"""Document entities after the relations are known: a generic title is one document per issuer."""

from __future__ import annotations

from collections import defaultdict

from kg_builder.model import Entity, Relation
from kg_builder.nlp.agencies import find_agencies
from kg_builder.nlp.places import find_places
from kg_builder.nlp.titles import clean_title, genre_of
from kg_builder.textnorm import work_title


def _names_a_body_or_place(title: str) -> bool:
    return any(True for _ in find_places(title)) or bool(find_agencies(title))


def works_genres(entities: list[Entity]) -> list[Entity]:
    """A carrier notice (关于印发〈X〉的通知) is its work X in the graph (README, "One node per work"): its
    genre is the work's, a plan rather than a notice."""
    out = []
    for e in entities:
        work = work_title(e.name) if e.label == "Document" else e.name
        genre = genre_of(work) if work != e.name and work != clean_title(e.name) else None
        out.append(e.model_copy(update={"attrs": {**e.attrs, "genre": genre}}) if genre else e)
    return out


def key_generic_titles(entities: list[Entity], relations: list[Relation]) -> tuple[list[Entity], list[Relation]]:
    """A title that names no body and no place (2023年教育信息化工作要点) is one document per
    province's issuer: 两省的《…》 are two documents. Such a document's identity is its title with its
    文号, or with the issuer (or province) that issued it. A national body's document keeps its title
    alone, so that the national plan other texts cite by title is the same node (one node per work)."""
    issuers: dict[str, list[str]] = defaultdict(list)
    documents = {e.name: e for e in entities if e.label == "Document"}

    def owner(r: Relation) -> str | None:
        return documents[r.tail].attrs.get("doc_number") or r.head or r.province

    for r in relations:
        provincial = r.province is not None
        found = owner(r) if r.type in {"ISSUED", "REVISED"} and r.tail in documents and provincial else None
        if found and found not in issuers[r.tail]:
            issuers[r.tail].append(found)
    national = {r.tail for r in relations if r.type in {"ISSUED", "REVISED"} and r.province is None}
    for title, e in documents.items():  # cited with its 文号 only: 某公司《关于申请…的请示》（某〔2021〕1号）
        if "doc_number" in e.attrs and title not in issuers and title not in national:
            issuers[title].append(e.attrs["doc_number"])
    keyed = {title: owners for title, owners in issuers.items() if not _names_a_body_or_place(title)}
    if not keyed:
        return entities, relations
    out_entities = [e for e in entities if not (e.label == "Document" and e.name in keyed)]
    for title, owners in keyed.items():
        out_entities += [documents[title].model_copy(update={"key": f"{title}|{owner}"}) for owner in owners]
    out_relations: list[Relation] = []
    for r in relations:
        heads: list[str | None] = list(keyed[r.head]) if r.head_label == "Document" and r.head in keyed else [None]
        tails: list[str | None] = [None]
        if r.tail_label == "Document" and r.tail in keyed:
            issuer = owner(r) if r.type in {"ISSUED", "REVISED"} else None
            tails = [issuer] if issuer else list(keyed[r.tail])
        for h in heads:
            for t in tails:
                out_relations.append(
                    r.model_copy(
                        update={"head_key": f"{r.head}|{h}" if h else None, "tail_key": f"{r.tail}|{t}" if t else None}
                    )
                )
    return out_entities, out_relations
