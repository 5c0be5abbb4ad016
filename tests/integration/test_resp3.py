"""RESP3 over a raw socket after HELLO 3."""
import pytest

from resp_client import (NULL, NULL_BULK, Map, Push, RespError, SimpleString,
                         Verbatim)


@pytest.fixture
def r3(raw):
    c = raw()
    hello = c.cmd("HELLO", "3")
    assert isinstance(hello, Map)
    assert hello[b"proto"] == 3
    return c


def test_hello3_map_reply_bytes(raw):
    c = raw()
    cid = c.cmd("CLIENT", "ID")
    c.send(b"HELLO 3\r\n")
    data = c.read_all_available(0.3)
    assert data.startswith(b"%7\r\n$6\r\nserver\r\n")
    assert b"$5\r\nproto\r\n:3\r\n$2\r\nid\r\n:%d\r\n" % cid in data
    assert data.endswith(b"$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n"
                         b"$7\r\nmodules\r\n*0\r\n")


def test_get_missing_is_resp3_null(r3):
    assert r3.cmd("GET", "missing") is NULL
    r3.send(b"GET missing\r\n")
    assert r3.read_all_available(0.3) == b"_\r\n"


@pytest.mark.parametrize("args", [
    ["GETDEL", "missing"],
    ["GETEX", "missing"],
    ["GETSET", "missing", "v"],
    ["SET", "exists", "v", "NX"],   # fails: key exists
    ["SET", "missing", "v", "XX"],
    ["SET", "nv", "v", "GET"],
    ["CLIENT", "GETNAME"],
    ["RANDOMKEY"],
    ["OBJECT", "ENCODING", "missing"],
])
def test_resp3_null_replies(r3, args):
    r3.cmd("FLUSHALL")
    r3.cmd("SET", "exists", "1")
    if args[0] == "RANDOMKEY":
        r3.cmd("FLUSHALL")
    assert r3.cmd(*args) is NULL


def test_mget_with_missing_in_resp3(r3):
    r3.cmd("SET", "a", "1")
    assert r3.cmd("MGET", "a", "missing") == [b"1", NULL]


def test_incrbyfloat_is_bulk_in_resp3(r3):
    r3.send(b"INCRBYFLOAT fl 1.5\r\n")
    assert r3.read_all_available(0.3) == b"$3\r\n1.5\r\n"
    r3.send(b"INCRBYFLOAT fl 3.0e3\r\n")
    assert r3.read_all_available(0.3) == b"$6\r\n3001.5\r\n"


def test_incrbyfloat_is_bulk_in_resp2(raw):
    c = raw()
    c.send(b"INCRBYFLOAT fl 1.5\r\n")
    assert c.read_all_available(0.3) == b"$3\r\n1.5\r\n"


def test_simple_and_integer_types_unchanged(r3):
    ok = r3.cmd("SET", "k", "v")
    assert isinstance(ok, SimpleString) and ok == b"OK"
    assert r3.cmd("EXISTS", "k", "k") == 2
    assert r3.cmd("GET", "k") == b"v"
    err = r3.cmd("INCR", "k")
    assert isinstance(err, RespError)
    assert err == b"ERR value is not an integer or out of range"


def test_config_get_is_map_in_resp3(r3):
    reply = r3.cmd("CONFIG", "GET", "maxclients")
    assert isinstance(reply, Map)
    assert list(reply.keys()) == [b"maxclients"]


def test_config_get_is_flat_array_in_resp2(raw):
    c = raw()
    reply = c.cmd("CONFIG", "GET", "maxclients")
    assert type(reply) is list and len(reply) == 2 and reply[0] == b"maxclients"


def test_info_and_client_info_are_verbatim_in_resp3(r3):
    info = r3.cmd("INFO", "server")
    assert isinstance(info, Verbatim) and info.format == b"txt"
    assert info.startswith(b"# Server\r\n")
    ci = r3.cmd("CLIENT", "INFO")
    assert isinstance(ci, Verbatim) and ci.format == b"txt"
    assert b" resp=3" in ci
    cl = r3.cmd("CLIENT", "LIST")
    assert isinstance(cl, Verbatim) and cl.format == b"txt"


