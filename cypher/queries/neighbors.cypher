// The facts around an entity, for drawing: each (direction, type, other end) once, whatever the evidence.
// :param id  (iri) the entity's IRI, required
MATCH (n:Entity {id: $id})-[r]-(m:Entity)
WITH DISTINCT CASE WHEN startNode(r) = n THEN 'out' ELSE 'in' END AS direction, type(r) AS type, m
RETURN direction, type, m.id AS other, [l IN labels(m) WHERE l <> 'Entity'][0] AS other_label,
       m.name AS other_name
ORDER BY type, direction, other_name, other
