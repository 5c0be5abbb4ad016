"""String commands."""
import time

import pytest

from resp_client import NULL_BULK, SimpleString

SYNTAX = b"ERR syntax error"
NOT_INT = b"ERR value is not an integer or out of range"
NOT_FLOAT = b"ERR value is not a valid float"
WRONGTYPE = b"WRONGTYPE Operation against a key holding the wrong kind of value"

# ---------------------------------------------------------------- GET / SET


def test_get_set_basic(r, raw):
    c = raw()
    reply = c.cmd("SET", "k", "v")
    assert isinstance(reply, SimpleString) and reply == b"OK"
    assert c.cmd("GET", "k") == b"v"
    assert c.cmd("GET", "nokey") is NULL_BULK
    assert c.cmd("SET", "k", "v2") == b"OK"
    assert c.cmd("GET", "k") == b"v2"


def test_set_empty_value(r):
    r.set("e", "")
    assert r.get("e") == b""
    assert r.exists("e") == 1
    assert r.strlen("e") == 0


@pytest.mark.parametrize("value", [
    bytes(range(256)),
    b"\r\n",
    b"\x00",
    b"a\r\nb\x00c",
    b"*1\r\n$4\r\nPING\r\n",
    b"\xff" * 1000,
])
def test_binary_safe_values(r, value):
    r.set("bin", value)
    assert r.get("bin") == value
    assert r.strlen("bin") == len(value)
    r.append("bin", value)
    assert r.get("bin") == value * 2
    assert r.getrange("bin", 0, len(value) - 1) == value


def test_set_ex_px(r):
    assert r.set("a", 1, ex=100) is True
    assert 99 <= r.ttl("a") <= 100
    assert r.set("b", 1, px=100000) is True
    assert 99000 <= r.pttl("b") <= 100000


def test_set_exat_pxat(r, raw):
    c = raw()
    when = int(time.time()) + 500
    assert c.cmd("SET", "a", "1", "EXAT", when) == b"OK"
    assert r.expiretime("a") == when
    assert c.cmd("SET", "b", "1", "PXAT", when * 1000 + 123) == b"OK"
    assert r.execute_command("PEXPIRETIME", "b") == when * 1000 + 123


def test_set_nx_xx(r, raw):
    c = raw()
    assert c.cmd("SET", "k", "1", "XX") is NULL_BULK
    assert r.exists("k") == 0
    assert c.cmd("SET", "k", "1", "NX") == b"OK"
    assert c.cmd("SET", "k", "2", "NX") is NULL_BULK
    assert r.get("k") == b"1"
    assert c.cmd("SET", "k", "3", "XX") == b"OK"
    assert r.get("k") == b"3"


def test_set_keepttl(r, raw):
    c = raw()
    r.set("k", "v", ex=100)
    assert c.cmd("SET", "k", "v2", "KEEPTTL") == b"OK"
    assert 90 <= r.ttl("k") <= 100
    assert c.cmd("SET", "k", "v3") == b"OK"
    assert r.ttl("k") == -1


def test_set_get_option(r, raw):
    c = raw()
    assert c.cmd("SET", "k", "v1", "GET") is NULL_BULK
    assert c.cmd("SET", "k", "v2", "GET") == b"v1"
    assert r.get("k") == b"v2"
    # NX + GET is allowed since 7.0
    assert c.cmd("SET", "k", "v3", "NX", "GET") == b"v2"
    assert r.get("k") == b"v2"
    assert c.cmd("SET", "new", "v", "NX", "GET") is NULL_BULK
    assert r.get("new") == b"v"
    assert c.cmd("SET", "k", "v4", "XX", "GET") == b"v2"
    assert c.cmd("SET", "missing", "v", "XX", "GET") is NULL_BULK
    assert r.exists("missing") == 0
    r.set("t", "old", ex=100)
    assert c.cmd("SET", "t", "new", "GET", "KEEPTTL") == b"old"
    assert r.ttl("t") > 0


def test_set_get_wrongtype(r, raw):
    r.rpush("l", "x")
    c = raw()
    assert c.cmd("SET", "l", "v", "GET") == WRONGTYPE
    assert r.type("l") == b"list"   # not overwritten
    assert c.cmd("SET", "l", "v") == b"OK"   # plain SET overwrites any type
    assert r.type("l") == b"string"


