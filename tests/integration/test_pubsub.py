"""Pub/Sub in RESP2 (redis-py and raw socket). RESP3 push messages are in test_resp3.py."""
import time

import pytest

from resp_client import NULL_BULK, RespError


def get_message(ps, timeout=5.0):
    """Next non-None message from a redis-py PubSub (subscribe confirmations included)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        msg = ps.get_message(timeout=0.1)
        if msg is not None:
            return msg
    raise AssertionError("no pubsub message within %ss" % timeout)


@pytest.fixture
def pubsub(r):
    ps = r.pubsub()
    yield ps
    ps.close()


def test_subscribe_publish_message(r, pubsub):
    pubsub.subscribe("ch")
    assert get_message(pubsub) == {"type": "subscribe", "pattern": None, "channel": b"ch",
                                   "data": 1}
    assert r.publish("ch", "hello") == 1
    assert get_message(pubsub) == {"type": "message", "pattern": None, "channel": b"ch",
                                   "data": b"hello"}


def test_publish_without_subscribers(r):
    assert r.publish("nobody", "x") == 0


def test_publish_counts_channel_and_pattern_subscribers(r, raw):
    a = raw()
    b = raw()
    p = raw()
    a.cmd("SUBSCRIBE", "news")
    b.cmd("SUBSCRIBE", "news")
    p.cmd("PSUBSCRIBE", "n*")
    p.send(b"PSUBSCRIBE new?\r\n")   # second pattern on the same client also matches
    p.read_reply()
    assert r.publish("news", "x") == 4
    assert a.read_reply() == [b"message", b"news", b"x"]
    assert b.read_reply() == [b"message", b"news", b"x"]
    got = [p.read_reply(), p.read_reply()]
    assert sorted(got) == sorted([[b"pmessage", b"n*", b"news", b"x"],
                                  [b"pmessage", b"new?", b"news", b"x"]])


def test_binary_message(r, pubsub):
    payload = bytes(range(256))
    pubsub.subscribe(b"bin\x00ch")
    get_message(pubsub)
    assert r.publish(b"bin\x00ch", payload) == 1
    msg = get_message(pubsub)
    assert msg["data"] == payload and msg["channel"] == b"bin\x00ch"


def test_psubscribe_pmessage(r, pubsub):
    pubsub.psubscribe("news.*")
    assert get_message(pubsub) == {"type": "psubscribe", "pattern": None,
                                   "channel": b"news.*", "data": 1}
    assert r.publish("news.tech", "a") == 1
    assert r.publish("other", "b") == 0
    assert get_message(pubsub) == {"type": "pmessage", "pattern": b"news.*",
                                   "channel": b"news.tech", "data": b"a"}


@pytest.mark.parametrize("pattern,channel,matches", [
    ("h?llo", "hello", True),
    ("h?llo", "heello", False),
    ("h*llo", "heeeello", True),
    ("h[ae]llo", "hallo", True),
    ("h[ae]llo", "hillo", False),
    ("h[^e]llo", "hallo", True),
    ("h[^e]llo", "hello", False),
    ("h\\*llo", "h*llo", True),
    ("h\\*llo", "hello", False),
    ("*", "anything", True),
])
def test_pattern_matching(r, raw, pattern, channel, matches):
    c = raw()
    c.cmd("PSUBSCRIBE", pattern)
    assert r.publish(channel, "m") == (1 if matches else 0)
    if matches:
        assert c.read_reply() == [b"pmessage", pattern.encode(), channel.encode(), b"m"]


def test_raw_subscribe_replies(raw):
    c = raw()
    assert c.cmd("SUBSCRIBE", "a", "a", "b") == [b"subscribe", b"a", 1]
    assert c.read_reply() == [b"subscribe", b"a", 1]     # duplicate: count unchanged
    assert c.read_reply() == [b"subscribe", b"b", 2]
    assert c.cmd("UNSUBSCRIBE", "x") == [b"unsubscribe", b"x", 2]  # not subscribed
    assert c.cmd("PSUBSCRIBE", "p*", "p*") == [b"psubscribe", b"p*", 3]
    assert c.read_reply() == [b"psubscribe", b"p*", 3]
    assert c.cmd("PUNSUBSCRIBE", "q") == [b"punsubscribe", b"q", 3]
    # UNSUBSCRIBE without arguments: one reply per channel, any order
    c.send(b"UNSUBSCRIBE\r\n")
    got = [c.read_reply(), c.read_reply()]
    assert sorted(g[1] for g in got) == [b"a", b"b"]
    assert sorted(g[2] for g in got) == [1, 2]
    assert all(g[0] == b"unsubscribe" for g in got)
    assert c.cmd("PUNSUBSCRIBE") == [b"punsubscribe", b"p*", 0]
    # back to normal mode
    assert c.cmd("GET", "x") is NULL_BULK


def test_unsubscribe_when_not_subscribed(raw):
    c = raw()
    reply = c.cmd("UNSUBSCRIBE")
    assert reply == [b"unsubscribe", NULL_BULK, 0]
    assert reply[1] is NULL_BULK
    reply = c.cmd("PUNSUBSCRIBE")
    assert reply == [b"punsubscribe", NULL_BULK, 0]
    assert c.cmd("PING") == b"PONG"


def test_unsubscribe_specific_channels(r, raw):
    c = raw()
    c.cmd("SUBSCRIBE", "a", "b", "c")
    c.read_reply()
    c.read_reply()
    assert c.cmd("UNSUBSCRIBE", "b") == [b"unsubscribe", b"b", 2]
    assert r.publish("b", "x") == 0
    assert r.publish("a", "x") == 1
    assert c.read_reply() == [b"message", b"a", b"x"]


def test_pattern_and_channel_counts_combined(raw):
    c = raw()
    assert c.cmd("SUBSCRIBE", "ch") == [b"subscribe", b"ch", 1]
    assert c.cmd("PSUBSCRIBE", "p1", "p2") == [b"psubscribe", b"p1", 2]
    assert c.read_reply() == [b"psubscribe", b"p2", 3]
    assert c.cmd("UNSUBSCRIBE", "ch") == [b"unsubscribe", b"ch", 2]
    assert c.cmd("PUNSUBSCRIBE", "p1") == [b"punsubscribe", b"p1", 1]


@pytest.mark.parametrize("args,name", [
    (["GET", "x"], "get"),
    (["SET", "x", "1"], "set"),
    (["SELECT", "1"], "select"),
    (["PUBLISH", "a", "b"], "publish"),
    (["CLIENT", "ID"], "client|id"),
])
def test_commands_not_allowed_in_resp2_subscribed_mode(raw, args, name):
    c = raw()
    c.cmd("SUBSCRIBE", "ch")
    reply = c.cmd(*args)
    assert isinstance(reply, RespError)
    assert reply == ("ERR Can't execute '%s': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING "
                     "/ QUIT / RESET are allowed in this context" % name).encode()
    # connection still usable and still subscribed
    assert c.cmd("SUBSCRIBE", "ch2") == [b"subscribe", b"ch2", 2]


def test_ping_in_resp2_subscribed_mode(raw):
    c = raw()
    c.cmd("PSUBSCRIBE", "x*")
    assert c.cmd("PING") == [b"pong", b""]
    assert c.cmd("PING", "hi") == [b"pong", b"hi"]


def test_quit_in_subscribed_mode(raw):
    c = raw()
    c.cmd("SUBSCRIBE", "ch")
    assert c.cmd("QUIT") == b"OK"
    assert c.is_closed_by_peer(timeout=5)


def test_subscribe_errors(raw):
    c = raw()
    assert c.cmd("SUBSCRIBE") == b"ERR wrong number of arguments for 'subscribe' command"
    assert c.cmd("PSUBSCRIBE") == b"ERR wrong number of arguments for 'psubscribe' command"
    assert c.cmd("PUBLISH", "a") == b"ERR wrong number of arguments for 'publish' command"


# ---------------------------------------------------------------- PUBSUB introspection


def test_pubsub_channels(r, raw):
    a = raw()
    b = raw()
    a.cmd("SUBSCRIBE", "news.tech", "news.art")
    a.read_reply()
    b.cmd("SUBSCRIBE", "sport")
    b.cmd("PSUBSCRIBE", "pat*")   # patterns are not channels
    assert sorted(r.pubsub_channels()) == [b"news.art", b"news.tech", b"sport"]
    assert sorted(r.pubsub_channels("news.*")) == [b"news.art", b"news.tech"]
    assert r.pubsub_channels("nomatch*") == []


def test_pubsub_channels_removed_after_unsubscribe_and_disconnect(r, raw):
    a = raw()
    a.cmd("SUBSCRIBE", "gone")
    b = raw()
    b.cmd("SUBSCRIBE", "alsogone")
    assert sorted(r.pubsub_channels()) == [b"alsogone", b"gone"]
    a.cmd("UNSUBSCRIBE", "gone")
    b.close()
    deadline = time.time() + 5
    while r.pubsub_channels() and time.time() < deadline:
        time.sleep(0.05)
    assert r.pubsub_channels() == []


def test_pubsub_numsub(r, raw):
    a = raw()
    b = raw()
    a.cmd("SUBSCRIBE", "x", "y")
    a.read_reply()
    b.cmd("SUBSCRIBE", "x")
    reply = raw().cmd("PUBSUB", "NUMSUB", "x", "y", "z")
    assert reply == [b"x", 2, b"y", 1, b"z", 0]
    assert raw().cmd("PUBSUB", "NUMSUB") == []


def test_pubsub_numpat(r, raw):
    assert raw().cmd("PUBSUB", "NUMPAT") == 0
    a = raw()
    b = raw()
    a.cmd("PSUBSCRIBE", "a*", "b*")
    a.read_reply()
    b.cmd("PSUBSCRIBE", "a*")     # same pattern from another client counts once
    b.cmd("SUBSCRIBE", "chan")    # channels do not count
    assert raw().cmd("PUBSUB", "NUMPAT") == 2
    assert r.pubsub_numpat() == 2


def test_pubsub_errors(raw):
    c = raw()
    assert c.cmd("PUBSUB", "FOO") == b"ERR unknown subcommand 'FOO'. Try PUBSUB HELP."
    assert c.cmd("PUBSUB", "NUMPAT", "x") == \
        b"ERR wrong number of arguments for 'pubsub|numpat' command"


def test_pubsub_messages_ordered(r, pubsub):
    pubsub.subscribe("seq")
    get_message(pubsub)
    for i in range(200):
        r.publish("seq", str(i))
    got = [get_message(pubsub)["data"] for _ in range(200)]
    assert got == [str(i).encode() for i in range(200)]


def test_publish_from_subscriber_of_other_db(r, raw):
    # Pub/Sub is not scoped to databases
    c = raw()
    c.cmd("SELECT", 5)
    c.cmd("SUBSCRIBE", "global")
    assert r.publish("global", "x") == 1
    assert c.read_reply() == [b"message", b"global", b"x"]
