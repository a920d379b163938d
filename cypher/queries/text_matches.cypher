// Documents whose title, or the sentence that says they were issued, contains a word: how a topic
// the scheme does not list is answered (the answer says it matched text, not a concept).
// :param text  a word or phrase (智慧课堂); required
MATCH (head)-[r:ISSUED]->(d:Document)
WHERE d.name CONTAINS $text OR r.sentence CONTAINS $text
RETURN DISTINCT d.id AS document_id
ORDER BY document_id
