// policykg Neo4j schema. Applied by every Neo4j load; safe to run again (IF NOT EXISTS).
// The labels and types come from the ontology: a statement with {label} is made for every node label
// ({key} is the label in lower case), one with {type} for every relation type (a new type in the
// ontology gets its constraint and indexes with no edit here), {entity} is the label every entity
// node also carries, {entities} the entity labels as a label expression.

// One node per IRI: the `id` of every node is its IRI in the RDF export; {entity} finds any entity by it.
CREATE CONSTRAINT {key}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:{entity}) REQUIRE n.id IS UNIQUE;

// Lookups by name (the parameters of the named queries), by document genre and by 文号.
CREATE INDEX {key}_name IF NOT EXISTS FOR (n:{label}) ON (n.name);
CREATE INDEX document_genre IF NOT EXISTS FOR (n:Document) ON (n.genre);
CREATE INDEX document_number IF NOT EXISTS FOR (n:Document) ON (n.doc_number);
CREATE INDEX document_in_force IF NOT EXISTS FOR (n:Document) ON (n.in_force_from, n.in_force_until);

// Facts by the source report they came from (a changed file replaces its facts) and by province.
CREATE INDEX {type_key}_source IF NOT EXISTS FOR ()-[r:{type}]-() ON (r.source);
CREATE INDEX issued_province IF NOT EXISTS FOR ()-[r:ISSUED]-() ON (r.province);
CREATE INDEX held_province IF NOT EXISTS FOR ()-[r:HELD]-() ON (r.province);

// Full-text search over names, aliases and titles, for Neo4j Browser users; the CJK analyzer indexes
// Chinese by bigrams. Eventually consistent: updated just after each commit rather than inside it,
// which keeps large loads fast.
CREATE FULLTEXT INDEX entity_text IF NOT EXISTS
FOR (n:{entities}) ON EACH [n.name, n.aliases, n.title]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk', `fulltext.eventually_consistent`: true}};
