"""Refusing writes in user-supplied Cypher and SPARQL before they reach a store.

The stores are read-only besides (a READ session in Neo4j; Oxigraph's query() runs no updates):
this check exists to give a clear 403 and to keep writes away from the server altogether.
"""

from __future__ import annotations

import re

_STRINGS = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`")
_COMMENTS = re.compile(r"//[^\n]*|/\*.*?\*/", re.S)
CYPHER_WRITES = re.compile(
    r"\b(CREATE|MERGE|DELETE|DETACH|SET|REMOVE|DROP|FOREACH|LOAD\s+CSV|IN\s+TRANSACTIONS|ALTER|GRANT|DENY|REVOKE|"
    r"RENAME|START\s+DATABASE|STOP\s+DATABASE)\b|\bCALL\s+(?!db\.index\.fulltext\.queryNodes\b)[\w.]+\s*\(",
    re.I)
SPARQL_WRITES = re.compile(r"\b(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|ADD|MOVE|COPY|WITH)\b", re.I)
_SPARQL_COMMENTS = re.compile(r"#[^\n]*")
_SPARQL_IRIS = re.compile(r"<[^<>\s]*>")


class WriteRefused(ValueError):
    """The query would change the graph."""


def check_cypher(text: str) -> None:
    bare = _COMMENTS.sub(" ", _STRINGS.sub("''", text))
    found = CYPHER_WRITES.search(bare)
    if found:
        raise WriteRefused(f"this endpoint is read-only: {found.group(0).strip()!r} would change the graph")


def check_sparql(text: str) -> None:
    bare = _SPARQL_COMMENTS.sub(" ", _SPARQL_IRIS.sub("<>", _STRINGS.sub("''", text)))
    found = SPARQL_WRITES.search(bare)
    if found:
        raise WriteRefused(f"this endpoint is read-only: SPARQL {found.group(0).upper()} would change the graph")