@pytest.mark.parametrize("opts", [
    ["NX", "XX"],
    ["EX", "10", "PX", "100"],
    ["EX", "10", "EXAT", "9999999999"],
    ["PX", "100", "EXAT", "1"],
    ["PX", "100", "PXAT", "9999999999999"],
    ["KEEPTTL", "PX", "100"],
    ["EX", "10", "KEEPTTL"],
    ["EX"],
    ["PX"],
    ["FOO"],
    ["PERSIST"],
    ["EX", "10", "FOO"],
])
def test_set_syntax_errors(raw, opts):
    assert raw().cmd("SET", "k", "v", *opts) == SYNTAX


@pytest.mark.parametrize("opts", [
    ["EX", "0"], ["EX", "-1"], ["PX", "0"], ["PX", "-5"], ["EXAT", "0"], ["PXAT", "-5"],
    ["EX", "9223372036854775807"], ["PX", "9223372036854775807"],
    ["EX", "9223372036854776"],      # * 1000 overflows
    ["EX", "9223372036854775"],      # + now overflows
    ["PX", "9223372036854775000"],
])
def test_set_invalid_expire(raw, opts):
    assert raw().cmd("SET", "k", "v", *opts) == b"ERR invalid expire time in 'set' command"


@pytest.mark.parametrize("opts", [["EX", "abc"], ["EX", "1.5"], ["PX", ""]])
def test_set_expire_not_integer(raw, opts):
    assert raw().cmd("SET", "k", "v", *opts) == NOT_INT


def test_set_repeated_options_allowed(r, raw):
    c = raw()
    assert c.cmd("SET", "k", "v", "EX", "10", "EX", "20") == b"OK"
    assert c.cmd("SET", "k", "v", "nx", "NX") is NULL_BULK
    assert c.cmd("SET", "k", "w", "GET", "GET") == b"v"


def test_set_options_case_insensitive(r, raw):
    assert raw().cmd("SET", "k", "v", "ex", "100", "nx") == b"OK"
    assert r.ttl("k") > 0


# ---------------------------------------------------------------- SETNX / SETEX / PSETEX / GETSET / GETDEL


def test_setnx(r):
    assert r.setnx("k", "1") is True
    assert r.setnx("k", "2") is False
    assert r.get("k") == b"1"


def test_setex_psetex(r, raw):
    c = raw()
    assert c.cmd("SETEX", "a", 100, "v") == b"OK"
    assert r.get("a") == b"v" and 99 <= r.ttl("a") <= 100
    assert c.cmd("PSETEX", "b", 100000, "v") == b"OK"
    assert 99000 <= r.pttl("b") <= 100000


@pytest.mark.parametrize("cmd,ttl,error", [
    ("SETEX", "0", b"ERR invalid expire time in 'setex' command"),
    ("SETEX", "-1", b"ERR invalid expire time in 'setex' command"),
    ("PSETEX", "0", b"ERR invalid expire time in 'psetex' command"),
    ("SETEX", "abc", NOT_INT),
    ("PSETEX", "1.5", NOT_INT),
])
def test_setex_errors(raw, cmd, ttl, error):
    assert raw().cmd(cmd, "k", ttl, "v") == error


def test_getset(r, raw):
    c = raw()
    assert c.cmd("GETSET", "k", "v1") is NULL_BULK
    r.expire("k", 100)
    assert c.cmd("GETSET", "k", "v2") == b"v1"
    assert r.get("k") == b"v2"
    assert r.ttl("k") == -1   # GETSET clears the TTL
    r.rpush("l", "x")
    assert c.cmd("GETSET", "l", "v") == WRONGTYPE


def test_getdel(r, raw):
    c = raw()
    r.set("k", "v")
    assert c.cmd("GETDEL", "k") == b"v"
    assert r.exists("k") == 0
    assert c.cmd("GETDEL", "k") is NULL_BULK
    r.rpush("l", "x")
    assert c.cmd("GETDEL", "l") == WRONGTYPE
    assert r.exists("l") == 1


# ---------------------------------------------------------------- GETEX


