// Which documents are cited or implemented by the most other documents?
MATCH (d:Document)<-[:CITES|IMPLEMENTS]-(other:Document)
WITH d, count(DISTINCT other) AS followers
RETURN d.name AS document, d.doc_number AS number, followers
ORDER BY followers DESC, document
LIMIT 25
