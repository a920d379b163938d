// An entity's facts in both directions (at most 500), each with its evidence and source report.
// :param id  (iri) the entity's IRI, required
MATCH (n:Entity {id: $id})-[r]-(m:Entity)
MATCH (report:SourceReport {id: r.source})
RETURN DISTINCT type(r) AS relation, CASE WHEN startNode(r) = n THEN 'out' ELSE 'in' END AS direction,
       m.id AS other_id, m.name AS other, [l IN labels(m) WHERE l <> 'Entity'][0] AS other_label, r.date AS date,
       r.province AS province, r.sentence AS sentence, r.quote AS quote, r.start AS start, r.end AS end,
       r.rule AS rule, r.page AS page, r.page_x AS page_x,
       r.page_y AS page_y, r.paragraph AS paragraph, r.ocr_confidence AS ocr_confidence,
       report.path AS source,
       report.title AS source_title
ORDER BY relation, direction, other, source, start
LIMIT 500
