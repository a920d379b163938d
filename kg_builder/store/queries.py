"""The named queries: the contract between the stores and their users.

Each question lives in cypher/queries/NAME.cypher, with its SPARQL twin NAME.rq beside it; the
header comment says what it answers and declares its parameters (`// :param name  help`; a help
that starts with `(iri)` declares an entity IRI). Every read of the graph is one of them, and
parameters are bound one way: Cypher gets them as driver parameters; SPARQL gets them as one
VALUES row at the top of the WHERE clause, each value an RDF term serialised by pyoxigraph
(Oxigraph's own substitution joins after the fact: an entity page took 2.3 s instead of 13 ms).
A SPARQL line that uses a parameter which is not given is left out: `!BOUND(?p) || …` filters
defeat Oxigraph's planner.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pyoxigraph as ox

from kg_builder.errors import BadInput
from kg_builder.iri import parse_entity
from kg_builder.resources import resource
from kg_builder.schema import UnknownTerm, canonical_genre, canonical_topic
from kg_builder.store import Params
from kg_builder.textnorm import normalize_number

QUERIES_DIR = resource("cypher", "queries")
_PARAM = re.compile(r"^//\s*:param\s+(\w+)\s+(.*)$", re.M)
_SPARQL_PARAM = re.compile(r"\?p_(\w+)\b")
_WHERE = re.compile(r"WHERE\s*\{", re.I)


class QueryError(BadInput):
    """A named query that does not exist, or parameters it does not take or cannot use."""


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

    @property
    def iris(self) -> tuple[str, ...]:
        return tuple(p for p, help_ in self.params.items() if help_.startswith("(iri)"))

    def bind(self, values: Params) -> dict[str, str | None]:
        """Every declared parameter with a value or None; topics by their preferred label, genres by their
        notation (通知 → notice), 文号 with normalised brackets, IRIs checked against the IRI scheme."""
        unknown = set(values) - set(self.params)
        if unknown:
            raise QueryError(
                f"query {self.name!r} takes {', '.join(self.params) or 'no parameters'}; "
                f"not {', '.join(sorted(unknown))}"
            )
        bound = {p: (values.get(p) or None) for p in self.params}
        for p, value in bound.items():
            if value is not None and not isinstance(value, str):
                raise QueryError(f"query {self.name!r}: {p} is one text value, not {value!r}")
        missing = [p for p in self.required if bound[p] is None]
        if missing:
            raise QueryError(f"query {self.name!r} needs {', '.join(missing)}")
        # An unknown topic or genre would match nothing; say so instead of answering "no rows".
        try:
            if isinstance(topic := bound.get("topic"), str):
                bound["topic"] = canonical_topic(topic)
            if isinstance(genre := bound.get("genre"), str):
                bound["genre"] = canonical_genre(genre)
            if isinstance(number := bound.get("number"), str):
                bound["number"] = normalize_number(number)
        except UnknownTerm as err:
            raise QueryError(str(err)) from err
        for p in self.iris:
            if (iri := bound[p]) is not None and parse_entity(iri) is None:
                raise QueryError(f"{p}: {iri!r} is no entity IRI")
        return bound

    def sparql_for(self, bound: Params) -> str:
        """The SPARQL twin for bound parameters: lines using absent ones left out, the rest bound by VALUES."""
        given = {p: v for p, v in bound.items() if v is not None}
        lines = [
            line for line in self.sparql.splitlines() if all(name in given for name in _SPARQL_PARAM.findall(line))
        ]
        return bind_values("\n".join(lines), given, iris=self.iris)


def bind_values(text: str, params: Params, *, iris: tuple[str, ...] = ()) -> str:
    """Parameters as one VALUES row at the top of the WHERE clause (?p_name is the value of `name`: an IRI
    for the names in `iris`, else a string literal; UNDEF for None)."""
    if not params:
        return text
    where = _WHERE.search(text)
    if where is None:
        raise QueryError("a parameterised SPARQL query needs a WHERE clause")

    def term(name: str, value: str) -> str:
        return str(ox.NamedNode(value) if name in iris else ox.Literal(value))

    values = " ".join("UNDEF" if v is None else term(k, str(v)) for k, v in params.items())
    row = f"VALUES ({' '.join(f'?p_{k}' for k in params)}) {{ ({values}) }}"
    return f"{text[: where.end()]}\n  {row}{text[where.end() :]}"


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
            name=cypher_path.stem,
            question=first,
            params=dict(_PARAM.findall(cypher)),
            cypher=cypher,
            sparql=sparql_path.read_text(encoding="utf-8"),
        )
    return queries


def get_query(name: str) -> NamedQuery:
    queries = named_queries()
    if name not in queries:
        raise QueryError(f"no query named {name!r}; the named queries are {', '.join(queries)}")
    return queries[name]
