"""The refresh token in the OS keyring: never in a file, never in a log.

A machine with no keyring service at all (a Linux desktop without Secret Service or KWallet) still
syncs: the token is then kept in this process's memory only, and the rep signs in again at the next
start. It never falls back to a file.
"""

from __future__ import annotations

import contextlib

import keyring
from keyring.errors import KeyringError, PasswordDeleteError

SERVICE = "crm-desktop-sync"
_this_run_only: dict[str, str] = {}


def _account(server_url: str, username: str) -> str:
    return f"{username}@{server_url.rstrip('/')}"


def save_refresh_token(server_url: str, username: str, token: str) -> None:
    account = _account(server_url, username)
    try:
        keyring.set_password(SERVICE, account, token)
    except KeyringError:
        _this_run_only[account] = token
    else:
        _this_run_only.pop(account, None)


def load_refresh_token(server_url: str, username: str) -> str | None:
    account = _account(server_url, username)
    try:
        found = keyring.get_password(SERVICE, account)
    except KeyringError:
        found = None
    return found if found is not None else _this_run_only.get(account)


def forget_refresh_token(server_url: str, username: str) -> None:
    account = _account(server_url, username)
    _this_run_only.pop(account, None)
    with contextlib.suppress(PasswordDeleteError, KeyringError):
        keyring.delete_password(SERVICE, account)


def remembered_across_runs(server_url: str, username: str) -> bool:
    """Whether the OS keyring holds the token (False: kept for this run only, or not at all)."""
    try:
        return keyring.get_password(SERVICE, _account(server_url, username)) is not None
    except KeyringError:
        return False
