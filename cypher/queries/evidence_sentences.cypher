// Each source report's evidence sentences with the facts each states (a JSON record written at each load):
// what the sentence index of /search/text reads once per load.
MATCH (report:SourceReport)
WHERE report.sentences IS NOT NULL
RETURN report.path AS source, report.title AS source_title, report.sentences AS sentences
ORDER BY source
