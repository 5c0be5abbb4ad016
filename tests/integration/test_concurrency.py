"""Many concurrent clients."""
import selectors
import socket
import threading

import pytest

from harness import raise_nofile_limit
from resp_client import encode_command

N_CLIENTS = 1000


def _read_replies(sock, buf, n):
    """Parse n simple RESP replies (+, :, $) from buf; return (replies, rest) or None."""
    replies = []
    pos = 0
    while len(replies) < n:
        end = buf.find(b"\r\n", pos)
        if end < 0:
            return None
        line = buf[pos:end]
        if line[:1] == b"$":
            ln = int(line[1:])
            if ln < 0:
                replies.append(None)
                pos = end + 2
                continue
            if len(buf) < end + 2 + ln + 2:
                return None
            replies.append(buf[end + 2:end + 2 + ln])
            pos = end + 2 + ln + 2
        else:
            replies.append(line)
            pos = end + 2
    return replies, buf[pos:]


def test_1000_concurrent_clients(server, r):
    limit = raise_nofile_limit(N_CLIENTS + 1000)
    if limit is not None and limit < N_CLIENTS + 100:
        pytest.skip("fd limit too low: %s" % limit)
    host, port = server
    socks = []
    sel = selectors.DefaultSelector()
    try:
        for i in range(N_CLIENTS):
            s = socket.create_connection((host, port), timeout=30)
            socks.append(s)
        # all connections are open at the same time
        assert r.info("clients")["connected_clients"] >= N_CLIENTS + 1
        for i, s in enumerate(socks):
            s.sendall(encode_command("SET", "client:%d" % i, "value-%d" % i)
                      + encode_command("GET", "client:%d" % i)
                      + encode_command("INCR", "shared"))
            s.setblocking(False)
            sel.register(s, selectors.EVENT_READ, data=[i, b""])
        results = {}
        while len(results) < N_CLIENTS:
            events = sel.select(timeout=30)
            assert events, "timeout waiting for replies (%d/%d done)" % (len(results), N_CLIENTS)
            for key, _ in events:
                s = key.fileobj
                i, buf = key.data
                chunk = s.recv(65536)
                assert chunk, "connection %d closed by server" % i
                buf += chunk
                key.data[1] = buf
                parsed = _read_replies(s, buf, 3)
                if parsed is not None:
                    results[i] = parsed[0]
                    sel.unregister(s)
        for i in range(N_CLIENTS):
            ok, value, counter = results[i]
            assert ok == b"+OK"
            assert value == b"value-%d" % i
            assert counter.startswith(b":")
        counters = sorted(int(results[i][2][1:]) for i in range(N_CLIENTS))
        assert counters == list(range(1, N_CLIENTS + 1))
        assert r.get("shared") == str(N_CLIENTS).encode()
        assert r.dbsize() == N_CLIENTS + 1
    finally:
        sel.close()
        for s in socks:
            s.close()


def test_threads_with_redis_py(server_proc, r):
    errors = []

    def worker(n):
        try:
            c = server_proc.client()
            for i in range(100):
                key = "t%d:%d" % (n, i)
                assert c.set(key, i) is True
                assert c.get(key) == str(i).encode()
                c.incr("counter")
            c.close()
        except Exception as e:  # pragma: no cover
            errors.append(repr(e))

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    assert r.get("counter") == b"5000"
    assert r.dbsize() == 5001


def test_connections_released_after_close(server, r):
    """Counts the test's own (named) connections: connections of earlier tests may still be
    closing, so the server-wide connected_clients is not a stable baseline."""
    host, port = server

    def named():
        return sum(1 for c in r.client_list() if c["name"] == "released")

    socks = [socket.create_connection((host, port)) for _ in range(200)]
    for s in socks:
        s.sendall(b"CLIENT SETNAME released\r\n")
    for s in socks:
        assert s.recv(100) == b"+OK\r\n"
    assert named() == 200
    for s in socks:
        s.close()
    import time
    deadline = time.time() + 10
    while time.time() < deadline and named() != 0:
        time.sleep(0.05)
    assert named() == 0
