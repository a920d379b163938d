// What some documents are about and where the texts say they were issued (a page of /documents, a brief):
// each document's ISSUED and MENTIONS facts with their evidence and source report.
// :param ids  (iris) the documents' IRIs, required
UNWIND $ids AS id
MATCH (d:Document {id: id})-[r:ISSUED|MENTIONS]-(m:Entity)
MATCH (report:SourceReport {id: r.source})
RETURN DISTINCT d.id AS document_id, type(r) AS relation, m.name AS other,
       [l IN labels(m) WHERE l <> 'Entity'][0] AS other_label, r.sentence AS sentence, r.quote AS quote,
       r.start AS start, r.end AS end, report.path AS source, report.title AS source_title
ORDER BY document_id, relation, other, source, start
