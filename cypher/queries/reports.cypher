// Every source report in the graph: its key (path) and the checksum of its text (a rebuild skips the unchanged).
MATCH (r:SourceReport)
RETURN r.path AS path, r.checksum AS checksum
ORDER BY path
