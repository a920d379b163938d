// One entity: its label, name and properties, one row per alias (one row with a null alias when it has none).
// :param id  (iri) the entity's IRI (https://policykg.org/id/agency/…), required
MATCH (n:Entity {id: $id})
UNWIND CASE WHEN size(coalesce(n.aliases, [])) = 0 THEN [null] ELSE n.aliases END AS alias
RETURN [l IN labels(n) WHERE l <> 'Entity'][0] AS label, n.name AS name, alias, n.genre AS genre,
       n.doc_number AS doc_number, n.province AS province
ORDER BY alias
