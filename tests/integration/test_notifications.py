"""Keyspace notifications (notify-keyspace-events)."""
import time

import pytest

from resp_client import NULL_BULK


class Events:
    """Subscriber to every keyspace/keyevent channel plus a sentinel channel.

    `run(*cmd)` executes a command on a separate connection, then publishes a
    sentinel; everything received before the sentinel is the command's events
    (notifications are emitted before the command's reply)."""

    def __init__(self, srv):
        self.srv = srv
        self.sub = srv.raw()
        self.sub.cmd("PSUBSCRIBE", "__key*__:*")
        self.sub.cmd("SUBSCRIBE", "sentinel")
        self.client = srv.raw()
        self.n = 0

    def run(self, *cmd):
        reply = self.client.cmd(*cmd)
        return reply, self.drain()

    def drain(self):
        self.n += 1
        token = str(self.n).encode()
        assert self.client.cmd("PUBLISH", "sentinel", token) == 1
        got = []
        while True:
            msg = self.sub.read_reply(timeout=5)
            if msg[0] == b"message" and msg[1] == b"sentinel":
                assert msg[2] == token
                return got
            assert msg[0] == b"pmessage", msg
            got.append((msg[2].decode(), msg[3].decode()))

    def wait_for(self, channel, timeout=5.0):
        """Wait (without sentinel) for a notification on `channel`; return all seen."""
        deadline = time.time() + timeout
        got = []
        while time.time() < deadline:
            try:
                msg = self.sub.read_reply(timeout=max(0.05, deadline - time.time()))
            except OSError:
                break
            if msg[0] == b"pmessage":
                got.append((msg[2].decode(), msg[3].decode()))
                if got[-1][0] == channel:
                    return got
        raise AssertionError("no event on %s; got %r" % (channel, got))

    def set_flags(self, flags):
        assert self.client.cmd("CONFIG", "SET", "notify-keyspace-events", flags) == b"OK"

    def close(self):
        self.sub.close()
        self.client.close()


@pytest.fixture
def ev(notify_server):
    c = notify_server.client()
    c.flushall()
    c.config_set("notify-keyspace-events", "KEA")
    e = Events(notify_server)
    yield e
    e.close()
    c.config_set("notify-keyspace-events", "KEA")
    c.close()


def both(key, event, db=0):
    return [("__keyspace@%d__:%s" % (db, key), event), ("__keyevent@%d__:%s" % (db, event), key)]


def test_server_started_with_kea(notify_server):
    c = notify_server.client()
    assert c.config_get("notify-keyspace-events") == {"notify-keyspace-events": "AKE"}
    c.close()


