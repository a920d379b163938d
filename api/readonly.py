"""What user-supplied Cypher and SPARQL may do: read the graph, nothing else.

A guard is only as good as its agreement with the engine that runs the query, so each check reads
the text as its engine does, and the text checked is the text run:
- SPARQL: the query is normalised first (its \\u/\\U escapes expanded as SPARQL says, before any
  parsing; CR and CRLF made LF, the two line ends SPARQL knows), and a query that would still
  expand differently in another parser is refused. rdflib's parser then decides its form (SELECT
  or ASK) and that it has no SERVICE, and Oxigraph runs the normalised text, byte for byte. Besides,
  the worker that runs it has no network (kg_builder/store/sandbox.py).
- Cypher: a one-pass lexer that reads as Neo4j's does (\\u escapes expanded before lexing, line
  comments ended at CR or LF and at every other line break) refuses clauses that write, load or
  administer; then the server's own EXPLAIN plan must consist of read operators only (an
  allow-list: an administration command, a SHOW or a write is an operator not on it), and
  procedures must be on their own allow-list. Neo4j runs it in a READ session with a timeout.
"""

from __future__ import annotations

import re
import threading

from pyparsing import ParseException, ParseResults
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue

from kg_builder.errors import BadInput, Refused

# Clauses that change the graph, reach outside it (LOAD CSV fetches any URL) or administer the
# server (SHOW USERS, TERMINATE TRANSACTIONS, USE system ...).
_REFUSED = re.compile(
    r"(?<![\w.$])(CREATE|MERGE|DELETE|DETACH|SET|REMOVE|DROP|FOREACH|LOAD|ALTER|GRANT|DENY|REVOKE|RENAME|START|STOP|"
    r"SHOW|TERMINATE|USE|ENABLE|DEALLOCATE|REALLOCATE|IN\s+TRANSACTIONS)(?![\w$])",
    re.I,
)
_CALL = re.compile(r"(?<![\w.$])CALL\s*(\{|[\w.$]+)", re.I)
# Procedures a read-only explorer may call: the full-text index and the schema.
ALLOWED_PROCEDURES = frozenset(
    {
        "db.index.fulltext.querynodes",
        "db.index.fulltext.queryrelationships",
        "db.labels",
        "db.relationshiptypes",
        "db.propertykeys",
        "db.schema.visualization",
        "db.schema.nodetypeproperties",
        "db.schema.reltypeproperties",
    }
)
# The operators of Neo4j 5's read plans (the part of the operator type before '(' and '@'). Anything
# else (Create*, Merge, Set*, Delete*, LoadCSV, TransactionForeach/Apply, Show*, Terminate*,
# AdministrationCommand, index and constraint commands, an operator a later version adds) is refused.
READ_OPERATORS = frozenset(
    {
        # leaves: scans and seeks
        "AllNodesScan", "NodeByLabelScan", "UnionNodeByLabelsScan", "IntersectionNodeByLabelsScan",
        "SubtractionNodeByLabelsScan", "NodeByIdSeek", "NodeByElementIdSeek", "NodeIndexSeek",
        "NodeUniqueIndexSeek", "NodeIndexSeekByRange", "NodeUniqueIndexSeekByRange", "NodeIndexScan",
        "NodeIndexContainsScan", "NodeIndexEndsWithScan", "MultiNodeIndexSeek", "AssertingMultiNodeIndexSeek",
        "NodeCountFromCountStore", "RelationshipCountFromCountStore",
        "DirectedAllRelationshipsScan", "UndirectedAllRelationshipsScan", "DirectedRelationshipTypeScan",
        "UndirectedRelationshipTypeScan", "DirectedUnionRelationshipTypesScan",
        "UndirectedUnionRelationshipTypesScan", "DirectedRelationshipByIdSeek", "UndirectedRelationshipByIdSeek",
        "DirectedRelationshipByElementIdSeek", "UndirectedRelationshipByElementIdSeek",
        "DirectedRelationshipIndexSeek", "UndirectedRelationshipIndexSeek", "DirectedRelationshipUniqueIndexSeek",
        "UndirectedRelationshipUniqueIndexSeek", "DirectedRelationshipIndexSeekByRange",
        "UndirectedRelationshipIndexSeekByRange", "DirectedRelationshipUniqueIndexSeekByRange",
        "UndirectedRelationshipUniqueIndexSeekByRange", "DirectedRelationshipIndexScan",
        "UndirectedRelationshipIndexScan", "DirectedRelationshipIndexContainsScan",
        "UndirectedRelationshipIndexContainsScan", "DirectedRelationshipIndexEndsWithScan",
        "UndirectedRelationshipIndexEndsWithScan", "Argument", "ArgumentTracker", "Input",
        # traversal
        "Expand", "OptionalExpand", "VarLengthExpand", "BFSPruningVarLengthExpand", "ProjectEndpoints",
        "ShortestPath", "StatefulShortestPath", "Trail", "Repeat", "NullifyMetadata", "AssertSameNode",
        "AssertSameRelationship", "TriadicSelection", "TriadicBuild", "TriadicFilter",
        # combining rows
        "Apply", "SemiApply", "AntiSemiApply", "LetSemiApply", "LetAntiSemiApply", "SelectOrSemiApply",
        "SelectOrAntiSemiApply", "LetSelectOrSemiApply", "LetSelectOrAntiSemiApply", "ConditionalApply",
        "AntiConditionalApply", "RollUpApply", "CartesianProduct", "NodeHashJoin", "ValueHashJoin",
        "NodeLeftOuterHashJoin", "NodeRightOuterHashJoin", "Union", "OrderedUnion", "Optional", "Anti",
        # rows
        "Filter", "Limit", "ExhaustiveLimit", "Skip", "Sort", "PartialSort", "Top", "Top1WithTies", "PartialTop",
        "Projection", "ProduceResults", "EmptyResult", "Distinct", "OrderedDistinct", "EagerAggregation",
        "OrderedAggregation", "Eager", "Unwind", "CacheProperties",
        # checked against ALLOWED_PROCEDURES below
        "ProcedureCall",
    }
)  # fmt: skip
# Characters that end a line comment: Neo4j's lexer ends it at CR or LF; every other line break is
# counted too, so that the guard never reads as comment what the server reads as code.
_LINE_ENDS = "\n\r\x0b\x0c\x85\u2028\u2029"
_LINE_END = re.compile(f"[{_LINE_ENDS}]")
# Neo4j (like Java) expands \uXXXX (any number of u) before lexing, unless the backslash is itself
# escaped by an odd run of backslashes before it.
_CYPHER_ESCAPE = re.compile(r"(?<!\\)((?:\\\\)*)\\u+([0-9a-fA-F]{4})")
# SPARQL: \uXXXX and \UXXXXXXXX anywhere, before parsing (SPARQL 1.1, 19.2). rdflib expands
# \u or \U with 4 or 8 digits, case-insensitively: a text where that finds anything after ours
# would be read two ways.
_SPARQL_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})")
_RDFLIB_ESCAPE = re.compile(r"\\u[0-9a-f]{4}", re.I)


