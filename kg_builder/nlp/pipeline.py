"""The spaCy `zh` pipeline: pkuseg tokenizer plus policykg's rule components.

Each component appends char-offset Mentions to `doc._.mentions`; spans are kept as offsets rather
than spaCy Spans because Chinese names need not align with pkuseg tokens (在江西省教育厅).
Tokens still decide where open-class names may begin (see names.scan_left).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg_builder.gazetteer import load
from kg_builder.nlp import agencies, dates, names, people, require_model, titles
from kg_builder.nlp.tokenizer import PolicyTokenizer
from kg_builder.settings import Settings, get_settings

if not Doc.has_extension("mentions"):
    Doc.set_extension("mentions", default=None)


def _mentions(doc: Doc) -> list:
    if doc._.mentions is None:
        doc._.mentions = []
    return doc._.mentions


def _text(doc: Doc) -> str:
    """doc.text joins every token anew on each access; the components share one copy."""
    text = doc.user_data.get("policykg_text")
    if text is None:
        text = doc.user_data["policykg_text"] = doc.text
    return text


@Language.component("policykg_dates", assigns=["doc._.mentions"])
def date_component(doc: Doc) -> Doc:
    _mentions(doc).extend(dates.find_dates(_text(doc)))
    return doc


@Language.component("policykg_titles", assigns=["doc._.mentions"])
def title_component(doc: Doc) -> Doc:
    _mentions(doc).extend(titles.find_titles(_text(doc)))
    return doc


@Language.component("policykg_gazetteer", assigns=["doc._.mentions"])
def gazetteer_component(doc: Doc) -> Doc:
    found, text = _mentions(doc), _text(doc)
    found.extend(agencies.find_provinces(text))
    bodies = agencies.find_agencies(text)
    found.extend(bodies)
    found.extend(agencies.find_topics(text, bodies))
    found.extend(people.find_people(text))
    return doc


@Language.factory("policykg_names", assigns=["doc._.mentions"])
def make_names_component(nlp: Language, name: str) -> NamesComponent:
    return NamesComponent()


class NamesComponent:
    """Events and programs. The POS lexicon comes with the segmentation model, so it is loaded
    in initialize(), like the model itself, not in the constructor."""

    def __init__(self) -> None:
        self.pos: dict[str, str] = {}

    def initialize(
        self, get_examples: object = None, *, nlp: Language | None = None, pos_lexicon: str | None = None
    ) -> None:
        if pos_lexicon:
            self.pos = json.loads(Path(pos_lexicon).read_text(encoding="utf-8"))

    def __call__(self, doc: Doc) -> Doc:
        text = _text(doc)
        tokens = names.Tokens.of((t.idx, t.text) for t in doc)
        found = _mentions(doc)
        titles_found = titles.title_spans(text).spans
        occasions = names.find_events(text, tokens, self.pos, titles_found)
        found.extend(e for e in occasions if e.rule != names.DESCRIBED)
        events = [(e.start, e.end) for e in occasions]
        bodies = sorted((m.start, m.end) for m in found if m.label == "Agency")
        found.extend(names.find_programs(text, tokens, self.pos, titles_found, events, bodies))
        return doc


COMPONENTS = ("policykg_dates", "policykg_titles", "policykg_gazetteer", "policykg_names")


def build_nlp(model_dir: Path | None = None, settings: Settings | None = None) -> Language:
    """A blank `zh` pipeline with the pkuseg segmenter, the project's user dictionary and rules."""
    model_dir = model_dir or require_model(settings)
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "policykg.ChineseTokenizer.v1"}}})
    tokenizer = nlp.tokenizer
    assert isinstance(tokenizer, PolicyTokenizer)
    tokenizer.initialize(pkuseg_model=str(model_dir))
    tokenizer.protect(load().user_dictionary())
    for name in COMPONENTS:
        nlp.add_pipe(name)
    names_component = nlp.get_pipe("policykg_names")
    assert isinstance(names_component, NamesComponent)
    names_component.initialize(pos_lexicon=str(model_dir / "pos_lexicon.json"))
    return nlp


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    return build_nlp()


def model_metrics(settings: Settings | None = None) -> dict[str, object]:
    path = (settings or get_settings()).pkuseg_model_dir / "metrics.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
