"""spaCy's Chinese tokenizer with the pkuseg segmenter, taught Latin tokens and a user dictionary.

The PKU 1998 corpus has no mixed Latin text, so a model trained on it cuts `(IPv6)` into
`(I` `Pv` `6` `)`. Runs of Latin letters and digits (IPv6, 5G, App, 2.0, CERNET2) and ASCII
brackets are split off before segmentation, and so are the user dictionary's words (provinces,
agencies, topics), longest first; pkuseg segments only the Chinese in between. (spacy-pkuseg's
own user-dictionary matcher emits the text up to a failed trie match: 教育部科|技司.)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from spacy.lang.zh import ChineseTokenizer, Segmenter
from spacy.tokens import Doc
from spacy.util import registry

from kg_builder.nlp.trie import trie_pattern

# Latin words with optional digits and version dots (IPv6, 5G, 2.0, CERNET2), ASCII brackets and
# ASCII punctuation (the corpus has only full-width punctuation, so pkuseg glues `,上线` together).
# Bare digit runs are left to pkuseg, which learnt 1月 and 2019年 as words.
LATIN = r"[A-Za-z][A-Za-z0-9]*(?:[.\-][A-Za-z0-9]+)*|\d+(?:\.\d+)+|\d+[A-Za-z][A-Za-z0-9]*|[()\[\],;:!?]"


def protected_pattern(words: Iterable[str] = ()) -> re.Pattern[str]:
    words = [w for w in words if w]
    return re.compile("|".join([trie_pattern(words), LATIN]) if words else LATIN)


class PolicyTokenizer(ChineseTokenizer):
    protected: re.Pattern[str] = protected_pattern()

    def protect(self, words: Iterable[str]) -> None:
        """Keep these words whole (the domain user dictionary), besides Latin runs."""
        self.protected = protected_pattern(words)

    def __call__(self, text: str) -> Doc:
        if self.pkuseg_seg is None:
            return super().__call__(text)
        words: list[str] = []
        last = 0
        for m in self.protected.finditer(text):
            if m.start() > last:
                words.extend(self.pkuseg_seg.cut(text[last : m.start()]))
            words.append(m.group(0))
            last = m.end()
        if last < len(text):
            words.extend(self.pkuseg_seg.cut(text[last:]))
        words, spaces = words_and_spaces(words, text)
        return Doc(self.vocab, words=words, spaces=spaces)


def words_and_spaces(words: Iterable[str], text: str) -> tuple[list[str], list[bool]]:
    """spacy.util.get_words_and_spaces without its `text[pos:].index(word)`, which copies the rest
    of the text for every word and so costs the square of a long document's length."""
    out: list[str] = []
    spaces: list[bool] = []
    pos = 0
    for word in words:
        if word.isspace():
            continue
        start = text.index(word, pos)
        if start > pos:  # whitespace the segmenter dropped: a token of its own, as spaCy does
            out.append(text[pos:start])
            spaces.append(False)
        out.append(word)
        spaces.append(False)
        pos = start + len(word)
        if pos < len(text) and text[pos] == " ":
            spaces[-1] = True
            pos += 1
    if pos < len(text):
        out.append(text[pos:])
        spaces.append(False)
    return out, spaces


@registry.tokenizers("policykg.ChineseTokenizer.v1")
def create_tokenizer() -> Callable[[Any], PolicyTokenizer]:
    def make(nlp: Any) -> PolicyTokenizer:
        return PolicyTokenizer(nlp.vocab, segmenter=Segmenter.pkuseg)

    return make
