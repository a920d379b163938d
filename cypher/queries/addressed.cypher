// Which official documents were addressed (主送) or copied (抄送) to a body?
// :param agency  agency name (国家能源局); required
MATCH (d:Document)-[r:ADDRESSED_TO|COPIED_TO]->(a:Agency {name: $agency})
OPTIONAL MATCH (issuer:Agency)-[i:ISSUED]->(d)
RETURN DISTINCT a.name AS agency, toLower(type(r)) AS relation, d.name AS document, d.doc_number AS number,
       issuer.name AS issuer, i.date AS date
ORDER BY date, document
