// Entities whose name, alias or 文号 contains the text (at most 100): exact matches first, then names that
// start with it, then the rest; shorter names first.
// :param text    the text, in Simplified Chinese, required
// :param number  the text as a 文号 (brackets around the year normalised), required
MATCH (n:Entity)
WITH n, [t IN [n.name, n.doc_number] + coalesce(n.aliases, []) WHERE t IS NOT NULL AND (t CONTAINS $text OR t = $number)]
        AS hits
WHERE size(hits) > 0
WITH n, reduce(best = 0, t IN hits | CASE WHEN t = $text OR t = $number THEN 3
                                        WHEN t STARTS WITH $text AND best < 2 THEN 2
                                        WHEN best < 1 THEN 1 ELSE best END) AS score
RETURN n.id AS id, [l IN labels(n) WHERE l <> 'Entity'][0] AS label, n.name AS name, score
ORDER BY score DESC, size(name), name, id
LIMIT 100
