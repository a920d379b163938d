// When the latest source report was loaded (ISO 8601), or null for an empty graph.
MATCH (r:SourceReport)
RETURN max(r.loaded_at) AS last
