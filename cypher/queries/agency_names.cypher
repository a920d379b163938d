// The names of the bodies in the graph (the vocabulary /ask reads questions with).
MATCH (a:Agency)
RETURN DISTINCT a.name AS name
ORDER BY name
