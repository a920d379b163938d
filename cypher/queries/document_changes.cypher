// Every repeal and revision of a document: what repealed it (REPEALS, from a document) or revised it
// (REVISED, from a body), the fact's date and its sentence.
MATCH (by:Entity)-[r:REPEALS|REVISED]->(d:Document)
RETURN DISTINCT d.id AS document_id, toLower(type(r)) AS change, by.id AS by_id, by.name AS by_name,
       r.date AS date, r.sentence AS sentence
ORDER BY document_id, change, by_name
