// Every name, alias and 文号 of every entity: what search looks in (the embedded store keeps them in memory).
MATCH (n:Entity)
UNWIND [n.name, n.doc_number] + coalesce(n.aliases, []) AS text
WITH n, text WHERE text IS NOT NULL
RETURN DISTINCT n.id AS id, [l IN labels(n) WHERE l <> 'Entity'][0] AS label, n.name AS name, text
ORDER BY id, text
