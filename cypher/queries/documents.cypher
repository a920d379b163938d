// Which documents did an issuer (or the bodies of a province) issue, on a topic, of a genre, in a period?
// :param issuer    agency name (河北省教育厅), or null for any
// :param province  province short name (河北), or null for any
// :param topic     topic name or alias, or null
// :param genre     document genre (notice, plan ...; the API and CLI also take 通知, 规划方案), or null
// :param number    文号 (国核安函〔2022〕42号; any brackets around the year), or null
// :param from      earliest date or period, ISO, or null
// :param to        latest date or period, ISO, or null
MATCH (head)-[r:ISSUED]->(d:Document)
WHERE ($issuer IS NULL OR (head:Agency AND head.name = $issuer))
  AND ($province IS NULL OR r.province = $province)
  AND ($genre IS NULL OR d.genre = $genre)
  AND ($number IS NULL OR d.doc_number = $number)
  AND ($from IS NULL OR coalesce(r.date, r.period) >= $from)
  AND ($to IS NULL OR coalesce(r.date, r.period) <= $to)
  AND ($topic IS NULL OR EXISTS { MATCH (d)-[:MENTIONS]->(t:Topic) WHERE t.name = $topic })
RETURN DISTINCT d.name AS document, d.id AS document_id, d.doc_number AS number, d.genre AS genre, CASE WHEN head:Agency THEN head.name END AS issuer,
       r.province AS province, coalesce(r.date, r.period) AS date
ORDER BY date, document, issuer
