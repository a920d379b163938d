"""Program mentions after resolution: a program named exactly like a document is that document."""

from __future__ import annotations

from kg_builder.model import Mention


def drop_programs_named_as_documents(mentions: list[Mention]) -> list[Mention]:
    """深入实施教育信息化2.0行动计划 names the document 《教育信息化2.0行动计划》, not a program."""
    titles = {m.name for m in mentions if m.label == "Document"}
    return [m for m in mentions if not (m.label == "Program" and m.name in titles)]