@pytest.mark.parametrize("setup,cmd,expected", [
    ([], ["SET", "k", "v"], both("k", "set")),
    ([], ["SET", "k", "v", "EX", "100"], both("k", "set") + both("k", "expire")),
    ([["SET", "k", "v"]], ["SET", "k", "v", "NX"], []),
    ([["SET", "k", "v", "EX", "100"]], ["SET", "k", "v2", "KEEPTTL"], both("k", "set")),
    ([["SET", "k", "v"]], ["SET", "k", "v2", "GET"], both("k", "set")),
    ([["SET", "k", "v"]], ["DEL", "k", "nokey"], both("k", "del")),
    ([["SET", "k", "v"]], ["UNLINK", "k"], both("k", "del")),
    ([["SET", "k", "v"]], ["GETDEL", "k"], both("k", "del")),
    ([], ["MSET", "a", "1", "b", "2"], both("a", "set") + both("b", "set")),
    ([], ["MSETNX", "a", "1"], both("a", "set")),
    ([], ["SETNX", "a", "1"], both("a", "set")),
    ([], ["SETEX", "a", "100", "v"], both("a", "set") + both("a", "expire")),
    ([], ["PSETEX", "a", "100000", "v"], both("a", "set") + both("a", "expire")),
    ([["SET", "a", "1"]], ["GETSET", "a", "2"], both("a", "set")),
    ([], ["INCR", "n"], both("n", "incrby")),
    ([["SET", "n", "1"]], ["INCRBY", "n", "5"], both("n", "incrby")),
    ([["SET", "n", "1"]], ["DECR", "n"], both("n", "incrby")),
    ([["SET", "n", "1"]], ["DECRBY", "n", "2"], both("n", "incrby")),
    ([["SET", "n", "1"]], ["INCRBYFLOAT", "n", "1.5"], both("n", "incrbyfloat")),
    ([["SET", "n", "x"]], ["INCR", "n"], []),   # failed command: no event
    ([["SET", "s", "a"]], ["APPEND", "s", "b"], both("s", "append")),
    ([["SET", "s", "abc"]], ["SETRANGE", "s", "1", "x"], both("s", "setrange")),
    ([["SET", "s", "abc"]], ["SETRANGE", "s", "1", ""], []),
    ([], ["SETBIT", "b", "1", "1"], both("b", "setbit")),
    ([["SET", "b", "x"]], ["BITOP", "NOT", "d", "b"], both("d", "set")),
    ([["SET", "k", "v"]], ["EXPIRE", "k", "100"], both("k", "expire")),
    ([["SET", "k", "v"]], ["PEXPIRE", "k", "100000"], both("k", "expire")),
    ([["SET", "k", "v"]], ["EXPIREAT", "k", "4000000000"], both("k", "expire")),
    ([["SET", "k", "v"]], ["PEXPIREAT", "k", "4000000000000"], both("k", "expire")),
    ([["SET", "k", "v"]], ["EXPIRE", "k", "100", "XX"], []),
    ([["SET", "k", "v"]], ["EXPIRE", "k", "-1"], both("k", "del")),   # del, not expired
    ([["SET", "k", "v"]], ["GETEX", "k", "EX", "100"], both("k", "expire")),
    ([["SET", "k", "v"]], ["GETEX", "k"], []),
    ([["SET", "k", "v", "EX", "100"]], ["GETEX", "k", "PERSIST"], both("k", "persist")),
    ([["SET", "k", "v", "EX", "100"]], ["PERSIST", "k"], both("k", "persist")),
    ([["SET", "k", "v"]], ["PERSIST", "k"], []),
    ([["SET", "a", "1"]], ["RENAME", "a", "b"], both("a", "rename_from") + both("b", "rename_to")),
    ([["SET", "a", "1"]], ["RENAMENX", "a", "b"],
     both("a", "rename_from") + both("b", "rename_to")),
    ([["SET", "a", "1"]], ["RENAME", "a", "a"], []),
    ([["SET", "a", "1"]], ["COPY", "a", "b"], both("b", "copy_to")),
    ([["SET", "a", "1"]], ["MOVE", "a", "1"], both("a", "move_from") + both("a", "move_to", 1)),
    ([["SET", "a", "1"]], ["GET", "a"], []),
    ([["SET", "a", "1"]], ["TOUCH", "a"], []),
])
def test_events(ev, setup, cmd, expected):
    for s in setup:
        ev.client.cmd(*s)
    ev.drain()
    _, events = ev.run(*cmd)
    assert events == expected


def test_events_in_other_db(ev):
    ev.client.cmd("SELECT", 3)
    _, events = ev.run("SET", "k", "v")
    assert events == both("k", "set", db=3)


def test_expired_event_lazy(ev):
    ev.run("SET", "k", "v", "PX", "50")
    time.sleep(0.15)
    reply, events = ev.run("GET", "k")
    assert reply is NULL_BULK
    # exactly one expiry, whichever mechanism (lazy on GET or active) found it first
    assert events == both("k", "expired")
    _, later = ev.run("GET", "k")
    assert later == []


def test_expired_event_lazy_is_reported_once(ev):
    _, events = ev.run("SET", "k", "v", "PX", "60")
    assert events == both("k", "set") + both("k", "expire")
    time.sleep(0.2)
    ev.client.cmd("GET", "k")
    ev.client.cmd("EXISTS", "k")
    events = ev.drain()
    assert events == both("k", "expired")