class WriteRefused(Refused):
    """The query would change the graph, reach outside it or administer the server."""


class FormRefused(BadInput):
    """A query form this endpoint does not answer (CONSTRUCT, DESCRIBE)."""


def cypher_as_lexed(text: str) -> str:
    """The query as Neo4j's lexer reads it: its \\u escapes expanded."""
    return _CYPHER_ESCAPE.sub(lambda m: m.group(1) + chr(int(m.group(2), 16)), text)


def bare_cypher(text: str) -> str:
    """The query with its escapes expanded, its string literals emptied, its comments dropped and
    backquoted names unquoted, read left to right in one pass."""
    text = cypher_as_lexed(text)
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            line_end = _LINE_END.search(text, i)
            i = n if line_end is None else line_end.start()
            out.append(" ")
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
            out.append(" ")
        elif c in "'\"":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            i = j + 1
            out.append("''")
        elif c == "`":
            j = i + 1
            name: list[str] = []
            while j < n:
                if text[j] == "`":
                    if text.startswith("``", j):  # an escaped backquote inside the name
                        name.append("`")
                        j += 2
                        continue
                    break
                name.append(text[j])
                j += 1
            i = j + 1
            out.append(" " + "".join(name) + " ")
        else:
            out.append(c)
            i += 1
    return "".join(out)


