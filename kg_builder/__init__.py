"""policykg's extraction package: policy texts in, entities, relations and evidence out."""

__version__ = "0.1.0"
