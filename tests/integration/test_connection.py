"""Connection commands: PING, ECHO, SELECT, QUIT, RESET, CLIENT *, HELLO, AUTH."""

import pytest

from resp_client import NULL_BULK, Map, RespError, SimpleString

# ---------------------------------------------------------------- PING / ECHO


def test_ping(r, raw):
    assert r.ping() is True
    c = raw()
    reply = c.cmd("PING")
    assert isinstance(reply, SimpleString) and reply == b"PONG"


def test_ping_with_argument_is_bulk(r, raw):
    c = raw()
    reply = c.cmd("PING", "hello world")
    assert not isinstance(reply, SimpleString)
    assert reply == b"hello world"


def test_ping_arity(raw):
    c = raw()
    assert c.cmd("PING", "a", "b") == b"ERR wrong number of arguments for 'ping' command"


@pytest.mark.parametrize("value", [b"hello", b"", b"with space", bytes(range(256)), b"\r\n\x00"])
def test_echo(r, value):
    assert r.echo(value) == value


@pytest.mark.parametrize("args", [(), ("a", "b")])
def test_echo_arity(raw, args):
    c = raw()
    assert c.cmd("ECHO", *args) == b"ERR wrong number of arguments for 'echo' command"


# ---------------------------------------------------------------- SELECT


@pytest.mark.parametrize("db", [0, 1, 7, 15])
def test_select_valid(new_client, db):
    c = new_client()
    assert c.execute_command("SELECT", db) is True
    assert c.client_info()["db"] == db


@pytest.mark.parametrize("db", ["16", "-1", "100000"])
def test_select_out_of_range(raw, db):
    c = raw()
    reply = c.cmd("SELECT", db)
    assert isinstance(reply, RespError)
    assert reply == b"ERR DB index is out of range"


@pytest.mark.parametrize("db", ["abc", "1.5", ""])
def test_select_not_integer(raw, db):
    c = raw()
    assert c.cmd("SELECT", db) == b"ERR value is not an integer or out of range"


def test_select_isolates_databases(r, raw):
    c = raw()
    assert c.cmd("SELECT", 3) == b"OK"
    assert c.cmd("SET", "k", "db3") == b"OK"
    assert c.cmd("SELECT", 0) == b"OK"
    assert c.cmd("GET", "k") is NULL_BULK
    assert c.cmd("SET", "k", "db0") == b"OK"
    assert c.cmd("SELECT", 3) == b"OK"
    assert c.cmd("GET", "k") == b"db3"
    assert r.get("k") == b"db0"
    assert r.dbsize() == 1


# ---------------------------------------------------------------- QUIT / RESET


def test_quit_replies_ok_and_closes(raw):
    c = raw()
    reply = c.cmd("QUIT")
    assert isinstance(reply, SimpleString) and reply == b"OK"
    assert c.is_closed_by_peer(timeout=5)


def test_quit_after_pipelined_commands(raw):
    c = raw()
    c.send(b"SET q 1\r\nGET q\r\nQUIT\r\nGET q\r\n")
    assert c.read_reply() == b"OK"
    assert c.read_reply() == b"1"
    assert c.read_reply() == b"OK"
    assert c.is_closed_by_peer(timeout=5)
    assert c.buf == b""


def test_reset(raw):
    c = raw()
    c.cmd("SELECT", 5)
    c.cmd("CLIENT", "SETNAME", "before-reset")
    hello = c.cmd("HELLO", "3")
    assert isinstance(hello, Map)
    reply = c.cmd("RESET")
    assert isinstance(reply, SimpleString) and reply == b"RESET"
    info = c.cmd("CLIENT", "INFO").decode()
    fields = dict(kv.split("=", 1) for kv in info.split())
    assert fields["db"] == "0"
    assert fields["name"] == ""
    assert fields["resp"] == "2"
    # after RESET we are back to RESP2: missing key is $-1
    assert c.cmd("GET", "nokey") is NULL_BULK


def test_reset_leaves_subscribed_mode(raw):
    c = raw()
    c.cmd("SUBSCRIBE", "chan")
    assert c.cmd("RESET") == b"RESET"
    assert c.cmd("SET", "a", "1") == b"OK"


