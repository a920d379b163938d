"""The ontology: policykg.ttl, shapes.ttl, topics.ttl (package data; read through kg_builder.resources)."""
