"""Bit commands: SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP."""
import pytest

SYNTAX = b"ERR syntax error"
NOT_INT = b"ERR value is not an integer or out of range"
WRONGTYPE = b"WRONGTYPE Operation against a key holding the wrong kind of value"
BAD_OFFSET = b"ERR bit offset is not an integer or out of range"
BAD_BIT = b"ERR bit is not an integer or out of range"

# ---------------------------------------------------------------- SETBIT / GETBIT


def test_setbit_getbit(r, raw):
    c = raw()
    assert c.cmd("SETBIT", "b", 7, 1) == 0
    assert c.cmd("SETBIT", "b", 7, 1) == 1
    assert c.cmd("GETBIT", "b", 7) == 1
    assert c.cmd("SETBIT", "b", 7, 0) == 1
    assert c.cmd("GETBIT", "b", 7) == 0
    assert c.cmd("GETBIT", "b", 100) == 0
    assert c.cmd("GETBIT", "nokey", 0) == 0


def test_setbit_bit_order_is_msb_first(r):
    r.setbit("b", 0, 1)
    assert r.get("b") == b"\x80"
    r.setbit("b", 15, 1)
    assert r.get("b") == b"\x80\x01"


def test_setbit_grows_with_zero_bytes(r):
    assert r.setbit("b", 100, 0) == 0
    assert r.get("b") == b"\x00" * 13
    assert r.strlen("b") == 13


def test_setbit_on_integer_encoded_string(r):
    r.set("n", "5")            # '5' = 0x35 = 00110101
    assert r.getbit("n", 5) == 1
    assert r.setbit("n", 6, 1) == 0
    assert r.get("n") == b"7"  # 00110111


@pytest.mark.parametrize("args,error", [
    (["SETBIT", "b", 2, 2], BAD_BIT),
    (["SETBIT", "b", 1, -1], BAD_BIT),
    (["SETBIT", "b", 1, "x"], BAD_BIT),
    (["SETBIT", "b", -1, 1], BAD_OFFSET),
    (["SETBIT", "b", "abc", 1], BAD_OFFSET),
    (["SETBIT", "b", 4294967296, 1], BAD_OFFSET),   # 2^32: 512 MiB limit
    (["GETBIT", "b", -1], BAD_OFFSET),
    (["GETBIT", "b", "x"], BAD_OFFSET),
])
def test_setbit_getbit_errors(raw, args, error):
    assert raw().cmd(*args) == error


def test_bit_commands_wrongtype(r, raw):
    r.rpush("l", "a")
    c = raw()
    for args in (["SETBIT", "l", 0, 1], ["GETBIT", "l", 0], ["BITCOUNT", "l"],
                 ["BITPOS", "l", 1], ["BITOP", "AND", "d", "l"]):
        assert c.cmd(*args) == WRONGTYPE


# ---------------------------------------------------------------- BITCOUNT


@pytest.mark.parametrize("args,expected", [
    ([], 26),
    ([0, 0], 4),
    ([1, 1], 6),
    ([1, 1, "BYTE"], 6),
    ([5, 30, "BIT"], 17),
    ([-1, -1], 4),
    ([0, -1, "bit"], 26),
    ([-2, -1, "BIT"], 1),
    ([2, 1], 0),
    ([-100, 100], 26),
    ([0, 9223372036854775807, "BIT"], 26),
    ([100, 200], 0),
])
def test_bitcount(r, raw, args, expected):
    r.set("k", "foobar")
    assert raw().cmd("BITCOUNT", "k", *args) == expected


def test_bitcount_missing_key(raw):
    assert raw().cmd("BITCOUNT", "nokey") == 0
    assert raw().cmd("BITCOUNT", "nokey", 0, 10) == 0


@pytest.mark.parametrize("args,error", [
    ([0], SYNTAX),
    ([0, 1, "FOO"], SYNTAX),
    ([0, 1, "BIT", "x"], SYNTAX),
    (["a", "b"], NOT_INT),
])
def test_bitcount_errors(r, raw, args, error):
    r.set("k", "foobar")
    assert raw().cmd("BITCOUNT", "k", *args) == error


def test_bitcount_binary(r):
    r.set("b", bytes(range(256)))
    assert r.bitcount("b") == 1024


# ---------------------------------------------------------------- BITPOS