# ---------------------------------------------------------------- CLIENT


def test_client_id_unique_and_increasing(new_client):
    a = new_client().client_id()
    b = new_client().client_id()
    assert isinstance(a, int) and isinstance(b, int)
    assert a > 0 and b > a


def test_client_id_stable_on_connection(raw):
    c = raw()
    assert c.cmd("CLIENT", "ID") == c.cmd("CLIENT", "ID")


def test_client_setname_getname(raw):
    c = raw()
    assert c.cmd("CLIENT", "GETNAME") is NULL_BULK
    reply = c.cmd("CLIENT", "SETNAME", "my-conn")
    assert isinstance(reply, SimpleString) and reply == b"OK"
    assert c.cmd("CLIENT", "GETNAME") == b"my-conn"
    # empty name clears it
    assert c.cmd("CLIENT", "SETNAME", "") == b"OK"
    assert c.cmd("CLIENT", "GETNAME") is NULL_BULK


@pytest.mark.parametrize("name", ["a b", "a\nb", "tab\there"])
def test_client_setname_invalid(raw, name):
    c = raw()
    assert c.cmd("CLIENT", "SETNAME", name) == \
        b"ERR Client names cannot contain spaces, newlines or special characters."


def test_client_subcommand_errors(raw):
    c = raw()
    assert c.cmd("CLIENT", "SETNAME") == \
        b"ERR wrong number of arguments for 'client|setname' command"
    assert c.cmd("CLIENT", "GETNAME", "x") == \
        b"ERR wrong number of arguments for 'client|getname' command"
    assert c.cmd("CLIENT", "FOO") == b"ERR unknown subcommand 'FOO'. Try CLIENT HELP."


CLIENT_FIELDS = ["id", "addr", "laddr", "fd", "name", "age", "idle", "flags", "db",
                 "sub", "psub", "multi", "cmd", "user", "resp"]


def _parse_client_line(line):
    return dict(kv.split("=", 1) for kv in line.split(" "))


def test_client_list(raw):
    a = raw()
    b = raw()
    a.cmd("CLIENT", "SETNAME", "client-a")
    b.cmd("SELECT", 2)
    ida = a.cmd("CLIENT", "ID")
    idb = b.cmd("CLIENT", "ID")
    out = a.cmd("CLIENT", "LIST")
    assert isinstance(out, bytes) and not isinstance(out, SimpleString)
    text = out.decode()
    assert text.endswith("\n")
    lines = {}
    for line in text.splitlines():
        f = _parse_client_line(line)
        for key in CLIENT_FIELDS:
            assert key in f, (key, line)
        lines[int(f["id"])] = f
    assert ida in lines and idb in lines
    assert lines[ida]["name"] == "client-a"
    assert lines[ida]["cmd"] == "client|list"
    assert lines[idb]["db"] == "2"
    assert lines[ida]["addr"].startswith("127.0.0.1:")
    assert lines[ida]["laddr"].endswith(":%d" % a.sock.getpeername()[1])
    assert lines[ida]["addr"] == "127.0.0.1:%d" % a.sock.getsockname()[1]


def test_client_list_filters(raw):
    a = raw()
    b = raw()
    ida = a.cmd("CLIENT", "ID")
    idb = b.cmd("CLIENT", "ID")
    out = a.cmd("CLIENT", "LIST", "ID", ida, idb).decode()
    ids = sorted(int(_parse_client_line(line)["id"]) for line in out.splitlines())
    assert ids == sorted([ida, idb])
    out = a.cmd("CLIENT", "LIST", "TYPE", "normal").decode()
    assert ida in [int(_parse_client_line(line)["id"]) for line in out.splitlines()]
    assert a.cmd("CLIENT", "LIST", "TYPE", "foo") == b"ERR Unknown client type 'foo'"
    assert a.cmd("CLIENT", "LIST", "ID", "abc") == b"ERR Invalid client ID"


