// Every link between documents (CITES, IMPLEMENTS) with its evidence, one row per link and source
// report: what the query service's follow-ups read (which documents followed which, and when).
MATCH (d:Document)-[r:CITES|IMPLEMENTS]->(cited:Document)
MATCH (report:SourceReport {id: r.source})
RETURN DISTINCT cited.id AS cited_id, d.id AS document_id, d.name AS document, d.doc_number AS number,
       toLower(type(r)) AS relation, r.date AS date, r.period AS period, r.sentence AS sentence,
       r.quote AS quote, r.start AS start, r.end AS end, report.path AS source, report.title AS source_title
ORDER BY cited_id, document_id, relation, source, start