def test_getex(r, raw):
    c = raw()
    r.set("k", "v")
    assert c.cmd("GETEX", "k") == b"v"
    assert r.ttl("k") == -1
    assert c.cmd("GETEX", "k", "EX", 100) == b"v"
    assert 99 <= r.ttl("k") <= 100
    assert c.cmd("GETEX", "k", "PX", 50000) == b"v"
    assert 49000 <= r.pttl("k") <= 50000
    when = int(time.time()) + 300
    assert c.cmd("GETEX", "k", "EXAT", when) == b"v"
    assert r.expiretime("k") == when
    assert c.cmd("GETEX", "k", "PXAT", when * 1000 + 7) == b"v"
    assert r.execute_command("PEXPIRETIME", "k") == when * 1000 + 7
    assert c.cmd("GETEX", "k", "PERSIST") == b"v"
    assert r.ttl("k") == -1
    assert c.cmd("GETEX", "nokey", "EX", 10) is NULL_BULK
    assert r.exists("nokey") == 0


def test_getex_errors(r, raw):
    c = raw()
    r.set("k", "v")
    assert c.cmd("GETEX", "k", "PERSIST", "EX", "10") == SYNTAX
    assert c.cmd("GETEX", "k", "EX", "10", "PX", "20") == SYNTAX
    assert c.cmd("GETEX", "k", "FOO") == SYNTAX
    assert c.cmd("GETEX", "k", "EX") == SYNTAX
    assert c.cmd("GETEX", "k", "EX", "0") == b"ERR invalid expire time in 'getex' command"
    assert c.cmd("GETEX", "k", "EXAT", "-1") == b"ERR invalid expire time in 'getex' command"
    assert c.cmd("GETEX", "k", "EX", "abc") == NOT_INT
    r.rpush("l", "x")
    assert c.cmd("GETEX", "l") == WRONGTYPE


def test_getex_past_time_deletes(r, raw):
    r.set("k", "v")
    assert raw().cmd("GETEX", "k", "PXAT", "1") == b"v"
    assert r.exists("k") == 0


# ---------------------------------------------------------------- MGET / MSET / MSETNX


def test_mget(r):
    r.set("a", "1")
    r.set("b", "2")
    r.rpush("l", "x")
    assert r.mget("a", "nokey", "b", "l") == [b"1", None, b"2", None]


def test_mget_raw_nulls(r, raw):
    r.set("a", "1")
    assert raw().cmd("MGET", "a", "x") == [b"1", NULL_BULK]


def test_mset(r, raw):
    c = raw()
    reply = c.cmd("MSET", "a", "1", "b", "2", "a", "3")
    assert isinstance(reply, SimpleString) and reply == b"OK"
    assert r.mget("a", "b") == [b"3", b"2"]
    r.expire("b", 100)
    c.cmd("MSET", "b", "x")
    assert r.ttl("b") == -1


def test_msetnx(r, raw):
    c = raw()
    assert c.cmd("MSETNX", "a", "1", "b", "2") == 1
    assert c.cmd("MSETNX", "b", "x", "c", "3") == 0
    assert r.exists("c") == 0
    assert r.get("b") == b"2"
    assert c.cmd("MSETNX", "a") == b"ERR wrong number of arguments for 'msetnx' command"


# ---------------------------------------------------------------- INCR family


def test_incr_decr(r, raw):
    c = raw()
    assert c.cmd("INCR", "n") == 1
    assert c.cmd("INCR", "n") == 2
    assert c.cmd("DECR", "n") == 1
    assert c.cmd("INCRBY", "n", 10) == 11
    assert c.cmd("DECRBY", "n", 20) == -9
    assert c.cmd("INCRBY", "n", -1) == -10
    assert c.cmd("DECRBY", "new", 5) == -5
    assert c.cmd("DECR", "new2") == -1
    assert r.get("n") == b"-10"


def test_incr_keeps_ttl(r):
    r.set("n", 1, ex=100)
    r.incr("n")
    assert r.ttl("n") > 0


@pytest.mark.parametrize("value", ["abc", " 1", "1 ", "1.0", "00", "-0", "+1", "", "1" * 25,
                                   "9223372036854775808"])
