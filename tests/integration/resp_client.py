"""A tiny RESP2/RESP3 client over a raw socket, written for the tests.

Replies are decoded into distinct Python types so that tests can check the
exact wire type (simple string vs bulk string, RESP2 null vs RESP3 null...).
"""
import socket
import time


class SimpleString(bytes):
    """'+' reply."""


class RespError(bytes):
    """'-' reply (returned, never raised)."""

    @property
    def text(self):
        return self.decode()


class Double(float):
    """',' RESP3 double; .raw keeps the wire text."""

    raw = b""


class BigNumber(int):
    """'(' RESP3 big number."""


class Verbatim(bytes):
    """'=' RESP3 verbatim string; .format is e.g. b'txt'."""

    format = b""


class Map(dict):
    """'%' RESP3 map."""


class RespSet(list):
    """'~' RESP3 set (kept as a list to preserve duplicates/order)."""


class Push(list):
    """'>' RESP3 push message."""


class _Null:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return self.name

    def __bool__(self):
        return False


NULL_BULK = _Null("NULL_BULK")    # RESP2 $-1
NULL_ARRAY = _Null("NULL_ARRAY")  # RESP2 *-1
NULL = _Null("NULL")              # RESP3 _


class ConnectionClosed(Exception):
    pass


def encode_command(*args):
    out = [b"*%d\r\n" % len(args)]
    for a in args:
        if isinstance(a, int):
            a = str(a).encode()
        elif isinstance(a, float):
            a = repr(a).encode()
        elif isinstance(a, str):
            a = a.encode()
        out.append(b"$%d\r\n%s\r\n" % (len(a), a))
    return b"".join(out)


class RawClient:
    def __init__(self, host, port, timeout=10.0):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = b""
        self.timeout = timeout

    # -- low level -------------------------------------------------------
    def send(self, data):
        if isinstance(data, str):
            data = data.encode()
        self.sock.sendall(data)

    def _fill(self):
        try:
            chunk = self.sock.recv(65536)
        except ConnectionResetError:
            chunk = b""
        if not chunk:
            raise ConnectionClosed("connection closed by server")
        self.buf += chunk

    def _readline(self):
        while True:
            idx = self.buf.find(b"\r\n")
            if idx >= 0:
                line = self.buf[:idx]
                self.buf = self.buf[idx + 2:]
                return line
            self._fill()

    def _readexact(self, n):
        while len(self.buf) < n + 2:
            self._fill()
        data = self.buf[:n]
        assert self.buf[n:n + 2] == b"\r\n", "bulk not terminated by CRLF"
        self.buf = self.buf[n + 2:]
        return data

    # -- reply parsing ----------------------------------------------------
    def read_reply(self, timeout=None):
        if timeout is not None:
            self.sock.settimeout(timeout)
        try:
            return self._parse()
        finally:
            if timeout is not None:
                self.sock.settimeout(self.timeout)

    def _parse(self):
        line = self._readline()
        if not line:
            raise AssertionError("empty reply line")
        t, rest = line[:1], line[1:]
        if t == b"+":
            return SimpleString(rest)
        if t == b"-":
            return RespError(rest)
        if t == b":":
            return int(rest)
        if t == b"$":
            n = int(rest)
            if n == -1:
                return NULL_BULK
            return self._readexact(n)
        if t == b"*":
            n = int(rest)
            if n == -1:
                return NULL_ARRAY
            return [self._parse() for _ in range(n)]
        if t == b"_":
            return NULL
        if t == b",":
            d = Double(float(rest.decode()))
            d.raw = rest
            return d
        if t == b"#":
            return rest == b"t"
        if t == b"(":
            return BigNumber(int(rest))
        if t == b"=":
            data = self._readexact(int(rest))
            v = Verbatim(data[4:])
            v.format = data[:3]
            return v
        if t == b"!":
            return RespError(self._readexact(int(rest)))
        if t == b"%":
            m = Map()
            for _ in range(int(rest)):
                k = self._parse()
                if isinstance(k, list):
                    k = tuple(k)
                m[k] = self._parse()
            return m
        if t == b"~":
            return RespSet(self._parse() for _ in range(int(rest)))
        if t == b">":
            return Push(self._parse() for _ in range(int(rest)))
        if t == b"|":
            for _ in range(int(rest) * 2):
                self._parse()
            return self._parse()
        raise AssertionError("unknown RESP type byte %r in %r" % (t, line))

    # -- convenience ------------------------------------------------------
    def cmd(self, *args):
        self.send(encode_command(*args))
        return self.read_reply()

    def inline(self, line):
        """Send an inline command (CRLF appended) and read one reply."""
        if isinstance(line, str):
            line = line.encode()
        self.send(line + b"\r\n")
        return self.read_reply()

    def read_all_available(self, wait=0.2):
        """Return whatever raw bytes arrive within `wait` seconds."""
        end = time.time() + wait
        data, self.buf = self.buf, b""
        while True:
            left = end - time.time()
            if left <= 0:
                return data
            self.sock.settimeout(left)
            try:
                chunk = self.sock.recv(65536)
            except (socket.timeout, BlockingIOError):
                chunk = None
            finally:
                self.sock.settimeout(self.timeout)
            if chunk is None:
                return data
            if not chunk:
                return data
            data += chunk

    def is_closed_by_peer(self, timeout=5.0):
        """True if the server closes the connection within `timeout`."""
        self.sock.settimeout(timeout)
        try:
            while True:
                chunk = self.sock.recv(65536)
                if not chunk:
                    return True
                self.buf += chunk
        except ConnectionResetError:
            return True
        except socket.timeout:
            return False
        finally:
            self.sock.settimeout(self.timeout)

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
