"""The Reports page, its charts and tables, and the manager's view."""
