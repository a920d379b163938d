// Which topics and programs each document mentions (the query service's document index).
MATCH (d:Document)-[:MENTIONS]->(m:Topic|Program)
RETURN DISTINCT d.id AS document_id, CASE WHEN m:Topic THEN 'Topic' ELSE 'Program' END AS label, m.name AS name
ORDER BY document_id, label, name
