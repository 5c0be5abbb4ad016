"""Fixtures for the HotGears integration suite (see README.md).

The server under test is given by the HOTGEARS_SERVER environment variable:
a shell command prefix to which `--port P --bind 127.0.0.1` (and possibly
other `--name value` options) is appended.  Default: <repo root>/hotgears.
"""
import pytest

from harness import ServerProcess, run_cli

# ---------------------------------------------------------------------------
# Session server and clients
# ---------------------------------------------------------------------------

@pytest.fixture(scope="session")
def server_proc():
    srv = ServerProcess()
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture(scope="session")
def server(server_proc):
    """(host, port) of the session-wide server."""
    return server_proc.addr


@pytest.fixture
def r(server_proc):
    client = server_proc.client()
    client.flushall()
    yield client
    client.close()


@pytest.fixture
def rs(server_proc):
    client = server_proc.client(decode_responses=True)
    client.flushall()
    yield client
    client.close()


@pytest.fixture
def new_client(server_proc):
    """Factory for extra dedicated redis-py clients (closed after the test).

    Use it when a test changes connection state (SELECT, HELLO, CLIENT SETNAME
    ...) so that pooled connections of `r`/`rs` are not affected."""
    made = []

    def make(**kw):
        kw.setdefault("single_connection_client", True)
        c = server_proc.client(**kw)
        made.append(c)
        return c

    yield make
    for c in made:
        try:
            c.close()
        except Exception:
            pass


@pytest.fixture
def raw(server_proc, r):
    """Factory for raw-socket RESP clients (closed after the test).
    Depends on `r`, so the data set is flushed before the test."""
    made = []

    def make(timeout=10.0, srv=None):
        c = (srv or server_proc).raw(timeout=timeout)
        made.append(c)
        return c

    yield make
    for c in made:
        c.close()


@pytest.fixture
def cli(server_proc):
    def run(*args, input=None, timeout=60):
        return run_cli(server_proc.port, *args, input=input, timeout=timeout)
    return run


@pytest.fixture
def server_factory():
    """Start extra servers: server_factory('--notify-keyspace-events', 'KEA')
    or server_factory(conf='/path/file.conf').  All are stopped at test end."""
    started = []

    def start(*extra_args, conf=None):
        srv = ServerProcess(extra_args, conf=conf)
        started.append(srv)
        return srv

    yield start
    for srv in started:
        srv.stop()


@pytest.fixture
def restore_config(r):
    """Remember CONFIG values touched via the returned setter and restore them."""
    saved = {}

    def set_config(name, value):
        if name not in saved:
            saved[name] = list(r.config_get(name).values())[0]
        r.config_set(name, value)

    yield set_config
    for name, value in saved.items():
        r.config_set(name, value)


@pytest.fixture(scope="module")
def notify_server():
    """An extra server started with --notify-keyspace-events KEA (per module)."""
    srv = ServerProcess(["--notify-keyspace-events", "KEA"])
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture
def no_registrations_left(server_proc):
    """Gears registrations outlive FLUSHALL: unregister whatever a test registered.
    Gear test modules use it for every test (pytestmark)."""
    yield
    client = server_proc.client(decode_responses=True)
    try:
        for registration in client.execute_command("RG.DUMPREGISTRATIONS"):
            client.execute_command("RG.UNREGISTER", registration[1])
    finally:
        client.close()
