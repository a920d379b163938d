"""Integration tests use the real pkuseg model that `policykg setup` builds (CI runs it first)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from kg_builder.nlp.pipeline import ModelMissing, get_nlp


@pytest.fixture(scope="session")
def nlp() -> Language:
    try:
        return get_nlp()
    except ModelMissing as err:  # a missing model is a set-up error, never a silent skip
        pytest.fail(f"{err}\n(the README's test command builds it)", pytrace=False)
