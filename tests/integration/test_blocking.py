"""Blocking list and sorted-set commands through redis-py: wake-ups, FIFO order, timeouts,
MULTI, CLIENT UNBLOCK and clients that go away while blocked."""
import threading
import time

import pytest
import redis


class Waiter(threading.Thread):
    """Runs one blocking command on its own connection; `result` / `error` once it returns."""

    def __init__(self, new_client, *command, name=None):
        super().__init__(daemon=True)
        self.client = new_client()
        self.command = command
        self.result = self.error = None
        if name:
            self.client.client_setname(name)
        self.id = self.client.client_id()

    def run(self):
        try:
            self.result = self.client.execute_command(*self.command)
        except redis.RedisError as e:
            self.error = e


def blocked_count(r):
    return r.info("clients")["blocked_clients"]


def wait_blocked(r, n, timeout=5.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if blocked_count(r) >= n:
            return
        time.sleep(0.01)
    raise AssertionError("expected %d blocked clients, have %d" % (n, blocked_count(r)))


def start(r, new_client, *command, name=None):
    w = Waiter(new_client, *command, name=name)
    before = blocked_count(r)
    w.start()
    wait_blocked(r, before + 1)
    return w


def test_blpop_returns_at_once_when_data_is_there(r):
    r.rpush("l", "a", "b")
    assert r.blpop(["l"], timeout=1) == (b"l", b"a")
    assert r.brpop(["l"], timeout=1) == (b"l", b"b")
    assert r.exists("l") == 0


def test_blpop_is_woken_by_a_push_from_another_client(r, new_client):
    w = start(r, new_client, "BLPOP", "q1", "q2", 0)
    r.rpush("q2", "x")
    w.join(5)
    assert list(w.result) == [b"q2", b"x"]
    assert r.exists("q2") == 0


def test_waiters_are_served_in_fifo_order(r, new_client):
    waiters = [start(r, new_client, "BRPOP", "fifo", 0) for _ in range(3)]
    r.lpush("fifo", "1", "2", "3")  # one push command feeds all three, oldest waiter first
    for w in waiters:
        w.join(5)
    assert [list(w.result) for w in waiters] == [[b"fifo", b"1"], [b"fifo", b"2"], [b"fifo", b"3"]]


def test_timeout_with_decimals_replies_nil(r):
    started = time.time()
    assert r.blpop(["nothing"], timeout=0.2) is None
    elapsed = time.time() - started
    assert 0.15 < elapsed < 2.0


def test_negative_and_bad_timeouts_are_errors(r):
    with pytest.raises(redis.ResponseError, match="timeout is negative"):
        r.execute_command("BLPOP", "l", -1)
    with pytest.raises(redis.ResponseError, match="timeout is not a float or out of range"):
        r.execute_command("BLPOP", "l", "abc")


def test_blmove_moves_between_lists_when_woken(r, new_client):
    w = start(r, new_client, "BLMOVE", "src", "dst", "LEFT", "RIGHT", 0)
    r.rpush("src", "v")
    w.join(5)
    assert w.result == b"v"
    assert r.lrange("dst", 0, -1) == [b"v"]


def test_brpoplpush_and_blmpop(r, new_client):
    w = start(r, new_client, "BRPOPLPUSH", "a", "b", 0)
    r.rpush("a", "1", "2")
    w.join(5)
    assert w.result == b"2"
    assert r.execute_command("BLMPOP", 1, 2, "a", "b", "LEFT", "COUNT", 5) == [b"a", [b"1"]]


def test_blocking_commands_inside_multi_do_not_block(r):
    pipe = r.pipeline(transaction=True)
    pipe.blpop(["empty"], timeout=0)
    pipe.execute_command("BLMOVE", "empty", "x", "LEFT", "LEFT", 0)
    started = time.time()
    assert pipe.execute() == [None, None]
    assert time.time() - started < 1


def test_client_unblock_timeout_and_error(r, new_client):
    w = start(r, new_client, "BLPOP", "never", 0)
    assert r.client_unblock(w.id) == 1
    w.join(5)
    assert w.result is None and w.error is None
    w = start(r, new_client, "BLPOP", "never", 0)
    assert r.client_unblock(w.id, error=True) == 1
    w.join(5)
    assert isinstance(w.error, redis.ResponseError)
    assert str(w.error).startswith("UNBLOCKED client unblocked via CLIENT UNBLOCK")
    assert r.client_unblock(w.id) == 0  # no longer blocked


def test_a_client_that_went_away_does_not_take_the_element(r, raw):
    gone = raw()
    gone.send(b"*3\r\n$5\r\nBLPOP\r\n$4\r\nkeep\r\n$1\r\n0\r\n")
    wait_blocked(r, 1)
    gone.close()
    deadline = time.time() + 5
    while time.time() < deadline and blocked_count(r) != 0:
        time.sleep(0.01)
    r.rpush("keep", "v")
    assert r.lrange("keep", 0, -1) == [b"v"]


def test_bzpopmin_and_bzpopmax(r, new_client):
    r.zadd("z", {"a": 1, "b": 2})
    assert r.bzpopmin(["z"], timeout=1) == (b"z", b"a", 1.0)
    assert r.bzpopmax(["z"], timeout=1) == (b"z", b"b", 2.0)
    w = start(r, new_client, "BZPOPMIN", "z", 0)
    r.zadd("z", {"c": 3.5})
    w.join(5)
    assert w.result == (b"z", b"c", 3.5)
    assert r.bzpopmax(["z"], timeout=0.1) is None


def test_bzmpop_wakes_with_count(r, new_client):
    w = start(r, new_client, "BZMPOP", 0, 1, "zz", "MAX", "COUNT", 2)
    r.zadd("zz", {"x": 1, "y": 2, "w": 3})
    w.join(5)
    assert w.result == [b"zz", [[b"w", b"3"], [b"y", b"2"]]]
    assert r.zrange("zz", 0, -1) == [b"x"]
