// policykg Neo4j schema. Applied by every Neo4j load; safe to run again (IF NOT EXISTS).
// One node per IRI: the `id` of every node is its IRI in the RDF export. Every entity node is an Entity
// too, so that a page finds any entity by its IRI with one index.
CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT agency_id IF NOT EXISTS FOR (n:Agency) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT document_id IF NOT EXISTS FOR (n:Document) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT event_id IF NOT EXISTS FOR (n:Event) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT program_id IF NOT EXISTS FOR (n:Program) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT province_id IF NOT EXISTS FOR (n:Province) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT sourcereport_id IF NOT EXISTS FOR (n:SourceReport) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT topic_id IF NOT EXISTS FOR (n:Topic) REQUIRE n.id IS UNIQUE;

// Lookups by name (the parameters of the named queries) and by document genre.
CREATE INDEX agency_name IF NOT EXISTS FOR (n:Agency) ON (n.name);
CREATE INDEX document_name IF NOT EXISTS FOR (n:Document) ON (n.name);
CREATE INDEX document_genre IF NOT EXISTS FOR (n:Document) ON (n.genre);
CREATE INDEX document_number IF NOT EXISTS FOR (n:Document) ON (n.doc_number);
CREATE INDEX event_name IF NOT EXISTS FOR (n:Event) ON (n.name);
CREATE INDEX person_name IF NOT EXISTS FOR (n:Person) ON (n.name);
CREATE INDEX program_name IF NOT EXISTS FOR (n:Program) ON (n.name);
CREATE INDEX province_name IF NOT EXISTS FOR (n:Province) ON (n.name);
CREATE INDEX topic_name IF NOT EXISTS FOR (n:Topic) ON (n.name);

// Facts by the source report they came from (a changed file replaces its facts) and by province.
CREATE INDEX approved_source IF NOT EXISTS FOR ()-[r:APPROVED]-() ON (r.source);
CREATE INDEX held_source IF NOT EXISTS FOR ()-[r:HELD]-() ON (r.source);
CREATE INDEX issued_source IF NOT EXISTS FOR ()-[r:ISSUED]-() ON (r.source);
CREATE INDEX launched_source IF NOT EXISTS FOR ()-[r:LAUNCHED]-() ON (r.source);
CREATE INDEX located_in_source IF NOT EXISTS FOR ()-[r:LOCATED_IN]-() ON (r.source);
CREATE INDEX mentions_source IF NOT EXISTS FOR ()-[r:MENTIONS]-() ON (r.source);
CREATE INDEX part_of_source IF NOT EXISTS FOR ()-[r:PART_OF]-() ON (r.source);
CREATE INDEX revised_source IF NOT EXISTS FOR ()-[r:REVISED]-() ON (r.source);
CREATE INDEX cites_source IF NOT EXISTS FOR ()-[r:CITES]-() ON (r.source);
CREATE INDEX repeals_source IF NOT EXISTS FOR ()-[r:REPEALS]-() ON (r.source);
CREATE INDEX addressed_to_source IF NOT EXISTS FOR ()-[r:ADDRESSED_TO]-() ON (r.source);
CREATE INDEX copied_to_source IF NOT EXISTS FOR ()-[r:COPIED_TO]-() ON (r.source);
CREATE INDEX issued_province IF NOT EXISTS FOR ()-[r:ISSUED]-() ON (r.province);
CREATE INDEX held_province IF NOT EXISTS FOR ()-[r:HELD]-() ON (r.province);

// Full-text search over names, aliases and titles; the CJK analyzer indexes Chinese by bigrams.
// Eventually consistent: updated just after each commit rather than inside it, which keeps
// large loads fast; a search right after a load may wait for it (db.awaitIndexes).
CREATE FULLTEXT INDEX entity_text IF NOT EXISTS
FOR (n:Agency|Document|Event|Person|Program|Province|Topic) ON EACH [n.name, n.aliases, n.title]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk', `fulltext.eventually_consistent`: true}};
