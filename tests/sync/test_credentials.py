"""The refresh token: in the keyring if there is one, else in memory for this run only."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import pytest
from keyring.backends.fail import Keyring as NoKeyring

from crm_desktop.sync import credentials
from tests.memory_keyring import MemoryKeyring

URL, USER = "http://127.0.0.1:8765", "jpgomez"


@pytest.fixture
def no_keyring() -> Iterator[None]:
    before = keyring.get_keyring()
    keyring.set_keyring(NoKeyring())
    yield
    keyring.set_keyring(before)
    credentials._this_run_only.clear()


def test_token_goes_to_the_keyring_when_there_is_one() -> None:
    backend = MemoryKeyring()
    before = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        credentials.save_refresh_token(URL, USER, "secret-token")
        assert credentials.load_refresh_token(URL + "/", USER) == "secret-token"
        assert credentials.remembered_across_runs(URL, USER)
        assert credentials._this_run_only == {}
        credentials.forget_refresh_token(URL, USER)
        assert credentials.load_refresh_token(URL, USER) is None
    finally:
        keyring.set_keyring(before)


@pytest.mark.usefixtures("no_keyring")
def test_without_a_keyring_the_token_lives_in_memory_only() -> None:
    credentials.save_refresh_token(URL, USER, "secret-token")
    assert credentials.load_refresh_token(URL, USER) == "secret-token"
    assert not credentials.remembered_across_runs(URL, USER)
    credentials.forget_refresh_token(URL, USER)
    assert credentials.load_refresh_token(URL, USER) is None


@pytest.mark.usefixtures("no_keyring")
def test_smtp_password_without_a_keyring_lives_in_memory_only() -> None:
    from crm_desktop.services.quotes import mail

    try:
        mail.store_smtp_password("ventas@example.co", "smtp-secret")
        assert mail.smtp_password("ventas@example.co") == "smtp-secret"
    finally:
        mail._this_run_only.clear()
    assert mail.smtp_password("ventas@example.co") is None
