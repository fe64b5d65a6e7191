"""Opportunities through the stages of the commercial cycle, and the pipeline board."""
