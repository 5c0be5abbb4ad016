"""MULTI/EXEC/DISCARD/WATCH through redis-py, including WATCH races between clients."""
import threading
import time

import pytest
import redis


def test_exec_runs_the_queued_commands_in_order(r):
    pipe = r.pipeline(transaction=True)
    pipe.set("a", 1).incr("a").get("a").lpush("l", "x")
    assert pipe.execute() == [True, 2, b"2", 1]


def test_queuing_error_aborts_the_whole_transaction(r, raw):
    c = raw()
    assert c.cmd("MULTI") == b"OK"
    assert c.cmd("SET", "k", "v") == b"QUEUED"
    err = c.cmd("NOSUCHCOMMAND")
    assert err.startswith(b"ERR unknown command")
    err = c.cmd("EXEC")
    assert err == b"EXECABORT Transaction discarded because of previous errors."
    assert r.exists("k") == 0


def test_runtime_errors_do_not_stop_the_other_commands(r):
    r.set("s", "text")
    pipe = r.pipeline(transaction=True)
    pipe.incr("s").set("t", 1)
    with pytest.raises(redis.ResponseError):
        pipe.execute()
    assert r.get("t") == b"1"


def test_discard_and_nesting_errors(r, raw):
    c = raw()
    assert c.cmd("DISCARD") == b"ERR DISCARD without MULTI"
    assert c.cmd("EXEC") == b"ERR EXEC without MULTI"
    assert c.cmd("MULTI") == b"OK"
    assert c.cmd("MULTI") == b"ERR MULTI calls can not be nested"
    assert c.cmd("WATCH", "x") == b"ERR WATCH inside MULTI is not allowed"
    assert c.cmd("SET", "x", "1") == b"QUEUED"
    assert c.cmd("DISCARD") == b"OK"
    assert r.exists("x") == 0


def transaction(c, *commands):
    """MULTI, the commands, EXEC on one connection: EXEC's reply (None when a watched key changed)."""
    c.execute_command("MULTI")
    for command in commands:
        c.execute_command(*command)
    return c.execute_command("EXEC")


def test_watched_key_changed_by_another_client_aborts_exec(r, new_client):
    c = new_client()
    c.execute_command("WATCH", "w")
    r.set("w", "other")
    assert transaction(c, ("SET", "w", "mine")) is None
    assert r.get("w") == b"other"


def test_watch_sees_expiry_and_flushall(r, new_client):
    c = new_client()
    r.set("e", "1", px=50)
    c.execute_command("WATCH", "e")
    time.sleep(0.15)
    assert transaction(c, ("PING",)) is None

    r.set("f", "1")
    c.execute_command("WATCH", "f")
    r.flushall()
    assert transaction(c, ("PING",)) is None


def test_unwatch_and_untouched_keys_let_exec_run(r, new_client):
    c = new_client()
    c.execute_command("WATCH", "u")
    r.set("unrelated", "1")
    assert transaction(c, ("SET", "u", "1")) == [b"OK"]
    c.execute_command("WATCH", "u")
    r.set("u", "2")
    c.execute_command("UNWATCH")
    assert transaction(c, ("SET", "u", "3")) == [b"OK"]


def test_optimistic_increments_from_racing_clients_are_never_lost(server_proc, r):
    """Each thread increments a counter with WATCH/GET/MULTI/SET/EXEC, retrying when EXEC aborts:
    the final value counts every increment exactly once."""
    threads_n, per_thread = 4, 100
    retries = []

    def worker():
        c = server_proc.client()
        done = aborted = 0
        while done < per_thread:
            with c.pipeline(transaction=True) as pipe:
                try:
                    pipe.watch("counter")
                    value = int(pipe.get("counter") or 0)
                    pipe.multi()
                    pipe.set("counter", value + 1)
                    pipe.execute()
                    done += 1
                except redis.WatchError:
                    aborted += 1
        retries.append(aborted)
        c.close()

    threads = [threading.Thread(target=worker) for _ in range(threads_n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert r.get("counter") == str(threads_n * per_thread).encode()
    assert len(retries) == threads_n


def test_exec_is_atomic_for_other_clients(server_proc, r):
    """A reader never sees the state between two commands of one EXEC."""
    stop = threading.Event()
    seen = []

    def reader():
        c = server_proc.client()
        while not stop.is_set():
            a, b = c.mget("a", "b")
            seen.append((a, b))
        c.close()

    t = threading.Thread(target=reader)
    t.start()
    try:
        for i in range(300):
            pipe = r.pipeline(transaction=True)
            pipe.set("a", i).set("b", i)
            pipe.execute()
    finally:
        stop.set()
        t.join(10)
    assert seen
    assert all(a == b for a, b in seen)
