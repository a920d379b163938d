"""The policykg command: the layer on top, over extraction and the stores (kg_builder) and the API (api)."""
