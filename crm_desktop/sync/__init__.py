"""Sync with the central server: protocol, client, engine, credentials. No widgets."""