def test_incr_not_integer_value(r, raw, value):
    r.set("n", value)
    assert raw().cmd("INCR", "n") == NOT_INT


@pytest.mark.parametrize("cmd,arg", [("INCRBY", "1.5"), ("INCRBY", "abc"), ("DECRBY", "-0"),
                                     ("INCRBY", "+1"), ("INCRBY", " 1"), ("INCRBY", ""),
                                     ("DECRBY", "9223372036854775808"),
                                     ("INCRBY", "9223372036854775808")])
def test_incrby_bad_increment(raw, cmd, arg):
    assert raw().cmd(cmd, "n", arg) == NOT_INT


@pytest.mark.parametrize("start,args,expected", [
    ("9223372036854775807", ["INCR"], b"ERR increment or decrement would overflow"),
    ("9223372036854775807", ["INCRBY", "1"], b"ERR increment or decrement would overflow"),
    ("-9223372036854775808", ["DECR"], b"ERR increment or decrement would overflow"),
    ("-9223372036854775807", ["DECRBY", "2"], b"ERR increment or decrement would overflow"),
    ("1", ["INCRBY", "9223372036854775807"], b"ERR increment or decrement would overflow"),
    # negating LLONG_MIN fails before the addition, with a different text
    ("0", ["DECRBY", "-9223372036854775808"], b"ERR decrement would overflow"),
])
def test_incr_overflow(r, raw, start, args, expected):
    r.set("n", start)
    assert raw().cmd(args[0], "n", *args[1:]) == expected
    assert r.get("n") == start.encode()


@pytest.mark.parametrize("start,args,expected", [
    ("9223372036854775806", ["INCR"], 9223372036854775807),
    ("-9223372036854775807", ["DECR"], -9223372036854775808),
    ("0", ["INCRBY", "-9223372036854775808"], -9223372036854775808),
    ("9223372036854775807", ["DECRBY", "0"], 9223372036854775807),
])
def test_incr_limits(r, raw, start, args, expected):
    r.set("n", start)
    assert raw().cmd(args[0], "n", *args[1:]) == expected


def test_incr_wrongtype(r, raw):
    r.rpush("l", "1")
    for args in (["INCR", "l"], ["DECR", "l"], ["INCRBY", "l", 1], ["DECRBY", "l", 1],
                 ["INCRBYFLOAT", "l", 1]):
        assert raw().cmd(*args) == WRONGTYPE


# ---------------------------------------------------------------- INCRBYFLOAT


@pytest.mark.parametrize("start,incr,expected", [
    (None, "10.5", b"10.5"),
    (None, "3.0e3", b"3000"),
    ("10.50", "0.1", b"10.6"),
    ("3", "1.5", b"4.5"),
    ("4.5", "-4.5", b"0"),
    ("3", "1.0e1", b"13"),
    ("10", "-10", b"0"),
    ("1e5", "0", b"100000"),
    ("1.5", "-0", b"1.5"),
    ("0", "-0.0", b"0"),
    ("1", "1e-5", b"1.00001"),
    ("-1", "0.5", b"-0.5"),
    ("5", "-5.5", b"-0.5"),
    ("1.0", "1", b"2"),
    ("2", "0x10", b"18"),
    ("100", "1e5", b"100100"),
    ("0", "123456789012", b"123456789012"),
    ("1", "1e-20", b"1"),
    ("5", "0", b"5"),
])
def test_incrbyfloat_format(r, raw, start, incr, expected):
    if start is not None:
        r.set("f", start)
    reply = raw().cmd("INCRBYFLOAT", "f", incr)
    assert reply == expected
    assert r.get("f") == expected


def test_incrbyfloat_uses_long_double_precision(r, raw):
    # Redis computes in long double and prints with %.17Lg, so 0.1 + 0.2 is "0.3"
    # (an IEEE double implementation would print 0.30000000000000004)
    r.set("f", "0.1")
    assert raw().cmd("INCRBYFLOAT", "f", "0.2") == b"0.3"


def test_incrbyfloat_keeps_ttl(r):
    r.set("f", "1", ex=100)
    r.incrbyfloat("f", 1)
    assert r.ttl("f") > 0


