"""The named queries: the contract between the stores and their users.

Each question lives in cypher/queries/NAME.cypher, with its SPARQL twin NAME.rq beside it; the
header comment says what it answers and declares its parameters (`// :param name  help`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from kg_builder.resources import resource
from kg_builder.schema import UnknownTerm, canonical_genre, canonical_topic
from kg_builder.textnorm import normalize_number

QUERIES_DIR = resource("cypher", "queries")
_PARAM = re.compile(r"^//\s*:param\s+(\w+)\s+(.*)$", re.M)
_SPARQL_PARAM = re.compile(r"\?p_(\w+)\b")


class QueryError(ValueError):
    """A named query that does not exist or parameters it does not take."""


@dataclass(frozen=True)
class NamedQuery:
    name: str
    question: str
    params: dict[str, str]  # parameter → help
    cypher: str
    sparql: str

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(p for p, help_ in self.params.items() if "required" in help_)

    def bind(self, values: dict[str, str | None]) -> dict[str, str | None]:
        """Every declared parameter with a value or None; topics by their preferred label, genres by their
        notation (通知 → notice)."""
        unknown = set(values) - set(self.params)
        if unknown:
            raise QueryError(f"query {self.name!r} takes {', '.join(self.params) or 'no parameters'}; "
                             f"not {', '.join(sorted(unknown))}")
        bound = {p: (values.get(p) or None) for p in self.params}
        missing = [p for p in self.required if bound[p] is None]
        if missing:
            raise QueryError(f"query {self.name!r} needs {', '.join(missing)}")
        # An unknown topic or genre would match nothing; say so instead of answering "no rows".
        try:
            if topic := bound.get("topic"):
                bound["topic"] = canonical_topic(topic)
            if genre := bound.get("genre"):
                bound["genre"] = canonical_genre(genre)
            if number := bound.get("number"):
                bound["number"] = normalize_number(number)
        except UnknownTerm as err:
            raise QueryError(str(err)) from err
        return bound


def fill_sparql(text: str, params: dict[str, str | None], literal: Callable[[str], str]) -> str:
    """The SPARQL twin for these parameters: a line using ?p_name stays only when `name` is given, with
    the value as an escaped literal. (Filters like !BOUND(?p) || … defeat Oxigraph's planner.)"""
    lines = []
    for line in text.splitlines():
        used = set(_SPARQL_PARAM.findall(line))
        if any(params.get(name) is None for name in used):
            continue
        lines.append(_SPARQL_PARAM.sub(lambda m: literal(params[m.group(1)] or ""), line))
    return "\n".join(lines)


@lru_cache(maxsize=1)
def named_queries() -> dict[str, NamedQuery]:
    queries = {}
    for cypher_path in sorted(QUERIES_DIR.glob("*.cypher")):
        cypher = cypher_path.read_text(encoding="utf-8")
        sparql_path = cypher_path.with_suffix(".rq")
        if not sparql_path.exists():
            raise QueryError(f"{cypher_path.name} has no SPARQL twin {sparql_path.name}")
        first = cypher.splitlines()[0].removeprefix("//").strip()
        queries[cypher_path.stem] = NamedQuery(
            name=cypher_path.stem, question=first, params=dict(_PARAM.findall(cypher)), cypher=cypher,
            sparql=sparql_path.read_text(encoding="utf-8"))
    return queries


def get_query(name: str) -> NamedQuery:
    queries = named_queries()
    if name not in queries:
        raise QueryError(f"no query named {name!r}; the named queries are {', '.join(queries)}")
    return queries[name]
