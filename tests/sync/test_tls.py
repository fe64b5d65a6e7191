"""`crm-server run --certfile/--keyfile` serves HTTPS itself; laptops sync over it, checking the
certificate against the office's CA (one made in the test with trustme), on 127.0.0.1."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import trustme

from crm_desktop.models import Account
from crm_server.__main__ import main as server_main
from tests.sync.harness import (
    ServerDb,
    ServerProcess,
    add_user,
    make_laptop,
    start_server,
)

on_sqlite = pytest.mark.parametrize("server_db", ["sqlite"], indirect=True)


@pytest.fixture
def office_ca() -> trustme.CA:
    return trustme.CA(organization_name="Oficina de prueba")


@pytest.fixture
def tls_server(
    server_db: ServerDb, tmp_path: Path, office_ca: trustme.CA
) -> Iterator[ServerProcess]:
    cert = office_ca.issue_cert("127.0.0.1", "localhost")
    certfile, keyfile = tmp_path / "server.pem", tmp_path / "server.key"
    cert.private_key_and_cert_chain_pem.write_to_path(str(certfile))  # key first is fine too
    cert.private_key_pem.write_to_path(str(keyfile))
    trusted = ssl.create_default_context()
    office_ca.configure_trust(trusted)
    cli = ["--certfile", str(certfile), "--keyfile", str(keyfile)]
    proc = start_server(server_db.url, tmp_path, cli=cli, verify=trusted)
    yield proc
    proc.stop()


@on_sqlite
def test_two_laptops_sync_over_https_checked_against_the_office_ca(
    tls_server: ServerProcess,
    server_db: ServerDb,
    office_ca: trustme.CA,
    tmp_path: Path,
    template_db: Path,
) -> None:
    assert tls_server.base.startswith("https://127.0.0.1:")
    trusted = ssl.create_default_context()
    office_ca.configure_trust(trusted)
    ana_id = add_user(server_db, "ana")
    add_user(server_db, "beto", role="manager")
    ana = make_laptop("ana", tmp_path, template_db, tls_server, "ana", verify=trusted)
    boss = make_laptop("boss", tmp_path, template_db, tls_server, "beto", verify=trusted)
    try:
        account = ana.new_account(ana_id, legal_name="Ferretería Cifrada S.A.S.")
        ana.sync()
        boss.sync()
        assert boss.get(Account, account).legal_name == "Ferretería Cifrada S.A.S."
    finally:
        ana.close()
        boss.close()


@on_sqlite
def test_a_certificate_from_another_ca_is_refused(tls_server: ServerProcess) -> None:
    stranger = ssl.create_default_context()
    trustme.CA().configure_trust(stranger)  # not the office's CA
    with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
        httpx.get(f"{tls_server.base}/v1/health", verify=stranger, timeout=10)
    with pytest.raises(httpx.HTTPError):  # nor does it answer plain HTTP on that port
        httpx.get(tls_server.base.replace("https", "http") + "/v1/health", timeout=10)


def test_bad_tls_arguments_are_refused_in_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'server.db'}"
    assert server_main(["--database-url", url, "run", "--certfile", "x.pem"]) == 2
    assert "--certfile and --keyfile go together" in capsys.readouterr().err
    missing = tmp_path / "missing.pem"
    assert server_main(["--database-url", url, "run", "--certfile", str(missing),
                        "--keyfile", str(missing)]) == 2  # fmt: skip
    assert f"the certificate file {missing} does not exist" in capsys.readouterr().err
    junk = tmp_path / "junk.pem"
    junk.write_text("not a certificate")
    assert server_main(["--database-url", url, "run", "--certfile", str(junk),
                        "--keyfile", str(junk)]) == 2  # fmt: skip
    assert "are not a PEM certificate and its key" in capsys.readouterr().err
