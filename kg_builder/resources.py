"""Where the files the code reads live: package data, found with importlib.resources, so that an
installed wheel finds them as a source checkout does (ontology/ and cypher/ are packages of the
distribution besides kg_builder and api)."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def resource(package: str, *parts: str) -> Path:
    """A file or directory of a package of this distribution (installed on disk, not zipped)."""
    return Path(str(files(package).joinpath(*parts)))
