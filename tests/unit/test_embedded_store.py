"""The embedded store: it replaces a report by comparing N-Triples lines (its own spelling of a statement
and Oxigraph's must agree, and the replaced graph must be the new report's graph whatever the text
holds), and a serving process reads a copy in memory that must answer as the store on disk."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg_builder.graph import Edge, Node, SourceGraph, entity_iri, fact_iri, report_iri
from kg_builder.rdf import nt_literal, ntriples
from kg_builder.store import Row
from kg_builder.store.embedded import EmbeddedStore

INTEGER = "http://www.w3.org/2001/XMLSchema#integer"


@settings(max_examples=300)
@given(st.text(), st.sampled_from([None, INTEGER]))
def test_a_literal_is_spelt_as_oxigraph_writes_it(text: str, datatype: str | None) -> None:
    line = f"<http://example.org/s> <http://example.org/p> {nt_literal(text, datatype)} .\n"
    parsed = list(ox.parse(line.encode("utf-8"), ox.RdfFormat.N_TRIPLES))
    assert parsed[0].object.value == text
    if datatype is None:  # Oxigraph writes integers in their canonical form, as the loader does
        written = ox.serialize([q.triple for q in parsed], format=ox.RdfFormat.N_TRIPLES) or b""
        assert written.decode("utf-8") == line


def _report(sentence: str, documents: list[str], name: str = "a.txt") -> SourceGraph:
    report = Node(report_iri(name), "SourceReport", {"name": name, "title": "月报", "path": name})
    agency = Node(entity_iri("Agency", "云南省教育厅"), "Agency", {"name": "云南省教育厅", "aliases": []})
    nodes = [agency] + [Node(entity_iri("Document", d), "Document", {"name": d, "aliases": []}) for d in documents]
    edges = [
        Edge(
            fact_iri("ISSUED", agency.iri, n.iri, report.iri),
            "ISSUED",
            agency.iri,
            n.iri,
            report.iri,
            {"sentence": sentence, "quote": n.props["name"], "start": 3 + i, "end": 9 + i, "rule": "test"},
        )
        for i, n in enumerate(nodes[1:])
    ]
    return SourceGraph(report, nodes, edges)


def _statements(store: EmbeddedStore) -> set[str]:
    return {str(q) for q in store.store.quads_for_pattern(None, None, None) if "loadedAt" not in str(q)}


def test_a_replaced_report_equals_a_fresh_load_with_control_characters_and_a_document_gone(tmp_path: Path) -> None:
    before = _report("云南省教育厅印发\t《甲》和《乙》。", ["关于甲的通知", "关于乙的通知"])
    after = _report('云南省教育厅\r\n印发"《甲》"\\《丙》\x01。', ["关于甲的通知", "关于丙的通知"])
    replaced = EmbeddedStore(tmp_path / "replaced")
    replaced.load([before])
    replaced.load([after])
    fresh = EmbeddedStore(tmp_path / "fresh")
    fresh.load([after])
    assert _statements(replaced) == _statements(fresh)
    # the document no report names any more is gone with its description; the one kept is not duplicated
    assert not any("关于乙的通知" in s for s in _statements(replaced))
    assert sum('"关于甲的通知"' in s for s in _statements(replaced)) == 2  # its name, and a fact's quote


def test_lines_and_quads_share_one_spelling() -> None:
    statements = [("http://example.org/s", "http://example.org/p", ("a\tb", None))]
    assert ntriples(statements) == '<http://example.org/s> <http://example.org/p> "a\\tb" .\n'
    assert ntriples(statements, "http://example.org/g").endswith(" <http://example.org/g> .\n")


def _rows(store: EmbeddedStore) -> list[Row]:
    return store.query("documents", {"province": None, "topic": None, "genre": None, "from": None, "to": None})


def test_the_copy_in_memory_answers_as_the_store_on_disk_through_loads_and_a_failed_one(tmp_path: Path) -> None:
    first = _report("云南省教育厅印发《甲》。", ["关于甲的通知"])
    disk = EmbeddedStore(tmp_path / "disk")
    served = EmbeddedStore(tmp_path / "served", memory_mb=64)
    for store in (disk, served):
        store.load([first])
    assert _rows(served) == _rows(disk) and served._memory is not None  # read from the copy
    changed = _report("云南省教育厅印发《乙》。", ["关于乙的通知"])
    other = _report("云南省教育厅印发《丙》。", ["关于丙的通知"], name="b.txt")
    for store in (disk, served):
        store.load([changed, other])  # a replacement and a new report go to the copy too
    assert _rows(served) == _rows(disk) and served._memory is not None
    assert sorted(r["document"] for r in _rows(served)) == ["关于丙的通知", "关于乙的通知"]
    broken = dataclasses.replace(changed, edges=[dataclasses.replace(changed.edges[0], type="NOT_A_RELATION")])
    with pytest.raises(KeyError):
        served.load([broken])
    assert served._memory is None  # dropped: it might differ from the disk
    assert _rows(served) == _rows(disk)
    served.clear()
    assert _rows(served) == [] and served._memory is not None


def test_a_store_larger_than_its_memory_allowance_or_with_none_is_read_from_disk(tmp_path: Path) -> None:
    none = EmbeddedStore(tmp_path / "none", memory_mb=0)
    none.load([_report("云南省教育厅印发《甲》。", ["关于甲的通知"])])
    assert [r["document"] for r in _rows(none)] == ["关于甲的通知"] and none._memory is None
    # 150 reports of 20 documents take some 6 MB of files: more than an allowance of 1 MB
    large = EmbeddedStore(tmp_path / "large", memory_mb=1)
    names = [[f"关于第{r}批第{i}项工作的通知" for i in range(20)] for r in range(150)]
    large.load([_report("云南省教育厅印发文件。", documents, name=f"{r}.txt") for r, documents in enumerate(names)])
    assert len(_rows(large)) == 3000 and large._memory is None and large._too_large


def _with_aliases(sg: SourceGraph, aliases: list[str]) -> SourceGraph:
    """The report with its agency named also by `aliases` in its text."""
    agency = dataclasses.replace(sg.nodes[0], props={**sg.nodes[0].props, "aliases": aliases})
    return dataclasses.replace(sg, nodes=[agency, *sg.nodes[1:]])


def _aliases(store: EmbeddedStore) -> set[str]:
    return {r["alias"] for r in store.sparql("SELECT ?alias WHERE { ?a skos:altLabel ?alias }")}


def test_a_reload_leaves_exactly_what_a_clean_build_of_the_same_files_holds(tmp_path: Path) -> None:
    """A description that a replaced report no longer makes goes, unless another report still makes it."""
    a = _report("云南省教育厅印发《甲》。", ["关于甲的通知"])
    b = _report("云南省教育厅印发《丙》。", ["关于丙的通知"], name="b.txt")
    first = [_with_aliases(a, ["省教育厅", "云南教育厅"]), _with_aliases(b, ["省教育厅", "滇教育厅"])]
    for then in ([_with_aliases(a, [])], [_with_aliases(a, []), _with_aliases(b, [])]):
        reloaded = EmbeddedStore(tmp_path / f"reloaded{len(then)}")
        reloaded.load(first)
        reloaded.load(then)  # one report replaced; then both in one load, each dropping the alias they shared
        clean = EmbeddedStore(tmp_path / f"clean{len(then)}")
        clean.load([*then, *first[len(then) :]])
        assert _statements(reloaded) == _statements(clean)
        assert _aliases(reloaded) == ({"省教育厅", "滇教育厅"} if len(then) == 1 else set())


def test_a_store_without_records_keeps_descriptions_rather_than_lose_another_reports(tmp_path: Path) -> None:
    """A store built before the records were kept has none for its reports: a reload then removes no
    description, since it cannot know which other reports make them."""
    a = _report("云南省教育厅印发《甲》。", ["关于甲的通知"])
    b = _report("云南省教育厅印发《丙》。", ["关于丙的通知"], name="b.txt")
    store = EmbeddedStore(tmp_path / "old")
    store.load([_with_aliases(a, ["云南教育厅"]), _with_aliases(b, ["省教育厅"])])
    store.described.clear()  # as such a store was
    store.load([_with_aliases(a, ["省教育厅"])])
    assert _aliases(store) == {"云南教育厅", "省教育厅"}
