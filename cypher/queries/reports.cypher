// Every source report in the graph: its key (path), the checksum of its text and the extractor that read it
// (a rebuild skips a file whose text and extractor are unchanged).
MATCH (r:SourceReport)
RETURN r.path AS path, r.checksum AS checksum, r.extractor AS extractor
ORDER BY path
