// Every document's dates of force (自…起施行, 有效期至…) with the sentence that gives them: what the query
// service's status of a document on a date reads, with document_changes.
MATCH (d:Document)
WHERE d.in_force_from IS NOT NULL OR d.in_force_until IS NOT NULL
RETURN d.id AS document_id, d.in_force_from AS in_force_from, d.in_force_until AS in_force_until,
       d.in_force_evidence AS evidence, d.in_force_source AS source
ORDER BY document_id
