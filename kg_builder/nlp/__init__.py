"""The spaCy `zh` pipeline: pkuseg segmentation and the rule components of policykg."""
