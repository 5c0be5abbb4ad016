"""RESP wire protocol: inline commands, pipelining, protocol errors, error texts."""
import threading

import pytest

from resp_client import NULL_BULK, RespError, SimpleString, encode_command

# ---------------------------------------------------------------- inline


def test_inline_ping(raw):
    c = raw()
    c.send(b"PING\r\n")
    reply = c.read_reply()
    assert isinstance(reply, SimpleString) and reply == b"PONG"


def test_inline_set_then_get(r, raw):
    c = raw()
    assert c.inline("SET a b") == b"OK"
    assert r.get("a") == b"b"
    assert c.inline("GET a") == b"b"


def test_inline_lf_only_terminator(raw):
    c = raw()
    c.send(b"PING\n")
    assert c.read_reply() == b"PONG"


def test_inline_lowercase_and_extra_spaces(raw):
    c = raw()
    assert c.inline("  set   k1    v1  ") == b"OK"
    assert c.inline("gEt k1") == b"v1"


def test_inline_empty_lines_ignored(raw):
    c = raw()
    c.send(b"\r\n\r\nPING\r\n")
    assert c.read_reply() == b"PONG"
    assert c.read_all_available(0.2) == b""


@pytest.mark.parametrize("line,expected", [
    (b'ECHO "hello world"', b"hello world"),
    (b"ECHO 'single quoted'", b"single quoted"),
    (b'ECHO "a\\x41b"', b"aAb"),
    (b'ECHO "tab\\there"', b"tab\there"),
    (b'ECHO "nl\\nx"', b"nl\nx"),
    (b'ECHO "q\\"q"', b'q"q'),
    (b'ECHO ""', b""),
])
def test_inline_quoting(raw, line, expected):
    c = raw()
    assert c.inline(line) == expected


@pytest.mark.parametrize("line", [b'SET "a b', b"SET 'a b", b'SET "a"b c'])
def test_inline_unbalanced_quotes(raw, line):
    c = raw()
    c.send(line + b"\r\n")
    reply = c.read_reply()
    assert isinstance(reply, RespError)
    assert reply == b"ERR Protocol error: unbalanced quotes in request"
    assert c.is_closed_by_peer(timeout=5)


# ---------------------------------------------------------------- pipelining


def test_pipelining_many_commands_one_send(r, raw):
    c = raw()
    n = 1000
    payload = b"".join(
        encode_command("SET", "p:%d" % i, "v%d" % i) + encode_command("INCR", "counter")
        + encode_command("GET", "p:%d" % i)
        for i in range(n))
    c.send(payload)
    for i in range(n):
        assert c.read_reply() == b"OK"
        assert c.read_reply() == i + 1
        assert c.read_reply() == b"v%d" % i
    assert r.dbsize() == n + 1


def test_pipelining_mixed_inline_and_multibulk(raw):
    c = raw()
    c.send(b"SET m 1\r\n" + encode_command("INCR", "m") + b"INCR m\r\n"
           + encode_command("GET", "m") + b"PING\r\n")
    assert c.read_reply() == b"OK"
    assert c.read_reply() == 2
    assert c.read_reply() == 3
    assert c.read_reply() == b"3"
    assert c.read_reply() == b"PONG"


def test_pipelining_redis_py(r):
    p = r.pipeline(transaction=False)
    for i in range(500):
        p.set("k%d" % i, i)
        p.get("k%d" % i)
    res = p.execute()
    assert res[0::2] == [True] * 500
    assert res[1::2] == [str(i).encode() for i in range(500)]


def test_command_split_across_many_sends(raw):
    c = raw()
    value = b"x" * 100000
    payload = encode_command("SET", "split", value) + encode_command("GET", "split")
    for i in range(0, len(payload), 7777):
        c.send(payload[i:i + 7777])
    assert c.read_reply() == b"OK"
    assert c.read_reply() == value


def test_byte_by_byte(raw):
    c = raw()
    payload = encode_command("SET", "bb", "v\r\nx") + encode_command("GET", "bb")
    for i in range(len(payload)):
        c.send(payload[i:i + 1])
    assert c.read_reply() == b"OK"
    assert c.read_reply() == b"v\r\nx"


def test_large_value_roundtrip(r):
    value = bytes(range(256)) * 4096 * 4  # 4 MiB
    assert r.set("big", value) is True
    assert r.strlen("big") == len(value)
    assert r.get("big") == value


def test_empty_multibulk_ignored(raw):
    c = raw()
    c.send(b"*0\r\n*-1\r\nPING\r\n")
    assert c.read_reply() == b"PONG"
    assert c.read_all_available(0.2) == b""


def test_binary_safe_keys_and_values(r):
    key = b"k\x00\r\n\xff"
    value = bytes(range(256))
    r.set(key, value)
    assert r.get(key) == value
    assert r.exists(key) == 1
    assert key in r.keys("*")


# ---------------------------------------------------------------- protocol errors

PROTOCOL_ERRORS = [
    (b"*abc\r\n", b"ERR Protocol error: invalid multibulk length"),
    (b"*2147483648\r\n", b"ERR Protocol error: invalid multibulk length"),
    (b"*1\r\n$abc\r\n", b"ERR Protocol error: invalid bulk length"),
    (b"*1\r\n$-1\r\n", b"ERR Protocol error: invalid bulk length"),
    (b"*1\r\n$536870913\r\n", b"ERR Protocol error: invalid bulk length"),  # > proto-max-bulk-len
    (b"*1\r\n$600000000\r\n", b"ERR Protocol error: invalid bulk length"),
    (b"*1\r\nPING\r\n", b"ERR Protocol error: expected '$', got 'P'"),
    (b'SET "a b\r\n', b"ERR Protocol error: unbalanced quotes in request"),
]


