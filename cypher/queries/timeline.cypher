// A province's timeline: what its bodies issued and held, month by month.
// :param province  province short name (吉林); required
MATCH (head)-[r:ISSUED|HELD|LAUNCHED|APPROVED]->(x)
WHERE r.province = $province
RETURN DISTINCT coalesce(r.date, r.period) AS date, type(r) AS relation, head.name AS actor, x.name AS object
ORDER BY date, relation, object, actor