def test_client_info(raw):
    c = raw()
    c.cmd("CLIENT", "SETNAME", "info-test")
    cid = c.cmd("CLIENT", "ID")
    text = c.cmd("CLIENT", "INFO").decode()
    assert text.endswith("\n") and text.count("\n") == 1
    f = _parse_client_line(text.strip())
    for key in CLIENT_FIELDS:
        assert key in f
    assert int(f["id"]) == cid
    assert f["name"] == "info-test"
    assert f["cmd"] == "client|info"
    assert f["resp"] == "2"


def test_client_info_redis_py(new_client):
    c = new_client()
    info = c.client_info()
    assert info["id"] == c.client_id()
    assert info["db"] == 0


def test_client_kill_by_id(raw):
    killer = raw()
    victim = raw()
    vid = victim.cmd("CLIENT", "ID")
    assert killer.cmd("CLIENT", "KILL", "ID", vid) == 1
    assert victim.is_closed_by_peer(timeout=5)
    assert killer.cmd("CLIENT", "KILL", "ID", vid) == 0
    assert killer.cmd("PING") == b"PONG"


def test_client_kill_by_addr_old_form(raw):
    killer = raw()
    victim = raw()
    addr = "127.0.0.1:%d" % victim.sock.getsockname()[1]
    reply = killer.cmd("CLIENT", "KILL", addr)
    assert isinstance(reply, SimpleString) and reply == b"OK"
    assert victim.is_closed_by_peer(timeout=5)
    assert killer.cmd("CLIENT", "KILL", addr) == b"ERR No such client"


def test_client_kill_by_addr_filter(raw):
    killer = raw()
    victim = raw()
    addr = "127.0.0.1:%d" % victim.sock.getsockname()[1]
    assert killer.cmd("CLIENT", "KILL", "ADDR", addr) == 1
    assert victim.is_closed_by_peer(timeout=5)
    assert killer.cmd("CLIENT", "KILL", "ADDR", addr) == 0


def test_client_kill_self_by_id(raw):
    # the filter form defaults to SKIPME yes: a client does not kill itself...
    c = raw()
    cid = c.cmd("CLIENT", "ID")
    assert c.cmd("CLIENT", "KILL", "ID", cid) == 0
    assert c.cmd("PING") == b"PONG"
    # ...unless SKIPME no is given; the reply still arrives before the close.
    assert c.cmd("CLIENT", "KILL", "ID", cid, "SKIPME", "no") == 1
    assert c.is_closed_by_peer(timeout=5)


def test_client_kill_skipme_yes_explicit(raw):
    c = raw()
    cid = c.cmd("CLIENT", "ID")
    assert c.cmd("CLIENT", "KILL", "ID", cid, "SKIPME", "yes") == 0
    assert c.cmd("PING") == b"PONG"


def test_client_kill_old_form_can_kill_self(raw):
    c = raw()
    addr = "127.0.0.1:%d" % c.sock.getsockname()[1]
    assert c.cmd("CLIENT", "KILL", addr) == b"OK"
    assert c.is_closed_by_peer(timeout=5)


def test_client_kill_errors(raw):
    c = raw()
    assert c.cmd("CLIENT", "KILL", "ID", "abc") == b"ERR client-id should be greater than 0"
    assert c.cmd("CLIENT", "KILL", "ID", "0") == b"ERR client-id should be greater than 0"
    assert c.cmd("CLIENT", "KILL", "1.2.3.4:5") == b"ERR No such client"
    assert c.cmd("CLIENT", "KILL", "foo", "bar") == b"ERR syntax error"
    assert c.cmd("CLIENT", "KILL") == b"ERR wrong number of arguments for 'client|kill' command"


# ---------------------------------------------------------------- HELLO / AUTH

HELLO_KEYS = [b"server", b"version", b"proto", b"id", b"mode", b"role", b"modules"]


def _check_hello_fields(d, proto, cid):
    assert list(d.keys()) == HELLO_KEYS
    assert isinstance(d[b"server"], bytes) and d[b"server"]
    assert isinstance(d[b"version"], bytes) and d[b"version"]
    assert d[b"proto"] == proto
    assert d[b"id"] == cid
    assert d[b"mode"] == b"standalone"
    assert d[b"role"] == b"master"
    assert d[b"modules"] == []


