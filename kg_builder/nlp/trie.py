"""Word lists as regular expressions shaped like a trie.

A plain alternation of a few thousand names (every county, every central body) makes `re` try
each name at each position; the same words as a trie share their prefixes, so a position that
starts no name fails on its first character. Longer words come first at every branch, so a
match is the longest word that starts there, as with an alternation sorted by length.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def trie_pattern(words: Iterable[str]) -> str:
    """A non-capturing regex source matching exactly the given words, longest first."""
    root: dict[str, dict] = {}
    for word in set(words):
        if not word:
            continue
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _node(root) if root else "(?!)"


def _node(node: dict[str, dict]) -> str:
    ends_here = "" in node
    branches = [re.escape(ch) + _node(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    # A word that ends here is the shortest choice: try every continuation before it.
    return f"(?:{body})?" if ends_here else body
