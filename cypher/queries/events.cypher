// Who held which event, when?
// :param agency    agency name, or null for any
// :param province  province short name of the agency, or null
// :param from      earliest date or period, ISO, or null
// :param to        latest date or period, ISO, or null
MATCH (a:Agency)-[r:HELD]->(e:Event)
WHERE ($agency IS NULL OR a.name = $agency)
  AND ($province IS NULL OR r.province = $province)
  AND ($from IS NULL OR coalesce(r.date, r.period) >= $from)
  AND ($to IS NULL OR coalesce(r.date, r.period) <= $to)
RETURN DISTINCT a.name AS agency, e.name AS event, coalesce(r.date, r.period) AS date, r.province AS province
ORDER BY date, agency, event
