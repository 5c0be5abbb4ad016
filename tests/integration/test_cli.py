"""The real redis-cli against the server."""
import shutil

import pytest

from harness import REDIS_CLI

pytestmark = pytest.mark.skipif(shutil.which(REDIS_CLI) is None, reason="redis-cli not installed")


def resp(*args):
    out = [b"*%d\r\n" % len(args)]
    for a in args:
        a = a if isinstance(a, bytes) else str(a).encode()
        out.append(b"$%d\r\n%s\r\n" % (len(a), a))
    return b"".join(out)


def test_cli_pipe_100k(r, cli):
    n = 100000
    payload = b"".join(resp("SET", "key:%d" % i, "value:%d" % i) for i in range(n))
    res = cli("--pipe", input=payload, timeout=120)
    out = res.stdout.decode() + res.stderr.decode()
    assert res.returncode == 0, out
    assert "errors: 0, replies: %d" % n in out
    assert r.dbsize() == n
    assert r.get("key:0") == b"value:0"
    assert r.get("key:99999") == b"value:99999"


def test_cli_pipe_reports_errors(r, cli):
    payload = resp("SET", "a", "1") + resp("INCR", "a") + resp("LPUSH", "a", "x") + \
        resp("NOSUCHCOMMAND") + resp("GET", "a")
    res = cli("--pipe", input=payload)
    out = res.stdout.decode() + res.stderr.decode()
    assert "errors: 2, replies: 5" in out
    assert r.get("a") == b"2"


def test_cli_scan_pattern(r, cli):
    p = r.pipeline(transaction=False)
    for i in range(5000):
        p.set("key:%d" % i, i)
    for i in range(100):
        p.set("other:%d" % i, i)
    p.execute()
    res = cli("--scan", "--pattern", "key:1*")
    assert res.returncode == 0
    keys = res.stdout.decode().split()
    # key:1, key:10-19, key:100-199, key:1000-1999
    assert len(keys) == 1111
    assert len(set(keys)) == 1111
    assert all(k.startswith("key:1") for k in keys)
    res = cli("--scan", "--pattern", "other:*")
    assert len(set(res.stdout.decode().split())) == 100


def test_cli_scan_all(r, cli):
    r.mset({"a": 1, "b": 2, "c": 3})
    res = cli("--scan")
    assert sorted(res.stdout.decode().split()) == ["a", "b", "c"]


def test_cli_set_get(r, cli):
    res = cli("set", "a", "b")
    assert res.returncode == 0
    assert res.stdout == b"OK\n"
    assert r.get("a") == b"b"
    res = cli("--raw", "get", "a")
    assert res.stdout == b"b\n"


def test_cli_no_raw_formatting(r, cli):
    r.set("a", "b")
    assert cli("--no-raw", "get", "a").stdout == b'"b"\n'
    assert cli("--no-raw", "get", "missing").stdout == b"(nil)\n"
    assert cli("--no-raw", "incr", "n").stdout == b"(integer) 1\n"
    assert cli("--no-raw", "ping").stdout == b"PONG\n"
    r.mset({"x": 1, "y": 2})
    assert cli("--no-raw", "mget", "x", "y", "nokey").stdout == b'1) "1"\n2) "2"\n3) (nil)\n'
    out = cli("--no-raw", "foo").stdout
    assert out.startswith(b"(error) ERR unknown command 'foo', with args beginning with: ")


def test_cli_raw_formatting(r, cli):
    r.mset({"x": 1, "y": 2})
    assert cli("--raw", "mget", "x", "y", "nokey").stdout == b"1\n2\n\n"
    assert cli("--raw", "incr", "n").stdout == b"1\n"
    r.set("bin", "a\nb")
    assert cli("--raw", "get", "bin").stdout == b"a\nb\n"
    assert cli("--no-raw", "get", "bin").stdout == b'"a\\nb"\n'


def test_cli_select_db(r, cli):
    assert cli("-n", "2", "set", "z", "1").stdout == b"OK\n"
    assert cli("-n", "2", "dbsize").stdout == b"1\n"
    assert r.dbsize() == 0


def test_cli_commands_from_stdin(r, cli):
    res = cli(input=b"set p1 1\nincr p1\nget p1\n")
    assert res.stdout == b"OK\n2\n2\n"


def test_cli_info(cli):
    out = cli("info", "server").stdout.decode()
    assert out.startswith("# Server")
    assert "redis_version:" in out


def test_cli_ping_and_echo(cli):
    assert cli("ping").stdout == b"PONG\n"
    assert cli("echo", "hello world").stdout == b"hello world\n"
