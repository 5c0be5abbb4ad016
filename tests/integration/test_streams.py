"""Streams and consumer groups through redis-py: XADD/XREAD (BLOCK, $), XREADGROUP (>, history,
NOACK, BLOCK), XACK, XPENDING, XCLAIM, XAUTOCLAIM, XINFO."""
import threading
import time

import pytest
import redis


def ids(entries):
    return [e[0] for e in entries]


def blocked_call(r, fn):
    """Runs fn() in a thread and waits until the server reports a blocked client: (thread, results)."""
    got = []
    t = threading.Thread(target=lambda: got.append(fn()))
    t.start()
    deadline = time.time() + 5
    while time.time() < deadline and r.info("clients")["blocked_clients"] == 0:
        time.sleep(0.01)
    return t, got


def test_xadd_explicit_partial_and_auto_ids(r):
    assert r.xadd("s", {"f": "1"}, id="5-1") == b"5-1"
    assert r.xadd("s", {"f": "2"}, id="5-*") == b"5-2"
    auto = r.xadd("s", {"f": "3"})
    assert int(auto.split(b"-")[0]) > 5
    with pytest.raises(redis.ResponseError, match="equal or smaller than the target stream top item"):
        r.xadd("s", {"f": "4"}, id="5-1")
    assert r.xlen("s") == 3
    assert r.xadd("nostream", {"f": "1"}, nomkstream=True) is None
    assert r.exists("nostream") == 0


def test_xrange_xrevrange_and_trimming(r):
    for i in range(1, 11):
        r.xadd("s", {"n": str(i)}, id="%d-0" % i)
    assert ids(r.xrange("s", "3", "5")) == [b"3-0", b"4-0", b"5-0"]
    assert ids(r.xrevrange("s", "+", "-", count=2)) == [b"10-0", b"9-0"]
    assert ids(r.xrange("s", "(3-0", "5", count=1)) == [b"4-0"]
    assert r.xtrim("s", maxlen=4, approximate=False) == 6
    assert ids(r.xrange("s")) == [b"7-0", b"8-0", b"9-0", b"10-0"]
    assert r.xtrim("s", minid="9", approximate=False) == 2
    assert r.xdel("s", "10-0", "99-0") == 1
    assert ids(r.xrange("s")) == [b"9-0"]


def test_xread_from_id_and_blocking_on_dollar(r, new_client):
    r.xadd("s", {"a": "1"}, id="1-0")
    assert r.xread({"s": "0"}) == [[b"s", [(b"1-0", {b"a": b"1"})]]]
    reader = new_client()
    t, got = blocked_call(r, lambda: reader.xread({"s": "$"}, block=5000))
    r.xadd("s", {"b": "2"}, id="2-0")
    t.join(5)
    assert got == [[[b"s", [(b"2-0", {b"b": b"2"})]]]]


def test_xread_block_times_out_with_nil(r):
    started = time.time()
    assert r.xread({"s": "$"}, block=100) == []
    assert time.time() - started >= 0.09


def test_consumer_group_delivery_ack_and_pending(r):
    for i in range(1, 4):
        r.xadd("s", {"n": str(i)}, id="%d-0" % i)
    assert r.xgroup_create("s", "g", id="0") is True
    with pytest.raises(redis.ResponseError, match="BUSYGROUP"):
        r.xgroup_create("s", "g", id="0")
    first = r.xreadgroup("g", "alice", {"s": ">"}, count=2)
    assert [ids(entries) for _, entries in first] == [[b"1-0", b"2-0"]]
    second = r.xreadgroup("g", "bob", {"s": ">"})
    assert [ids(entries) for _, entries in second] == [[b"3-0"]]
    # history: what alice has pending
    history = r.xreadgroup("g", "alice", {"s": "0"})
    assert [ids(entries) for _, entries in history] == [[b"1-0", b"2-0"]]
    summary = r.xpending("s", "g")
    assert summary["pending"] == 3
    assert summary["min"] == b"1-0" and summary["max"] == b"3-0"
    assert sorted((c["name"], c["pending"]) for c in summary["consumers"]) == [(b"alice", 2), (b"bob", 1)]
    assert r.xack("s", "g", "1-0", "3-0", "9-0") == 2
    detail = r.xpending_range("s", "g", min="-", max="+", count=10)
    assert [(d["message_id"], d["consumer"]) for d in detail] == [(b"2-0", b"alice")]


