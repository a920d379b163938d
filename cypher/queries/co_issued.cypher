// Which documents were issued jointly, by whom with whom?
// :param issuer  agency name that issued or co-issued, or null for any
MATCH (head:Agency)-[r:ISSUED]->(d:Document)
WHERE size(r.co_issuers) > 0 AND ($issuer IS NULL OR head.name = $issuer OR $issuer IN r.co_issuers)
UNWIND r.co_issuers AS co_issuer
RETURN DISTINCT d.name AS document, d.id AS document_id, head.name AS issuer, co_issuer, r.date AS date
ORDER BY document, co_issuer
