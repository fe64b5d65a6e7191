"""Sync in the UI: the status bar widget, the worker, sign-in and the Conflicts window."""
