// Which provinces issued documents (on a topic, of a genre, in a period), and which documents?
// :param topic   topic name or alias (IPv6, 互联网协议第六版, 网络安全), or null for any
// :param genre   notice, plan, opinion, guide, key_points ... (the API and CLI also take 通知, 规划方案), or null
// :param from    earliest date or period, ISO (2019-01), or null
// :param to      latest date or period, ISO (2021-12), or null
MATCH (head)-[r:ISSUED]->(d:Document)
WHERE r.province IS NOT NULL
  AND ($genre IS NULL OR d.genre = $genre)
  AND ($from IS NULL OR coalesce(r.date, r.period) >= $from)
  AND ($to IS NULL OR coalesce(r.date, r.period) <= $to)
  AND ($topic IS NULL OR EXISTS { MATCH (d)-[:MENTIONS]->(t:Topic) WHERE t.name = $topic })
RETURN DISTINCT r.province AS province, d.name AS document, d.id AS document_id, d.genre AS genre,
       CASE WHEN head:Agency THEN head.name END AS issuer, r.date AS date,
       r.period AS period
ORDER BY province, document, issuer
