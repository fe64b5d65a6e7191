"""Protecting the rep's data on a laptop that may be lost: the per-database key (keys.py), the
encrypted file (sqlcipher.py), wiping and locking.

No Qt here: the window asks for a passphrase through keys.set_passphrase_provider.
"""
