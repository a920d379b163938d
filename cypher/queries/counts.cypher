// How many nodes the graph holds of each label and facts of each type.
CALL () {
  MATCH (n) UNWIND labels(n) AS name WITH name WHERE name <> 'Entity' RETURN name, count(*) AS count
  UNION ALL
  MATCH ()-[r]->() WITH type(r) AS name WHERE name <> 'EXTRACTED_FROM' RETURN name, count(*) AS count
}
RETURN name, count
ORDER BY name