@pytest.mark.parametrize("value,args,expected", [
    (b"\xff\xf0\x00", [0], 12),
    (b"\x00\xff\xf0", [1], 8),
    (b"\x00\xff\xf0", [1, 0], 8),
    (b"\x00\xff\xf0", [1, 2], 16),
    (b"\x00\xff\xf0", [1, 2, -1, "BYTE"], 16),
    (b"\x00\xff\xf0", [1, 7, 15, "BIT"], 8),
    (b"\x00\xff\xf0", [1, 7, -3, "BIT"], 8),
    (b"\x00\xff\xf0", [1, -8, -1, "BIT"], 16),
    (b"\x00\xff\xf0", [1, 0, -1, "bit"], 8),
    (b"\x00\xff\xf0", [0, 8, 15, "BIT"], -1),
    (b"\x00\xff\xf0", [1, 2, 1], -1),
    (b"\x00\xff\xf0", [1, 100], -1),
    (b"\x00\xff\xf0", [0, 100], -1),
    (b"\x00\x00\x00", [1], -1),
    (b"\x00\x00\x00", [0], 0),
    # looking for a 0 in an all-ones string: without an explicit end the
    # bit right after the string is reported; with an end, -1
    (b"\xff\xff\xff", [0], 24),
    (b"\xff\xff\xff", [0, 0], 24),
    (b"\xff\xff\xff", [0, 0, -1], -1),
    (b"\xff\xff\xff", [0, 0, -1, "BIT"], -1),
    (b"\xff\xff\xff", [0, 1, 2], -1),
    (b"\xff\xff\xff", [0, 100], -1),
])
def test_bitpos(r, raw, value, args, expected):
    r.set("k", value)
    assert raw().cmd("BITPOS", "k", *args) == expected


def test_bitpos_missing_key(raw):
    c = raw()
    assert c.cmd("BITPOS", "nokey", 0) == 0
    assert c.cmd("BITPOS", "nokey", 1) == -1


@pytest.mark.parametrize("args,error", [
    ([2], b"ERR The bit argument must be 1 or 0."),
    ([1, "a"], NOT_INT),
    ([1, 0, 1, "FOO"], SYNTAX),
])
def test_bitpos_errors(r, raw, args, error):
    r.set("k", b"\x00\xff")
    assert raw().cmd("BITPOS", "k", *args) == error


# ---------------------------------------------------------------- BITOP


def test_bitop_basic(r, raw):
    c = raw()
    r.set("b1", "foobar")
    r.set("b2", "abcdef")
    assert c.cmd("BITOP", "AND", "dest", "b1", "b2") == 6
    assert r.get("dest") == b"`bc`ab"
    assert c.cmd("BITOP", "OR", "dest", "b1", "b2") == 6
    assert r.get("dest") == b"goofev"
    assert c.cmd("BITOP", "XOR", "dest", "b1", "b2") == 6
    assert r.get("dest") == bytes(a ^ b for a, b in zip(b"foobar", b"abcdef"))
    assert c.cmd("BITOP", "NOT", "dest", "b1") == 6
    assert r.get("dest") == bytes(0xff - a for a in b"foobar")


def test_bitop_different_lengths(r, raw):
    c = raw()
    r.set("a", b"\x0f")
    r.set("b", b"\xf0\x0f")
    assert c.cmd("BITOP", "AND", "d", "a", "b") == 2
    assert r.get("d") == b"\x00\x00"
    assert c.cmd("BITOP", "OR", "d", "a", "b") == 2
    assert r.get("d") == b"\xff\x0f"
    assert c.cmd("BITOP", "XOR", "d", "a", "b") == 2
    assert r.get("d") == b"\xff\x0f"
    assert c.cmd("BITOP", "NOT", "d", "b") == 2
    assert r.get("d") == b"\x0f\xf0"


def test_bitop_missing_keys_are_zero_strings(r, raw):
    c = raw()
    r.set("a", b"\x0f")
    assert c.cmd("BITOP", "and", "d", "a", "nokey") == 1
    assert r.get("d") == b"\x00"
    assert c.cmd("BITOP", "or", "d", "nokey", "a") == 1
    assert r.get("d") == b"\x0f"


def test_bitop_empty_result_deletes_destination(r, raw):
    c = raw()
    r.set("d", "old")
    assert c.cmd("BITOP", "AND", "d", "nokey", "nokey2") == 0
    assert r.exists("d") == 0
    assert c.cmd("BITOP", "NOT", "d", "nokey") == 0
    assert r.exists("d") == 0


def test_bitop_overwrites_destination_and_ttl(r, raw):
    r.set("a", b"\x0f")
    r.set("d", "old", ex=100)
    assert raw().cmd("BITOP", "OR", "d", "a") == 1
    assert r.get("d") == b"\x0f"
    assert r.ttl("d") == -1


def test_bitop_destination_can_be_source(r, raw):
    r.set("a", b"\x0f")
    r.set("b", b"\xf0\x0f")
    assert raw().cmd("BITOP", "AND", "a", "a", "b") == 2
    assert r.get("a") == b"\x00\x00"


@pytest.mark.parametrize("args,error", [
    (["NOT", "d", "a", "b"], b"ERR BITOP NOT must be called with a single source key."),
    (["FOO", "d", "a"], SYNTAX),
    (["AND", "d"], b"ERR wrong number of arguments for 'bitop' command"),
])
def test_bitop_errors(r, raw, args, error):
    r.set("a", "x")
    r.set("b", "y")
    assert raw().cmd("BITOP", *args) == error


def test_bitop_binary_values(r):
    a = bytes(range(256))
    b = bytes(reversed(range(256)))
    r.set("a", a)
    r.set("b", b)
    r.bitop("XOR", "x", "a", "b")
    assert r.get("x") == bytes(p ^ q for p, q in zip(a, b))