def test_noack_does_not_create_pending_entries(r):
    r.xadd("s", {"a": "1"}, id="1-0")
    r.xgroup_create("s", "g", id="0")
    r.xreadgroup("g", "c", {"s": ">"}, noack=True)
    assert r.xpending("s", "g")["pending"] == 0


def test_xclaim_and_xautoclaim_move_idle_entries(r):
    for i in range(1, 4):
        r.xadd("s", {"n": str(i)}, id="%d-0" % i)
    r.xgroup_create("s", "g", id="0")
    r.xreadgroup("g", "alice", {"s": ">"})
    time.sleep(0.05)
    claimed = r.xclaim("s", "g", "bob", min_idle_time=10, message_ids=["1-0"])
    assert ids(claimed) == [b"1-0"]
    nxt, entries = r.xautoclaim("s", "g", "carol", min_idle_time=10, start_id="0-0", count=10)[:2]
    assert ids(entries) == [b"2-0", b"3-0"]
    assert nxt == b"0-0"
    owners = {d["message_id"]: d["consumer"] for d in r.xpending_range("s", "g", "-", "+", 10)}
    assert owners == {b"1-0": b"alice", b"2-0": b"carol", b"3-0": b"carol"} or owners == {
        b"1-0": b"bob", b"2-0": b"carol", b"3-0": b"carol"}
    assert owners[b"1-0"] == b"bob"


def test_blocked_xreadgroup_is_woken_by_xadd(r, new_client):
    r.xgroup_create("s", "g", id="$", mkstream=True)
    reader = new_client()
    t, got = blocked_call(r, lambda: reader.xreadgroup("g", "c", {"s": ">"}, block=5000))
    r.xadd("s", {"x": "1"}, id="7-0")
    t.join(5)
    assert got == [[[b"s", [(b"7-0", {b"x": b"1"})]]]]
    assert r.xpending("s", "g")["pending"] == 1


def test_xinfo_stream_groups_consumers(r):
    r.xadd("s", {"a": "1"}, id="1-0")
    r.xadd("s", {"a": "2"}, id="2-0")
    r.xgroup_create("s", "g", id="0")
    r.xreadgroup("g", "c1", {"s": ">"}, count=1)
    info = r.xinfo_stream("s")
    assert info["length"] == 2
    assert info["last-generated-id"] == b"2-0"
    assert info["groups"] == 1
    groups = r.xinfo_groups("s")
    assert [(g["name"], g["consumers"], g["pending"], g["last-delivered-id"]) for g in groups] == [
        (b"g", 1, 1, b"1-0")]
    consumers = r.xinfo_consumers("s", "g")
    assert [(c["name"], c["pending"]) for c in consumers] == [(b"c1", 1)]


def test_group_management(r):
    r.xadd("s", {"a": "1"}, id="1-0")
    r.xgroup_create("s", "g", id="0")
    assert r.xgroup_createconsumer("s", "g", "c") == 1
    assert r.xgroup_createconsumer("s", "g", "c") == 0
    r.xreadgroup("g", "c", {"s": ">"})
    assert r.xgroup_delconsumer("s", "g", "c") == 1  # its pending entries
    assert r.xgroup_setid("s", "g", id="0") is True
    assert r.xgroup_destroy("s", "g") == 1
    assert r.xgroup_destroy("s", "g") == 0
    with pytest.raises(redis.ResponseError, match="NOGROUP"):
        r.xreadgroup("g", "c", {"s": ">"})
