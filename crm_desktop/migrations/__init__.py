"""Alembic environment of the local (laptop) database, shipped inside the package."""
