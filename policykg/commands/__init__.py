"""The `policykg` command's subcommands, one module per side: the corpus (setup, extract, eval), the
write side (build, load), the read side (query, brief, stats, export) and serving (serve, run, neo4j).
Each is a thin layer over kg_builder: it parses options, calls one service and prints what it did."""
