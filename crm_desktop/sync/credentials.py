"""The refresh token in the OS keyring: never in a file, never in a log."""

from __future__ import annotations

import contextlib

import keyring
from keyring.errors import KeyringError, PasswordDeleteError

SERVICE = "crm-desktop-sync"


def _account(server_url: str, username: str) -> str:
    return f"{username}@{server_url.rstrip('/')}"


def save_refresh_token(server_url: str, username: str, token: str) -> None:
    keyring.set_password(SERVICE, _account(server_url, username), token)


def load_refresh_token(server_url: str, username: str) -> str | None:
    try:
        return keyring.get_password(SERVICE, _account(server_url, username))
    except KeyringError:
        return None


def forget_refresh_token(server_url: str, username: str) -> None:
    with contextlib.suppress(PasswordDeleteError, KeyringError):
        keyring.delete_password(SERVICE, _account(server_url, username))
