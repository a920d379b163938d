"""The IRI scheme, minted and parsed here only.

An entity is https://policykg.org/id/KIND/KEY: KIND is its node label in lower case (agency),
KEY the first 16 hex digits of the SHA-256 of its canonical name, so that the same entity gets
the same IRI from any document or run. The API's paths (/entities/agency/KEY) are the IRI's
tail. Reports and facts have IRIs of the same shape under report/ and fact/.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

BASE = "https://policykg.org/"
ENTITY_BASE = f"{BASE}id/"
_ENTITY = re.compile(re.escape(ENTITY_BASE) + r"(?P<kind>[a-z]+)/(?P<key>[0-9a-f]{16})\Z")
_KEY = re.compile(r"[0-9a-f]{16}\Z")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def entity_iri(label: str, name: str) -> str:
    """The same entity, from any document or run, gets the same IRI."""
    return f"{ENTITY_BASE}{kind_of(label)}/{_digest(name)}"


def report_iri(source: str) -> str:
    """A report is its key: its path relative to the corpus directory (uploads/… for uploads)."""
    return f"{BASE}report/{_digest(source)}"


def fact_iri(type_: str, head: str, tail: str, source: str) -> str:
    return f"{BASE}fact/{_digest('|'.join((type_, head, tail, source)))}"


@dataclass(frozen=True)
class EntityRef:
    """An entity IRI taken apart: its kind (agency) and key."""

    kind: str
    key: str

    @property
    def iri(self) -> str:
        return f"{ENTITY_BASE}{self.kind}/{self.key}"

    @property
    def path(self) -> str:
        return f"/entities/{self.kind}/{self.key}"


def parse_entity(text: str) -> EntityRef | None:
    """An entity IRI, or its API path (/entities/agency/KEY, agency/KEY), taken apart; None for anything else."""
    tail = text.removeprefix(ENTITY_BASE) if text.startswith(ENTITY_BASE) else text.removeprefix("/entities/")
    found = _ENTITY.match(ENTITY_BASE + tail)
    return EntityRef(found["kind"], found["key"]) if found else None


def is_key(key: str) -> bool:
    return _KEY.match(key) is not None


def entity_path(iri: str) -> str:
    """The API path of an entity IRI (/entities/agency/KEY)."""
    ref = parse_entity(iri)
    if ref is None:
        raise ValueError(f"{iri!r} is no entity IRI")
    return ref.path


def kind_of(label: str) -> str:
    """The IRI kind of a node label (Agency → agency)."""
    return label.lower()