def check_cypher(text: str) -> None:
    bare = bare_cypher(text)
    found = _REFUSED.search(bare)
    if found:
        raise WriteRefused(f"this endpoint is read-only: {found.group(0).strip().upper()!r} is refused")
    for call in _CALL.finditer(bare):
        target = call.group(1)
        if target != "{" and target.lower() not in ALLOWED_PROCEDURES:
            raise WriteRefused(
                f"this endpoint is read-only: CALL {target} is refused; procedures "
                f"allowed: {', '.join(sorted(ALLOWED_PROCEDURES))}"
            )


def check_plan(operators: list[tuple[str, str]]) -> None:
    """Pass an EXPLAIN plan (operator type, details) only when every operator reads the graph and
    every procedure it calls is allowed: the server's own reading of the query decides."""
    for operator, details in operators:
        kind = operator.split("@")[0].split("(")[0].strip()
        if kind not in READ_OPERATORS:
            raise WriteRefused(f"this endpoint is read-only: the plan has {operator.split('@')[0]}, not a read")
        if kind == "ProcedureCall" and details.split("(")[0].strip().lower() not in ALLOWED_PROCEDURES:
            raise WriteRefused(f"this endpoint is read-only: the plan calls {details}")


def normalised_sparql(text: str) -> str:
    """The query as both parsers are to read it: escapes expanded once, as SPARQL says; CR and CRLF
    as LF. Refused when an escape would still be expanded by a second reading."""
    expanded = _SPARQL_ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)
    if _RDFLIB_ESCAPE.search(expanded):
        raise SyntaxError("not a SPARQL query: a \\u or \\U escape that is not one code point, or that spells another")
    return expanded.replace("\r\n", "\n").replace("\r", "\n")


def check_sparql(text: str) -> str:
    """The text to run: only a SELECT or ASK query without SERVICE passes; an update (INSERT, LOAD,
    CLEAR ...) is not a query and is refused. Run the text this returns, not the one given."""
    text = normalised_sparql(text)
    try:
        parsed = parse_sparql(text)
    except ParseException as err:
        if re.search(r"\b(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|ADD|MOVE|COPY|WITH)\b", text, re.I):
            raise WriteRefused("this endpoint is read-only: SPARQL updates are refused") from err
        raise SyntaxError(f"not a SPARQL query: {err}") from err
    form = parsed[1]
    if not isinstance(form, CompValue) or form.name not in {"SelectQuery", "AskQuery"}:
        kind = getattr(form, "name", "this form").removesuffix("Query").upper()
        raise FormRefused(f"only SELECT and ASK queries are answered here, not {kind}")
    if _has_service(form):
        raise WriteRefused("this endpoint is read-only: SERVICE (a query sent to another server) is refused")
    return text


# rdflib's parser (pyparsing) builds parts of itself on first use and keeps state between parses;
# two threads in it at once broke it for good. One parse at a time; the app warms it at start.
_parsing = threading.Lock()


def parse_sparql(text: str) -> ParseResults:
    with _parsing:
        return parseQuery(text)


def _has_service(node: object) -> bool:
    if isinstance(node, CompValue):
        if node.name == "ServiceGraphPattern":
            return True
        return any(_has_service(v) for v in node.values())
    if isinstance(node, (list, tuple)):
        return any(_has_service(v) for v in node)
    return False
