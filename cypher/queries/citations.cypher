// What a document cites (根据, 按照, 依据《…》) or implements (为贯彻落实《…》), and what cites or implements
// it; what it repeals and what repealed it.
// :param document  document title; required
MATCH (d:Document {name: $document})-[r:CITES|IMPLEMENTS|REPEALS]-(other:Document)
RETURN DISTINCT d.name AS document,
       CASE WHEN startNode(r) = d THEN toLower(type(r)) ELSE toLower(type(r)) + '_by' END AS relation,
       other.name AS other, other.doc_number AS number
ORDER BY relation, other
