"""Extraction rules that read a text's clauses: the grammar of issuing and the stages built on it."""
