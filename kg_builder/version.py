"""Which rules and data extracted a report: a rebuild re-extracts a file whose text is unchanged
when the extractor that read it is not this one."""

from __future__ import annotations

import hashlib
from functools import lru_cache

from kg_builder.resources import resource

# What decides the facts of a text: the rules and the data they read (the model is built from
# fixed sources by `policykg setup`).
_RULES = ("data", "extraction", "nlp")
_STAGES = ("extract.py", "ingest.py", "structure.py", "layout.py", "evidence.py", "textnorm.py", "gazetteer.py")
_SUFFIXES = {".py", ".tsv", ".toml", ".txt"}


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """The first 16 hex digits of the SHA-256 of the extraction code and data, file by file."""
    root = resource("kg_builder")
    files = sorted(
        [p for part in _RULES for p in (root / part).rglob("*") if p.is_file() and p.suffix in _SUFFIXES]
        + [root / name for name in _STAGES]
    )
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