def test_expired_event_active(ev):
    ev.run("SET", "k", "v", "PX", "30")
    got = ev.wait_for("__keyevent@0__:expired", timeout=5)
    assert ("__keyspace@0__:k", "expired") in got
    assert got[-1] == ("__keyevent@0__:expired", "k")
    # the key is gone without anyone touching it
    assert ev.client.cmd("DBSIZE") == 0


def test_new_event_with_n_flag(ev):
    ev.set_flags("KEAn")
    _, events = ev.run("SET", "k", "1")
    assert events == both("k", "new") + both("k", "set")
    _, events = ev.run("SET", "k", "2")
    assert events == both("k", "set")
    _, events = ev.run("INCR", "n")
    assert events == both("n", "new") + both("n", "incrby")
    _, events = ev.run("RENAME", "k", "k2")
    assert events == both("k2", "new") + both("k", "rename_from") + both("k2", "rename_to")


@pytest.mark.parametrize("flags,cmds,expected", [
    # only generic events, keyspace channel only
    ("Kg", [["SET", "a", "1"], ["EXPIRE", "a", "10"], ["DEL", "a"]],
     [("__keyspace@0__:a", "expire"), ("__keyspace@0__:a", "del")]),
    # string events on the keyevent channel only
    ("E$", [["SET", "a", "1"], ["DEL", "a"], ["APPEND", "a", "x"]],
     [("__keyevent@0__:set", "a"), ("__keyevent@0__:append", "a")]),
    # K or E alone, or A alone, deliver nothing
    ("K", [["SET", "a", "1"], ["DEL", "a"]], []),
    ("E", [["SET", "a", "1"], ["DEL", "a"]], []),
    ("A", [["SET", "a", "1"], ["DEL", "a"]], []),
    ("", [["SET", "a", "1"], ["DEL", "a"]], []),
    # only "new" events
    ("Kn", [["SET", "a", "1"], ["SET", "a", "2"], ["DEL", "a"]], [("__keyspace@0__:a", "new")]),
    # 'A' does not include 'n'
    ("KA", [["SET", "a", "1"]], [("__keyspace@0__:a", "set")]),
])
def test_flag_subsets(ev, flags, cmds, expected):
    ev.set_flags(flags)
    got = []
    for cmd in cmds:
        got += ev.run(*cmd)[1]
    assert got == expected


def test_expired_flag_only(ev):
    ev.set_flags("Ex")
    _, events = ev.run("SET", "a", "1", "PX", "20")
    assert events == []
    got = ev.wait_for("__keyevent@0__:expired", timeout=5)
    assert got == [("__keyevent@0__:expired", "a")]


def test_generic_flag_excludes_expired(ev):
    ev.set_flags("Kg")
    ev.run("SET", "a", "1", "PX", "20")
    time.sleep(0.2)
    ev.client.cmd("GET", "a")
    assert ev.drain() == []


def test_config_set_enables_notifications_on_main_server(server_proc, r, restore_config):
    restore_config("notify-keyspace-events", "")
    e = Events(server_proc)
    try:
        _, events = e.run("SET", "k", "v")
        assert events == []
        restore_config("notify-keyspace-events", "KEA")
        _, events = e.run("SET", "k", "v")
        assert events == both("k", "set")
        restore_config("notify-keyspace-events", "El")
        _, events = e.run("SET", "k", "v")
        assert events == []
    finally:
        e.close()


def test_notifications_via_redis_py(notify_server, ev):
    c = notify_server.client()
    ps = c.pubsub()
    ps.subscribe("__keyspace@0__:watched")
    deadline = time.time() + 5
    while time.time() < deadline:
        m = ps.get_message(timeout=0.1)
        if m and m["type"] == "subscribe":
            break
    c.set("watched", "1")
    c.delete("watched")
    got = []
    while len(got) < 2 and time.time() < deadline:
        m = ps.get_message(timeout=0.1)
        if m and m["type"] == "message":
            got.append(m["data"])
    assert got == [b"set", b"del"]
    ps.close()
    c.close()
