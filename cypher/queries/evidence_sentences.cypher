// Every fact's sentence with the fact's two ends, its province and date and its source report: what the
// sentence index of /search/text reads once per load.
MATCH (h:Entity)-[r]->(t:Entity)
WHERE r.sentence IS NOT NULL
MATCH (report:SourceReport {id: r.source})
RETURN DISTINCT r.sentence AS sentence, report.path AS source, report.title AS source_title,
       type(r) AS relation, h.name AS head, [l IN labels(h) WHERE l <> 'Entity'][0] AS head_label,
       t.name AS tail, t.id AS tail_id, [l IN labels(t) WHERE l <> 'Entity'][0] AS tail_label,
       r.province AS province, coalesce(r.date, r.period) AS date, r.start AS start
ORDER BY source, start, relation, head, tail