@pytest.mark.parametrize("args", [(), ("2",)])
def test_hello_resp2(raw, args):
    c = raw()
    cid = c.cmd("CLIENT", "ID")
    reply = c.cmd("HELLO", *args)
    # RESP2: flat array of 14 elements
    assert type(reply) is list and len(reply) == 14
    d = dict(zip(reply[0::2], reply[1::2]))
    _check_hello_fields(d, 2, cid)


def test_hello_resp3_map(raw):
    c = raw()
    cid = c.cmd("CLIENT", "ID")
    reply = c.cmd("HELLO", "3")
    assert isinstance(reply, Map) and len(reply) == 7
    _check_hello_fields(reply, 3, cid)
    # and back to 2
    reply = c.cmd("HELLO", "2")
    assert type(reply) is list and len(reply) == 14


@pytest.mark.parametrize("version", ["4", "1", "0", "-1", "100"])
def test_hello_unsupported_protocol(raw, version):
    c = raw()
    reply = c.cmd("HELLO", version)
    assert isinstance(reply, RespError)
    assert reply == b"NOPROTO unsupported protocol version"
    # still RESP2
    assert c.cmd("GET", "nokey") is NULL_BULK


@pytest.mark.parametrize("version", ["abc", "3.0", ""])
def test_hello_version_not_integer(raw, version):
    c = raw()
    assert c.cmd("HELLO", version) == b"ERR Protocol version is not an integer or out of range"


def test_hello_setname(raw):
    c = raw()
    reply = c.cmd("HELLO", "3", "SETNAME", "hello-name")
    assert isinstance(reply, Map)
    assert c.cmd("CLIENT", "GETNAME") == b"hello-name"
    reply = c.cmd("HELLO", "2", "SETNAME", "other")
    assert type(reply) is list
    assert c.cmd("CLIENT", "GETNAME") == b"other"


def test_hello_setname_invalid_keeps_protocol(raw):
    c = raw()
    assert c.cmd("HELLO", "3", "SETNAME", "a b") == \
        b"ERR Client names cannot contain spaces, newlines or special characters."
    assert c.cmd("GET", "nokey") is NULL_BULK  # protocol not switched


def test_hello_auth_default_user_nopass(raw):
    # The default user has "nopass": any password is accepted.
    c = raw()
    reply = c.cmd("HELLO", "3", "AUTH", "default", "whatever")
    assert isinstance(reply, Map)
    assert reply[b"proto"] == 3


def test_hello_auth_wrong_user(raw):
    c = raw()
    reply = c.cmd("HELLO", "3", "AUTH", "nouser", "pass")
    assert isinstance(reply, RespError)
    assert reply == b"WRONGPASS invalid username-password pair or user is disabled."
    assert c.cmd("GET", "nokey") is NULL_BULK  # still RESP2


@pytest.mark.parametrize("args,opt", [
    (("AUTH",), "AUTH"),
    (("AUTH", "default"), "AUTH"),
    (("SETNAME",), "SETNAME"),
    (("FOO",), "FOO"),
    (("foo", "bar"), "foo"),
])
def test_hello_syntax_errors(raw, args, opt):
    c = raw()
    assert c.cmd("HELLO", "3", *args) == \
        ("ERR Syntax error in HELLO option '%s'" % opt).encode()


def test_hello_auth_and_setname_together(raw):
    c = raw()
    reply = c.cmd("HELLO", "3", "AUTH", "default", "pw", "SETNAME", "both")
    assert isinstance(reply, Map)
    assert c.cmd("CLIENT", "GETNAME") == b"both"


def test_auth_without_password_configured(raw):
    c = raw()
    assert c.cmd("AUTH", "secret") == (
        b"ERR AUTH <password> called without any password configured for the default "
        b"user. Are you sure your configuration is correct?")
    assert c.cmd("AUTH", "default", "anything") == b"OK"
    assert c.cmd("AUTH", "nouser", "x") == \
        b"WRONGPASS invalid username-password pair or user is disabled."


def test_redis_py_basic_roundtrip(rs):
    assert rs.set("greeting", "hello") is True
    assert rs.get("greeting") == "hello"
    assert rs.client_setname("py") is True
    assert rs.client_getname() == "py"
