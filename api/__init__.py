"""policykg's query service: FastAPI over the named queries, answering from either store."""