def test_lcs_idx_is_map_in_resp3(r3):
    r3.cmd("SET", "s1", "ohmytext")
    r3.cmd("SET", "s2", "mynewtext")
    reply = r3.cmd("LCS", "s1", "s2", "IDX")
    assert isinstance(reply, Map)
    assert reply == {b"matches": [[[4, 7], [5, 8]], [[2, 3], [0, 1]]], b"len": 6}


def test_hello3_then_hello2_switches_back(r3):
    assert r3.cmd("GET", "missing") is NULL
    reply = r3.cmd("HELLO", "2")
    assert type(reply) is list
    assert r3.cmd("GET", "missing") is NULL_BULK


# ---------------------------------------------------------------- push messages


def test_subscribe_push_messages(r3, raw):
    reply = r3.cmd("SUBSCRIBE", "ch1", "ch2")
    assert isinstance(reply, Push)
    assert reply == [b"subscribe", b"ch1", 1]
    second = r3.read_reply()
    assert isinstance(second, Push) and second == [b"subscribe", b"ch2", 2]
    pub = raw()
    assert pub.cmd("PUBLISH", "ch2", "hello") == 1
    msg = r3.read_reply()
    assert isinstance(msg, Push)
    assert msg == [b"message", b"ch2", b"hello"]


def test_subscribe_push_wire_format(r3, raw):
    r3.send(b"SUBSCRIBE chan\r\n")
    assert r3.read_all_available(0.3) == b">3\r\n$9\r\nsubscribe\r\n$4\r\nchan\r\n:1\r\n"
    raw().cmd("PUBLISH", "chan", "payload")
    assert r3.read_all_available(0.3) == \
        b">3\r\n$7\r\nmessage\r\n$4\r\nchan\r\n$7\r\npayload\r\n"


def test_psubscribe_pmessage_push(r3, raw):
    reply = r3.cmd("PSUBSCRIBE", "news.*")
    assert isinstance(reply, Push) and reply == [b"psubscribe", b"news.*", 1]
    assert raw().cmd("PUBLISH", "news.tech", "x") == 1
    msg = r3.read_reply()
    assert isinstance(msg, Push)
    assert msg == [b"pmessage", b"news.*", b"news.tech", b"x"]


def test_resp3_subscribed_client_can_run_normal_commands(r3, raw):
    r3.cmd("SUBSCRIBE", "c")
    r3.cmd("SET", "k", "1")  # allowed in RESP3
    assert r3.cmd("GET", "k") == b"1"
    pong = r3.cmd("PING")
    assert isinstance(pong, SimpleString) and pong == b"PONG"
    raw().cmd("PUBLISH", "c", "m")
    assert r3.read_reply() == [b"message", b"c", b"m"]


def test_resp3_unsubscribe_pushes(r3):
    r3.cmd("SUBSCRIBE", "a")
    r3.cmd("PSUBSCRIBE", "p*")  # count 2
    u = r3.cmd("UNSUBSCRIBE")
    assert isinstance(u, Push) and u == [b"unsubscribe", b"a", 1]
    pu = r3.cmd("PUNSUBSCRIBE")
    assert isinstance(pu, Push) and pu == [b"punsubscribe", b"p*", 0]
    # unsubscribing when subscribed to nothing: channel is a RESP3 null
    none = r3.cmd("UNSUBSCRIBE")
    assert isinstance(none, Push) and none == [b"unsubscribe", NULL, 0]
    assert none[1] is NULL


def test_push_interleaved_with_replies(r3, raw):
    r3.cmd("SUBSCRIBE", "mix")
    pub = raw()
    pub.cmd("PUBLISH", "mix", "one")
    # a normal command issued after the publish: the push arrives first
    r3.send(b"ECHO after\r\n")
    first = r3.read_reply()
    second = r3.read_reply()
    assert isinstance(first, Push) and first == [b"message", b"mix", b"one"]
    assert second == b"after" and not isinstance(second, Push)
