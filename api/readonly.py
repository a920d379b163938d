"""What user-supplied Cypher and SPARQL may do: read the graph, nothing else.

Parse, don't filter. Cypher is read by a one-pass lexer (a quote inside a comment or // inside a
string cannot hide what follows; a backquoted name is read as the name it is), and then, in the
Neo4j store, its EXPLAIN plan is checked for operators that reach outside the graph. SPARQL is
parsed by rdflib's SPARQL parser: only SELECT and ASK queries pass, and none with SERVICE.
Besides, Neo4j runs user Cypher in a READ session with a timeout, and the embedded store runs
user SPARQL in a worker process with a deadline (kg_builder/store/sandbox.py).
"""

from __future__ import annotations

import re

from pyparsing import ParseException
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue

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


class WriteRefused(ValueError):
    """The query would change the graph, reach outside it or administer the server."""


class FormRefused(ValueError):
    """A query form this endpoint does not answer (CONSTRUCT, DESCRIBE)."""


def bare_cypher(text: str) -> str:
    """The query with its string literals emptied, its comments dropped and backquoted names
    unquoted, read left to right in one pass."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            end = text.find("\n", i)
            i = n if end < 0 else end
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
    """Refuse an EXPLAIN plan (operator type, details) that loads CSV or calls a procedure that
    is not allowed: the lexer's verdict, checked again by the server's own reading."""
    for operator, details in operators:
        kind = operator.split("@")[0]
        if kind == "LoadCSV" or "Create" in kind or "Merge" in kind or "Delete" in kind or kind.startswith("Set"):
            raise WriteRefused(f"this endpoint is read-only: the plan has {kind}")
        if kind == "ProcedureCall" and not any(p in details.lower() for p in ALLOWED_PROCEDURES):
            raise WriteRefused(f"this endpoint is read-only: the plan calls {details}")


def check_sparql(text: str) -> None:
    """Only a SELECT or ASK query, without SERVICE, passes; an update (INSERT, LOAD, CLEAR ...)
    is not a query and is refused."""
    try:
        parsed = parseQuery(text)
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


def _has_service(node: object) -> bool:
    if isinstance(node, CompValue):
        if node.name == "ServiceGraphPattern":
            return True
        return any(_has_service(v) for v in node.values())
    if isinstance(node, (list, tuple)):
        return any(_has_service(v) for v in node)
    return False