@pytest.mark.parametrize("start,incr,expected", [
    ("abc", "1", NOT_FLOAT),
    (" 1", "1", NOT_FLOAT),
    ("1 ", "1", NOT_FLOAT),
    ("", "1", NOT_FLOAT),
    ("1", "abc", NOT_FLOAT),
    ("1", " 1", NOT_FLOAT),
    ("1", "", NOT_FLOAT),
    ("1", "nan", NOT_FLOAT),
    ("1", "inf", b"ERR increment would produce NaN or Infinity"),
    ("inf", "1", b"ERR increment would produce NaN or Infinity"),
])
def test_incrbyfloat_errors(r, raw, start, incr, expected):
    r.set("f", start)
    assert raw().cmd("INCRBYFLOAT", "f", incr) == expected
    assert r.get("f") == start.encode()


# ---------------------------------------------------------------- APPEND / STRLEN


def test_append_strlen(r, raw):
    c = raw()
    assert c.cmd("APPEND", "k", "Hello") == 5
    assert c.cmd("APPEND", "k", " World") == 11
    assert r.get("k") == b"Hello World"
    assert c.cmd("STRLEN", "k") == 11
    assert c.cmd("STRLEN", "nokey") == 0
    assert c.cmd("APPEND", "k", "") == 11


def test_append_to_integer(r):
    r.set("n", 123)
    assert r.append("n", 4) == 4
    assert r.get("n") == b"1234"
    assert r.incr("n") == 1235


def test_strlen_integer_encoded(r):
    r.set("n", -12345)
    assert r.strlen("n") == 6


# ---------------------------------------------------------------- GETRANGE / SUBSTR / SETRANGE


@pytest.mark.parametrize("start,end,expected", [
    (0, 4, b"Hello"),
    (-5, -1, b"World"),
    (0, -1, b"Hello World"),
    (0, -100, b"H"),
    (-100, -1, b"Hello World"),
    (-100, 4, b"Hello"),
    (5, 3, b""),
    (100, 200, b""),
    (6, 100, b"World"),
    (-1, -1, b"d"),
    (-3, -5, b""),
    (10, 10, b"d"),
    (11, 11, b""),
])
def test_getrange(r, start, end, expected):
    r.set("s", "Hello World")
    assert r.getrange("s", start, end) == expected
    assert r.execute_command("SUBSTR", "s", start, end) == expected


def test_getrange_missing_and_errors(r, raw):
    c = raw()
    assert c.cmd("GETRANGE", "nokey", 0, -1) == b""
    r.set("s", "abc")
    assert c.cmd("GETRANGE", "s", 0, "x") == NOT_INT
    assert c.cmd("GETRANGE", "s", 0) == b"ERR wrong number of arguments for 'getrange' command"


def test_getrange_integer_encoded(r):
    r.set("n", 1234567)
    assert r.getrange("n", 2, 4) == b"345"
    assert r.getrange("n", -2, -1) == b"67"


def test_setrange(r, raw):
    c = raw()
    r.set("s", "Hello World")
    assert c.cmd("SETRANGE", "s", 6, "Redis") == 11
    assert r.get("s") == b"Hello Redis"
    assert c.cmd("SETRANGE", "s", 11, "!!") == 13
    assert r.get("s") == b"Hello Redis!!"


def test_setrange_pads_with_zero_bytes(r, raw):
    c = raw()
    assert c.cmd("SETRANGE", "new", 5, "ab") == 7
    assert r.get("new") == b"\x00\x00\x00\x00\x00ab"
    r.set("s", "xy")
    assert c.cmd("SETRANGE", "s", 4, "z") == 5
    assert r.get("s") == b"xy\x00\x00z"


def test_setrange_empty_value(r, raw):
    c = raw()
    assert c.cmd("SETRANGE", "nokey", 0, "") == 0
    assert r.exists("nokey") == 0
    assert c.cmd("SETRANGE", "nokey", 100, "") == 0
    assert r.exists("nokey") == 0
    r.set("s", "abc")
    assert c.cmd("SETRANGE", "s", 10, "") == 3
    assert r.get("s") == b"abc"


def test_setrange_integer_encoded(r):
    r.set("n", 1234)
    assert r.setrange("n", 1, "9") == 4
    assert r.get("n") == b"1934"


