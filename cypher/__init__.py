"""Neo4j schema, named queries with their SPARQL twins, Browser style (package data; kg_builder.resources)."""
