// An agency's place in the hierarchy: the bodies it is part of, and its own units.
// :param agency  agency name (教育部); required
MATCH (a:Agency {name: $agency})
OPTIONAL MATCH (a)-[:PART_OF*1..]->(parent:Agency)
WITH a, collect(DISTINCT parent.name) AS parents
OPTIONAL MATCH (unit:Agency)-[:PART_OF]->(a)
WITH a, parents, collect(DISTINCT unit.name) AS units
UNWIND [p IN parents | {relation: 'part_of', agency: p}] + [u IN units | {relation: 'has_unit', agency: u}] AS row
RETURN DISTINCT a.name AS agency, row.relation AS relation, row.agency AS other
ORDER BY relation, other
