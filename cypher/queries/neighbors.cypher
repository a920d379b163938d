// The facts around an entity, for drawing: each (head, type, tail) once, whatever the evidence.
// :param id  (iri) the entity's IRI, required
MATCH (n:Entity {id: $id})-[r]-(m:Entity)
WITH DISTINCT startNode(r) AS h, type(r) AS type, endNode(r) AS t
RETURN h.id AS head, [l IN labels(h) WHERE l <> 'Entity'][0] AS head_label, h.name AS head_name, type,
       t.id AS tail, [l IN labels(t) WHERE l <> 'Entity'][0] AS tail_label, t.name AS tail_name
ORDER BY type, head_name, tail_name, head, tail
