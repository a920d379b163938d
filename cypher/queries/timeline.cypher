// A timeline: what was issued, held, launched and approved, by a province's bodies, by an agency or on a topic.
// :param province  province short name (吉林), or null
// :param agency    agency name (吉林省教育厅), or null
// :param topic     topic name or alias (IPv6), or null
MATCH (head)-[r:ISSUED|HELD|LAUNCHED|APPROVED]->(x)
WHERE ($province IS NULL OR r.province = $province)
  AND ($agency IS NULL OR (head:Agency AND head.name = $agency))
  AND ($topic IS NULL OR EXISTS { MATCH (x)-[:MENTIONS]->(t:Topic) WHERE t.name = $topic })
RETURN DISTINCT coalesce(r.date, r.period) AS date, type(r) AS relation, head.name AS actor, x.name AS object,
       x.id AS object_id
ORDER BY date, relation, object, actor
