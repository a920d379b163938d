// Which documents follow a document, directly or through others: every document from which a chain of
// CITES and IMPLEMENTS links leads to it (a provincial plan that implements a national plan that cites it).
// :param document  document title; required
MATCH (d:Document {name: $document})<-[:CITES|IMPLEMENTS*1..]-(other:Document)
WHERE other <> d
RETURN DISTINCT d.name AS document, other.name AS other, other.doc_number AS number
ORDER BY other
