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
_RULE = re.compile(r"(node|relationship)\.(\w+)\s*\{([^}]*)\}")
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


@dataclass(frozen=True)
class RelationshipStyle:
    color: str
    width: float


@cache
def _rules() -> dict[tuple[str, str], dict[str, str]]:
    text = GRASS.read_text(encoding="utf-8")
    return {(m.group(1), m.group(2)): dict(_PROP.findall(m.group(3))) for m in _RULE.finditer(text)}


@cache
def relationship_styles() -> dict[str, RelationshipStyle]:
    """Relation type → its style, for every relation type of the ontology (the grass file's default when it
    gives the type none)."""
    found = re.search(r"^relationship\s*\{([^}]*)\}", GRASS.read_text(encoding="utf-8"), re.M)
    if found is None:
        raise ValueError(f"{GRASS.name} has no default relationship style")
    default = dict(_PROP.findall(found.group(1)))
    styles = {}
    for type_ in load_schema().relations:
        rule = {**default, **_rules().get(("relationship", type_), {})}
        styles[type_] = RelationshipStyle(
            color=rule["color"].strip(), width=float(rule["shaft-width"].strip().removesuffix("px"))
        )
    return styles


@cache
def node_styles() -> dict[str, NodeStyle]:
    """Node label → its style, for every label of the ontology."""
    rules = {label: rule for (kind, label), rule in _rules().items() if kind == "node"}
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
