"""The pipeline page: opportunities by stage, as a board or a list."""