@pytest.mark.parametrize("payload,error", PROTOCOL_ERRORS)
def test_protocol_error_closes_connection(raw, payload, error):
    other = raw()
    c = raw()
    c.send(payload)
    reply = c.read_reply()
    assert isinstance(reply, RespError)
    assert reply == error
    assert c.is_closed_by_peer(timeout=5)
    # the server keeps serving other (existing and new) clients
    assert other.cmd("PING") == b"PONG"
    assert raw().cmd("PING") == b"PONG"


def test_protocol_error_after_valid_commands_in_same_packet(raw):
    c = raw()
    c.send(b"SET pe 1\r\nGET pe\r\n*abc\r\nGET pe\r\n")
    assert c.read_reply() == b"OK"
    assert c.read_reply() == b"1"
    assert c.read_reply() == b"ERR Protocol error: invalid multibulk length"
    assert c.is_closed_by_peer(timeout=5)
    assert c.buf == b""


def test_bulk_at_proto_max_bulk_len_is_accepted(raw):
    # 512 MiB exactly is a valid length: the server waits for the data
    c = raw()
    c.send(b"*2\r\n$4\r\nECHO\r\n$536870912\r\n")
    assert c.read_all_available(0.3) == b""
    assert not c.is_closed_by_peer(timeout=0.2)


# ---------------------------------------------------------------- error texts


@pytest.mark.parametrize("args,expected", [
    (["foo"], b"ERR unknown command 'foo', with args beginning with: "),
    (["foo", "a", "b"], b"ERR unknown command 'foo', with args beginning with: 'a' 'b' "),
    (["FOO", "A"], b"ERR unknown command 'FOO', with args beginning with: 'A' "),
    (["foo", "x" * 200],
     b"ERR unknown command 'foo', with args beginning with: '" + b"x" * 128 + b"' "),
    # args are appended while the args text is shorter than 128 bytes, each
    # one cut to (128 - current length): 'a0'..'a22' here
    (["foo"] + ["a%d" % i for i in range(60)],
     b"ERR unknown command 'foo', with args beginning with: "
     + b"".join(b"'a%d' " % i for i in range(23))),
    (["z" * 200, "a"],   # the command name is cut to 128 bytes
     b"ERR unknown command '" + b"z" * 128 + b"', with args beginning with: 'a' "),
    ([""], b"ERR unknown command '', with args beginning with: "),
    (["foo", ""], b"ERR unknown command 'foo', with args beginning with: '' "),
    (["foo", "a" * 100, "b" * 100, "c"],
     b"ERR unknown command 'foo', with args beginning with: '" + b"a" * 100 + b"' '"
     + b"b" * 25 + b"' "),
])
def test_unknown_command(raw, args, expected):
    c = raw()
    reply = c.cmd(*args)
    assert isinstance(reply, RespError)
    assert reply == expected


def test_unknown_command_inline(raw):
    c = raw()
    assert c.inline("foo a b") == b"ERR unknown command 'foo', with args beginning with: 'a' 'b' "


@pytest.mark.parametrize("args,name", [
    (["GET"], "get"),
    (["get", "a", "b"], "get"),
    (["SET", "a"], "set"),
    (["Del"], "del"),
    (["CONFIG"], "config"),
    (["CONFIG", "GET"], "config|get"),
    (["EXISTS"], "exists"),
    (["MSET", "a"], "mset"),
    (["MSET", "a", "1", "b"], "mset"),
])
def test_wrong_arity(raw, args, name):
    c = raw()
    reply = c.cmd(*args)
    assert isinstance(reply, RespError)
    assert reply == ("ERR wrong number of arguments for '%s' command" % name).encode()


@pytest.mark.parametrize("args,name", [
    (["CONFIG", "FOO"], "CONFIG"),
    (["CLIENT", "foo"], "CLIENT"),
    (["OBJECT", "foo", "k"], "OBJECT"),
    (["COMMAND", "FOO"], "COMMAND"),
])
def test_unknown_subcommand(raw, args, name):
    c = raw()
    assert c.cmd(*args) == ("ERR unknown subcommand '%s'. Try %s HELP." % (args[1], name)).encode()


def test_wrongtype(r, raw):
    r.rpush("list", "a")
    c = raw()
    for args in (["GET", "list"], ["INCR", "list"], ["APPEND", "list", "x"],
                 ["STRLEN", "list"], ["SETRANGE", "list", 0, "x"], ["GETRANGE", "list", 0, 1]):
        reply = c.cmd(*args)
        assert isinstance(reply, RespError)
        assert reply == b"WRONGTYPE Operation against a key holding the wrong kind of value"


def test_error_does_not_break_connection(raw):
    c = raw()
    assert c.cmd("NOSUCHCMD") .startswith(b"ERR unknown command")
    assert c.cmd("GET") .startswith(b"ERR wrong number")
    assert c.cmd("PING") == b"PONG"


def test_concurrent_pipelines_do_not_mix(server_proc, r):
    errors = []

    def worker(n):
        try:
            c = server_proc.raw()
            payload = b"".join(encode_command("SET", "w%d:%d" % (n, i), "%d-%d" % (n, i))
                               + encode_command("GET", "w%d:%d" % (n, i)) for i in range(300))
            c.send(payload)
            for i in range(300):
                assert c.read_reply() == b"OK"
                assert c.read_reply() == b"%d-%d" % (n, i)
            c.close()
        except Exception as e:  # pragma: no cover
            errors.append(e)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert r.dbsize() == 3000


def test_get_missing_is_null_bulk(raw):
    c = raw()
    assert c.cmd("GET", "missing") is NULL_BULK
    c.send(b"GET missing\r\n")
    assert c.read_all_available(0.3) == b"$-1\r\n"