def test_setrange_errors(r, raw):
    c = raw()
    r.set("s", "abc")
    assert c.cmd("SETRANGE", "s", -1, "x") == b"ERR offset is out of range"
    assert c.cmd("SETRANGE", "s", 536870912, "x") == \
        b"ERR string exceeds maximum allowed size (proto-max-bulk-len)"
    assert c.cmd("SETRANGE", "s", 536870911, "xy") == \
        b"ERR string exceeds maximum allowed size (proto-max-bulk-len)"
    assert c.cmd("SETRANGE", "s", "abc", "x") == NOT_INT
    r.rpush("l", "x")
    assert c.cmd("SETRANGE", "l", 0, "x") == WRONGTYPE
    assert r.get("s") == b"abc"


# ---------------------------------------------------------------- LCS


@pytest.fixture
def lcs_keys(r):
    r.set("key1", "ohmytext")
    r.set("key2", "mynewtext")
    return r


def test_lcs_plain(lcs_keys, raw):
    assert raw().cmd("LCS", "key1", "key2") == b"mytext"


def test_lcs_len(lcs_keys, raw):
    assert raw().cmd("LCS", "key1", "key2", "LEN") == 6


def test_lcs_idx(lcs_keys, raw):
    assert raw().cmd("LCS", "key1", "key2", "IDX") == \
        [b"matches", [[[4, 7], [5, 8]], [[2, 3], [0, 1]]], b"len", 6]


def test_lcs_idx_minmatchlen(lcs_keys, raw):
    assert raw().cmd("LCS", "key1", "key2", "IDX", "MINMATCHLEN", "4") == \
        [b"matches", [[[4, 7], [5, 8]]], b"len", 6]
    # negative MINMATCHLEN is treated as 0
    assert raw().cmd("LCS", "key1", "key2", "IDX", "MINMATCHLEN", "-5") == \
        [b"matches", [[[4, 7], [5, 8]], [[2, 3], [0, 1]]], b"len", 6]


def test_lcs_idx_withmatchlen(lcs_keys, raw):
    assert raw().cmd("LCS", "key1", "key2", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN") == \
        [b"matches", [[[4, 7], [5, 8], 4]], b"len", 6]
    assert raw().cmd("LCS", "key1", "key2", "IDX", "WITHMATCHLEN") == \
        [b"matches", [[[4, 7], [5, 8], 4], [[2, 3], [0, 1], 2]], b"len", 6]


def test_lcs_other_strings(r, raw):
    r.set("a1", "ABCBDAB")
    r.set("a2", "BDCABA")
    c = raw()
    assert c.cmd("LCS", "a1", "a2") == b"BDAB"
    assert c.cmd("LCS", "a1", "a2", "IDX", "WITHMATCHLEN") == \
        [b"matches", [[[5, 6], [3, 4], 2], [[3, 4], [0, 1], 2]], b"len", 4]


def test_lcs_missing_and_empty(r, raw):
    c = raw()
    r.set("key1", "ohmytext")
    r.set("e", "")
    assert c.cmd("LCS", "key1", "nokey") == b""
    assert c.cmd("LCS", "e", "key1", "LEN") == 0
    assert c.cmd("LCS", "nokey", "nokey2", "IDX") == [b"matches", [], b"len", 0]


def test_lcs_withmatchlen_without_idx_is_ignored(lcs_keys, raw):
    assert raw().cmd("LCS", "key1", "key2", "WITHMATCHLEN") == b"mytext"
    assert raw().cmd("LCS", "key1", "key2", "LEN", "WITHMATCHLEN") == 6


def test_lcs_errors(lcs_keys, raw):
    c = raw()
    lcs_keys.rpush("l", "a")
    assert c.cmd("LCS", "key1", "key2", "LEN", "IDX") == \
        b"ERR If you want both the length and indexes, please just use IDX."
    assert c.cmd("LCS", "key1", "key2", "FOO") == SYNTAX
    assert c.cmd("LCS", "key1", "key2", "MINMATCHLEN", "abc") == NOT_INT
    assert c.cmd("LCS", "key1", "l") == b"ERR The specified keys must contain string values"
