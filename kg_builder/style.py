"""How each node type looks, wherever the graph is drawn: Neo4j Browser, the explorer, briefings.

The colours are read from cypher/style.grass (the file Neo4j Browser applies), so that the three
pictures agree; the grass format has no shapes, so they come from the ontology (pkg:shape).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kg_builder.resources import resource
from kg_builder.schema import load_schema

GRASS = resource("cypher", "style.grass")
_DOT_SHAPES = {
    "hexagon": "hexagon",
    "round-rectangle": "box",
    "rectangle": "note",
    "diamond": "diamond",
    "ellipse": "ellipse",
    "round-tag": "cds",
    "triangle": "triangle",
    "barrel": "cylinder",
}
_RULE = re.compile(r"node\.(\w+)\s*\{([^}]*)\}")
_PROP = re.compile(r"([\w-]+)\s*:\s*([^;]+);")


@dataclass(frozen=True)
class NodeStyle:
    color: str
    border: str
    text: str
    shape: str

    @property
    def dot_shape(self) -> str:
        return _DOT_SHAPES[self.shape]


@cache
def node_styles() -> dict[str, NodeStyle]:
    """Node label → its style, for every label of the ontology."""
    rules = {m.group(1): dict(_PROP.findall(m.group(2))) for m in _RULE.finditer(GRASS.read_text(encoding="utf-8"))}
    styles = {}
    schema = load_schema()
    for label in schema.node_labels:
        if label not in rules:
            raise ValueError(f"{GRASS.name} has no style for the ontology's node label {label}")
        rule = rules[label]
        styles[label] = NodeStyle(
            color=rule["color"].strip(),
            border=rule["border-color"].strip(),
            text=rule.get("text-color-internal", "#FFFFFF").strip(),
            shape=schema.shapes[label],
        )
    return styles
