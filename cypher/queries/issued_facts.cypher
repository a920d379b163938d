// Every ISSUED fact with its document and its evidence, one row per fact and source report: what the
// query service's document index holds (provinces, documents and briefings filter it).
MATCH (head:Entity)-[r:ISSUED]->(d:Document)
MATCH (report:SourceReport {id: r.source})
RETURN DISTINCT d.name AS document, d.id AS document_id, d.doc_number AS number, d.genre AS genre,
       head.name AS head, CASE WHEN head:Agency THEN head.name END AS issuer, r.province AS province,
       r.date AS date, r.period AS period, r.sentence AS sentence, r.quote AS quote, r.start AS start,
       r.end AS end, report.path AS source, report.title AS source_title
ORDER BY document_id, head, source, start
