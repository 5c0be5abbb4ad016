"""Blocking sorted-set pops (FIFO, MULTI, CLIENT UNBLOCK, errors; the basics are in test_blocking),
blocked XREADGROUP clients losing their stream, DUMP/RESTORE, SORT and MEMORY USAGE."""
import pytest
import redis

from test_blocking import start


def test_blocked_clients_are_served_fifo_by_zadd(r, new_client):
    w1 = start(r, new_client, "BZPOPMIN", "z", 0)
    w2 = start(r, new_client, "BZMPOP", 0, 1, "z", "MAX", "COUNT", 10)
    r.zadd("z", {"a": 1, "b": 2, "c": 3})
    w1.join(10)
    w2.join(10)
    assert w1.result == (b"z", b"a", 1.0)
    assert w2.result == [b"z", [[b"c", b"3"], [b"b", b"2"]]]
    assert r.exists("z") == 0


def test_bzpop_inside_multi_does_not_block(r):
    p = r.pipeline(transaction=True)
    p.execute_command("BZPOPMIN", "z", 0)
    p.execute_command("BZMPOP", 0, 1, "z", "MIN")
    assert p.execute() == [None, None]


def test_client_unblock_releases_bzpopmax(r, new_client):
    w = start(r, new_client, "BZPOPMAX", "z", 0)
    assert r.client_unblock(w.id, error=True)
    w.join(10)
    assert str(w.error) == "UNBLOCKED client unblocked via CLIENT UNBLOCK"


def test_bzpop_errors(r):
    r.set("s", "x")
    with pytest.raises(redis.ResponseError, match="WRONGTYPE"):
        r.execute_command("BZPOPMIN", "s", 0)
    with pytest.raises(redis.ResponseError, match="timeout is negative"):
        r.execute_command("BZPOPMIN", "z", -1)
    with pytest.raises(redis.ResponseError, match="numkeys should be greater than 0"):
        r.execute_command("BZMPOP", 0, 0, "z", "MIN")
    with pytest.raises(redis.ResponseError, match="count should be greater than 0"):
        r.execute_command("BZMPOP", 0, 1, "z", "MIN", "COUNT", 0)


@pytest.mark.parametrize("kill", [["DEL", "s"], ["SET", "s", "x"], ["FLUSHALL"]])
def test_xreadgroup_unblocked_when_stream_goes(r, new_client, kill):
    r.xgroup_create("s", "g", "$", mkstream=True)
    w = start(r, new_client, "XREADGROUP", "GROUP", "g", "c", "BLOCK", 0, "STREAMS", "s", ">")
    r.execute_command(*kill)
    w.join(10)
    assert str(w.error) == "UNBLOCKED the stream key no longer exists"


def test_xgroup_destroy_answers_nogroup(r, new_client):
    r.xgroup_create("s", "g", "$", mkstream=True)
    w = start(r, new_client, "XREADGROUP", "GROUP", "g", "c", "BLOCK", 0, "STREAMS", "s", ">")
    r.xgroup_destroy("s", "g")
    w.join(10)
    assert str(w.error).startswith("NOGROUP")


def test_dump_restore_round_trip(r):
    r.rpush("l", "a", "1", "b" * 100)
    r.zadd("z", {"a": 1.5, "b": -2})
    r.hset("h", mapping={"f": "v", "n": "12"})
    r.sadd("s", 1, 2, 3)
    for key in ("l", "z", "h", "s"):
        assert r.restore(key + "2", 0, r.dump(key)) == b"OK"
    assert r.lrange("l2", 0, -1) == [b"a", b"1", b"b" * 100]
    assert r.zrange("z2", 0, -1, withscores=True) == [(b"b", -2.0), (b"a", 1.5)]
    assert r.hgetall("h2") == {b"f": b"v", b"n": b"12"}
    assert r.smembers("s2") == {b"1", b"2", b"3"}
    with pytest.raises(redis.ResponseError, match="BUSYKEY Target key name already exists."):
        r.restore("l", 0, r.dump("l"))
    with pytest.raises(redis.ResponseError, match="DUMP payload version or checksum are wrong"):
        r.restore("x", 0, b"\x00\x01a\x0a\x00" + b"\x00" * 8)


def test_sort_by_get_store(r):
    r.rpush("ids", 1, 2, 3)
    r.mset({"w_1": 30, "w_2": 10, "w_3": 20})
    r.hset("o_1", "name", "one")
    assert r.sort("ids", by="w_*", get=["#", "o_*->name"]) == [b"2", None, b"3", None, b"1", b"one"]
    assert r.sort("ids", desc=True, start=0, num=2) == [b"3", b"2"]
    assert r.sort("ids", by="w_*", store="dst") == 3
    assert r.lrange("dst", 0, -1) == [b"2", b"3", b"1"]


def test_memory_usage(r):
    r.set("k", "x" * 1000)
    assert r.memory_usage("k") > 1000
    assert r.memory_usage("missing") is None
