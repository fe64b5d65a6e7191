"""The central sync server (FastAPI); filled in by the sync issue."""
