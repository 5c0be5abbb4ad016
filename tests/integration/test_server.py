"""Server commands: INFO, DBSIZE, FLUSH*, TIME, CONFIG, COMMAND, LASTSAVE,
SLOWLOG, SHUTDOWN, config file."""
import time

import pytest
import redis

from resp_client import NULL_BULK, SimpleString

# ---------------------------------------------------------------- INFO


@pytest.mark.parametrize("section,header,fields", [
    ("server", "# Server", ["redis_version", "redis_mode", "process_id", "tcp_port",
                            "uptime_in_seconds", "uptime_in_days", "run_id"]),
    ("clients", "# Clients", ["connected_clients", "blocked_clients", "maxclients"]),
    ("memory", "# Memory", ["used_memory", "used_memory_human", "maxmemory",
                            "maxmemory_policy"]),
    ("stats", "# Stats", ["total_connections_received", "total_commands_processed",
                          "expired_keys", "keyspace_hits", "keyspace_misses"]),
])
def test_info_section_text(r, raw, section, header, fields):
    c = raw()
    text = c.cmd("INFO", section).decode()
    lines = text.split("\r\n")
    assert lines[0] == header
    assert text.endswith("\r\n")
    keys = [line.split(":", 1)[0] for line in lines[1:] if line]
    for f in fields:
        assert f in keys
    for line in lines[1:]:
        assert line == "" or ":" in line
    # exactly one section header
    assert sum(1 for line in lines if line.startswith("#")) == 1


def test_info_server_values(r, server):
    info = r.info("server")
    assert info["tcp_port"] == server[1]
    assert info["redis_mode"] == "standalone"
    assert isinstance(info["process_id"], int)
    assert str(info["redis_version"]).startswith("7.")
    assert isinstance(info["uptime_in_seconds"], int)


def test_info_clients_counts(r, raw):
    base = r.info("clients")["connected_clients"]
    extra = [raw() for _ in range(3)]
    for c in extra:
        c.cmd("PING")
    assert r.info("clients")["connected_clients"] == base + 3


def test_info_default_contains_main_sections(r, raw):
    text = raw().cmd("INFO").decode()
    for h in ("# Server", "# Clients", "# Memory", "# Stats", "# Keyspace"):
        assert h + "\r\n" in text
    assert "# Commandstats" not in text  # not part of the default set


@pytest.mark.parametrize("arg", ["all", "everything"])
def test_info_all_includes_commandstats(raw, arg):
    text = raw().cmd("INFO", arg).decode()
    for h in ("# Server", "# Clients", "# Memory", "# Stats", "# Commandstats", "# Keyspace"):
        assert h + "\r\n" in text


def test_info_multiple_sections(raw):
    text = raw().cmd("INFO", "server", "clients").decode()
    assert text.startswith("# Server\r\n")
    assert "\r\n\r\n# Clients\r\n" in text
    assert "# Memory" not in text


def test_info_unknown_section_is_empty(raw):
    reply = raw().cmd("INFO", "nosuchsection")
    assert reply == b"" and reply is not NULL_BULK


def test_info_section_names_case_insensitive(raw):
    assert raw().cmd("INFO", "SERVER").startswith(b"# Server\r\n")


def test_info_keyspace(r, raw):
    assert raw().cmd("INFO", "keyspace") == b"# Keyspace\r\n"
    r.set("a", 1)
    r.set("b", 2, ex=100)
    c = raw()
    c.cmd("SELECT", 2)
    c.cmd("SET", "x", "y")
    info = r.info("keyspace")
    assert info["db0"]["keys"] == 2
    assert info["db0"]["expires"] == 1
    assert "avg_ttl" in info["db0"]
    assert info["db2"] == {"keys": 1, "expires": 0, "avg_ttl": 0}
    text = raw().cmd("INFO", "keyspace").decode()
    assert "\r\ndb2:keys=1,expires=0,avg_ttl=0\r\n" in text
    assert text.index("db0:") < text.index("db2:")


def test_info_stats_hits_misses(r, restore_config):
    r.config_resetstat()
    r.set("k", "v")
    r.get("k")
    r.get("k")
    r.get("missing")
    stats = r.info("stats")
    assert stats["keyspace_hits"] == 2
    assert stats["keyspace_misses"] == 1


def test_info_commandstats(r, raw):
    r.config_resetstat()
    r.set("k", "v")
    r.get("k")
    r.get("k")
    r.get("nokey")
    stats = r.info("commandstats")
    assert stats["cmdstat_get"]["calls"] == 3
    assert stats["cmdstat_set"]["calls"] == 1
    for f in ("usec", "usec_per_call", "rejected_calls", "failed_calls"):
        assert f in stats["cmdstat_get"]
    text = raw().cmd("INFO", "commandstats").decode()
    line = [ln for ln in text.split("\r\n") if ln.startswith("cmdstat_get:")][0]
    keys = [kv.split("=")[0] for kv in line.split(":", 1)[1].split(",")]
    assert keys == ["calls", "usec", "usec_per_call", "rejected_calls", "failed_calls"]


def test_info_commandstats_failed_and_rejected(r, raw):
    r.config_resetstat()
    c = raw()
    c.cmd("SET", "s", "x")
    c.cmd("INCR", "s")          # executed, fails
    c.cmd("GET", "a", "b")      # rejected (arity)
    stats = r.info("commandstats")
    assert stats["cmdstat_incr"]["failed_calls"] == 1
    assert stats["cmdstat_incr"]["calls"] == 1
    assert stats["cmdstat_get"]["rejected_calls"] == 1
    assert stats["cmdstat_get"]["calls"] == 0


def test_info_expired_keys_stat(r):
    r.config_resetstat()
    r.set("e", 1, px=20)
    time.sleep(0.1)
    assert r.get("e") is None
    assert r.info("stats")["expired_keys"] >= 1


# ---------------------------------------------------------------- DBSIZE / FLUSH


def test_dbsize(r, raw):
    assert r.dbsize() == 0
    r.mset({"a": 1, "b": 2, "c": 3})
    assert r.dbsize() == 3
    r.delete("a")
    assert r.dbsize() == 2
    c = raw()
    c.cmd("SELECT", 1)
    assert c.cmd("DBSIZE") == 0
    assert c.cmd("DBSIZE", "x") == b"ERR wrong number of arguments for 'dbsize' command"


def test_flushdb_only_current_db(r, raw):
    c = raw()
    c.cmd("SELECT", 1)
    c.cmd("SET", "one", "1")
    r.set("zero", 0)
    assert c.cmd("FLUSHDB") == b"OK"
    assert c.cmd("DBSIZE") == 0
    assert r.dbsize() == 1


@pytest.mark.parametrize("args", [(), ("ASYNC",), ("SYNC",), ("async",)])
def test_flushall_variants(r, raw, args):
    c = raw()
    c.cmd("SELECT", 4)
    c.cmd("SET", "x", "1")
    r.mset({"a": 1, "b": 2})
    reply = c.cmd("FLUSHALL", *args)
    assert isinstance(reply, SimpleString) and reply == b"OK"
    assert c.cmd("DBSIZE") == 0
    assert r.dbsize() == 0


@pytest.mark.parametrize("args", [("ASYNC",), ("SYNC",)])
def test_flushdb_variants(r, args):
    r.set("a", 1)
    assert r.execute_command("FLUSHDB", *args) is True
    assert r.dbsize() == 0


@pytest.mark.parametrize("cmd", ["FLUSHALL", "FLUSHDB"])
def test_flush_syntax_error(raw, cmd):
    c = raw()
    assert c.cmd(cmd, "foo") == b"ERR syntax error"
    assert c.cmd(cmd, "SYNC", "ASYNC") == b"ERR syntax error"


# ---------------------------------------------------------------- TIME / LASTSAVE


def test_time(raw):
    reply = raw().cmd("TIME")
    assert isinstance(reply, list) and len(reply) == 2
    assert all(isinstance(x, bytes) for x in reply)   # bulk strings, not integers
    secs, usecs = int(reply[0]), int(reply[1])
    assert abs(secs - time.time()) < 5
    assert 0 <= usecs < 1000000


def test_time_redis_py(r):
    s, us = r.time()
    assert abs(s + us / 1e6 - time.time()) < 5


def test_lastsave(raw):
    reply = raw().cmd("LASTSAVE")
    assert isinstance(reply, int)
    assert 0 < reply <= time.time() + 5


# ---------------------------------------------------------------- CONFIG


def test_config_get_glob(rs):
    got = rs.config_get("*max*-entries*")
    assert len(got) > 0
    for name in ("hash-max-listpack-entries", "set-max-intset-entries",
                 "zset-max-listpack-entries", "stream-node-max-entries"):
        assert name in got
    for name, value in got.items():
        assert "max" in name and name.endswith("-entries")
        assert value.isdigit()


def test_config_get_maxclients(raw):
    reply = raw().cmd("CONFIG", "GET", "maxclients")
    assert reply[0] == b"maxclients" and int(reply[1]) > 0
    assert len(reply) == 2


def test_config_get_multiple_and_missing(raw):
    c = raw()
    assert c.cmd("CONFIG", "GET", "nosuchparam") == []
    reply = c.cmd("CONFIG", "GET", "maxclients", "timeout")
    d = dict(zip(reply[0::2], reply[1::2]))
    assert set(d) == {b"maxclients", b"timeout"}


def test_config_get_case_insensitive(raw):
    # an exact (non-glob) name is echoed back as the client spelled it
    reply = raw().cmd("CONFIG", "GET", "MAXCLIENTS")
    assert reply[0] == b"MAXCLIENTS"
    assert reply[1] == raw().cmd("CONFIG", "GET", "maxclients")[1]
    # a glob reply uses the canonical lower-case name
    reply = raw().cmd("CONFIG", "GET", "MAXCLIENT*")
    assert reply[0] == b"maxclients"


@pytest.mark.parametrize("value,canonical", [
    ("KEA", "AKE"), ("Kx", "xK"), ("Elg", "glE"), ("E$", "$E"), ("Kg", "gK"), ("", ""),
])
def test_config_set_get_notify_keyspace_events(r, restore_config, value, canonical):
    restore_config("notify-keyspace-events", value)
    assert r.config_get("notify-keyspace-events") == {"notify-keyspace-events": canonical}


def test_config_set_notify_invalid(raw):
    assert raw().cmd("CONFIG", "SET", "notify-keyspace-events", "Z") == (
        b"ERR CONFIG SET failed (possibly related to argument 'notify-keyspace-events') - "
        b"Invalid event class character. Use 'Ag$lshzxeKEtmdn'.")


def test_config_set_timeout_roundtrip(r, restore_config):
    restore_config("timeout", "300")
    assert r.config_get("timeout") == {"timeout": "300"}
    r.config_set("timeout", 0)
    assert r.config_get("timeout") == {"timeout": "0"}


def test_config_set_errors(raw):
    c = raw()
    assert c.cmd("CONFIG", "SET", "timeout", "abc") == (
        b"ERR CONFIG SET failed (possibly related to argument 'timeout') - "
        b"argument couldn't be parsed into an integer")
    assert c.cmd("CONFIG", "SET", "nosuch", "1") == \
        b"ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'"
    assert c.cmd("CONFIG", "SET", "timeout", "10", "timeout", "20") == (
        b"ERR CONFIG SET failed (possibly related to argument 'timeout') - duplicate parameter")
    assert c.cmd("CONFIG", "SET", "timeout") == \
        b"ERR wrong number of arguments for 'config|set' command"


def test_config_set_multiple(r, restore_config):
    restore_config("timeout", "0")
    restore_config("slowlog-max-len", "128")
    assert r.execute_command("CONFIG", "SET", "timeout", "5", "slowlog-max-len", "7") == b"OK"
    assert r.config_get("timeout") == {"timeout": "5"}
    assert r.config_get("slowlog-max-len") == {"slowlog-max-len": "7"}


def test_config_resetstat(r):
    r.get("x")
    r.get("y")
    assert r.config_resetstat() is True
    stats = r.info("commandstats")
    assert "cmdstat_get" not in stats
    assert r.info("stats")["keyspace_misses"] == 0


# ---------------------------------------------------------------- COMMAND


def test_command_count(raw):
    n = raw().cmd("COMMAND", "COUNT")
    assert isinstance(n, int) and n > 0


@pytest.mark.parametrize("name,arity,flags,first,last,step,cats", [
    ("get", 2, [b"readonly", b"fast"], 1, 1, 1, [b"@read", b"@string", b"@fast"]),
    ("set", -3, [b"write", b"denyoom"], 1, 1, 1, [b"@write", b"@string", b"@slow"]),
    ("del", -2, [b"write"], 1, -1, 1, [b"@keyspace", b"@write", b"@slow"]),
    ("mset", -3, [b"write", b"denyoom"], 1, -1, 2, [b"@write", b"@string", b"@slow"]),
    ("ping", -1, [b"fast"], 0, 0, 0, [b"@fast", b"@connection"]),
    ("incr", 2, [b"write", b"denyoom", b"fast"], 1, 1, 1, [b"@write", b"@string", b"@fast"]),
])
def test_command_info(raw, name, arity, flags, first, last, step, cats):
    reply = raw().cmd("COMMAND", "INFO", name)
    assert isinstance(reply, list) and len(reply) == 1
    info = reply[0]
    assert len(info) == 10
    assert info[0] == name.encode() and not isinstance(info[0], SimpleString)
    assert info[1] == arity
    assert info[2] == flags
    assert all(isinstance(f, SimpleString) for f in info[2])   # flags are status replies
    assert info[3:6] == [first, last, step]
    assert sorted(info[6]) == sorted(cats)
    assert isinstance(info[7], list)   # tips
    assert isinstance(info[8], list)   # key specs
    assert isinstance(info[9], list)   # subcommands


def test_command_info_get_key_spec(raw):
    info = raw().cmd("COMMAND", "INFO", "get")[0]
    assert info[7] == []
    assert info[9] == []
    assert len(info[8]) == 1
    spec = info[8][0]
    d = dict(zip(spec[0::2], spec[1::2]))
    assert d[b"flags"] == [b"RO", b"access"]
    assert d[b"begin_search"] == [b"type", b"index", b"spec", [b"index", 1]]
    assert d[b"find_keys"] == [b"type", b"range", b"spec",
                               [b"lastkey", 0, b"keystep", 1, b"limit", 0]]


def test_command_info_unknown_and_multiple(raw):
    reply = raw().cmd("COMMAND", "INFO", "nosuchcommand", "GET")
    assert len(reply) == 2
    assert reply[0] is NULL_BULK
    assert reply[1][0] == b"get"


def test_command_info_subcommands(raw):
    info = raw().cmd("COMMAND", "INFO", "config")[0]
    assert info[0] == b"config"
    assert info[1] == -2
    subs = {s[0]: s for s in info[9]}
    assert b"config|get" in subs and b"config|set" in subs
    assert subs[b"config|get"][1] == -3


def test_command_docs_get(raw):
    reply = raw().cmd("COMMAND", "DOCS", "get")
    assert len(reply) == 2 and reply[0] == b"get"
    docs = dict(zip(reply[1][0::2], reply[1][1::2]))
    assert docs[b"summary"] == b"Get the value of a key"
    assert docs[b"since"] == b"1.0.0"
    assert docs[b"group"] == b"string"
    assert docs[b"complexity"] == b"O(1)"
    args = docs[b"arguments"]
    assert len(args) == 1
    arg = dict(zip(args[0][0::2], args[0][1::2]))
    assert arg[b"name"] == b"key"
    assert arg[b"type"] == b"key"


def test_command_docs_unknown(raw):
    assert raw().cmd("COMMAND", "DOCS", "nosuchcommand") == []


def test_command_list(raw):
    # COMMAND LIST also lists subcommands ("config|get"); COMMAND COUNT does not
    names = raw().cmd("COMMAND", "LIST")
    top = [n for n in names if b"|" not in n]
    assert len(top) == raw().cmd("COMMAND", "COUNT")
    assert len(set(names)) == len(names)
    for n in (b"get", b"set", b"ping", b"config", b"client", b"command", b"scan",
              b"config|get", b"client|list", b"command|info"):
        assert n in names


def test_command_list_filterby_pattern(raw):
    names = raw().cmd("COMMAND", "LIST", "FILTERBY", "PATTERN", "get*")
    assert sorted(names) == sorted([b"get", b"getbit", b"getdel", b"getex", b"getrange",
                                    b"getset"])


def test_command_list_filterby_errors(raw):
    c = raw()
    assert c.cmd("COMMAND", "LIST", "FILTERBY", "foo") == b"ERR syntax error"
    assert c.cmd("COMMAND", "LIST", "FILTERBY", "ACLCAT", "nosuch") == []


def test_command_without_args(raw):
    reply = raw().cmd("COMMAND")
    assert len(reply) == raw().cmd("COMMAND", "COUNT")
    names = [entry[0] for entry in reply]
    assert b"get" in names


@pytest.mark.parametrize("args,keys", [
    (["set", "a", "b"], [b"a"]),
    (["SET", "key", "v", "EX", "10"], [b"key"]),
    (["get", "k"], [b"k"]),
    (["mset", "a", "1", "b", "2"], [b"a", b"b"]),
    (["del", "x", "y", "z"], [b"x", b"y", b"z"]),
    (["rename", "src", "dst"], [b"src", b"dst"]),
    (["copy", "s", "d", "REPLACE"], [b"s", b"d"]),
    (["bitop", "and", "dest", "k1", "k2"], [b"dest", b"k1", b"k2"]),
])
def test_command_getkeys(raw, args, keys):
    assert raw().cmd("COMMAND", "GETKEYS", *args) == keys


def test_command_getkeys_errors(raw):
    c = raw()
    assert c.cmd("COMMAND", "GETKEYS", "ping", "x") == b"ERR The command has no key arguments"
    assert c.cmd("COMMAND", "GETKEYS", "nosuch", "a") == b"ERR Invalid command specified"
    assert c.cmd("COMMAND", "GETKEYS", "get", "a", "b") == \
        b"ERR Invalid number of arguments specified for command"
    assert c.cmd("COMMAND", "GETKEYS", "get") == \
        b"ERR wrong number of arguments for 'command|getkeys' command"


# ---------------------------------------------------------------- SLOWLOG


@pytest.fixture
def slowlog_all(r, restore_config):
    restore_config("slowlog-log-slower-than", "0")
    restore_config("slowlog-max-len", "128")
    r.slowlog_reset()
    return r


def test_slowlog_get_len_reset(slowlog_all, raw):
    r = slowlog_all
    c = raw()
    c.cmd("CLIENT", "SETNAME", "slowpoke")
    c.cmd("SET", "a", "b")
    entries = c.cmd("SLOWLOG", "GET")
    assert len(entries) >= 2
    newest = entries[0]
    assert len(newest) == 6
    eid, ts, duration, args, addr, name = newest
    assert isinstance(eid, int) and isinstance(duration, int) and duration >= 0
    assert abs(ts - time.time()) < 10
    assert args == [b"SET", b"a", b"b"]
    assert addr == ("127.0.0.1:%d" % c.sock.getsockname()[1]).encode()
    assert name == b"slowpoke"
    # ids are decreasing: newest first
    ids = [e[0] for e in entries]
    assert ids == sorted(ids, reverse=True)
    n = c.cmd("SLOWLOG", "LEN")
    assert isinstance(n, int) and n >= 3
    assert c.cmd("SLOWLOG", "RESET") == b"OK"
    # the RESET itself is logged after the log is emptied
    assert c.cmd("SLOWLOG", "LEN") == 1
    assert [e[3] for e in c.cmd("SLOWLOG", "GET")] == [[b"SLOWLOG", b"LEN"],
                                                       [b"SLOWLOG", b"RESET"]]


def test_slowlog_get_count(slowlog_all, raw):
    c = raw()
    for i in range(15):
        c.cmd("PING")
    assert len(c.cmd("SLOWLOG", "GET")) == 10          # default count
    assert len(c.cmd("SLOWLOG", "GET", 3)) == 3
    assert c.cmd("SLOWLOG", "GET", 0) == []
    everything = c.cmd("SLOWLOG", "GET", -1)
    assert len(everything) >= 15
    assert c.cmd("SLOWLOG", "GET", -2) == b"ERR count should be greater than or equal to -1"


def test_slowlog_argument_truncation(slowlog_all, raw):
    c = raw()
    c.cmd("ECHO", "x" * 200)
    c.cmd("DEL", *["k%d" % i for i in range(40)])
    entries = c.cmd("SLOWLOG", "GET", 2)
    assert entries[0][3] == [b"DEL"] + [b"k%d" % i for i in range(30)] + \
        [b"... (10 more arguments)"]
    assert entries[1][3] == [b"ECHO", b"x" * 128 + b"... (72 more bytes)"]


def test_slowlog_max_len(slowlog_all, raw):
    slowlog_all.config_set("slowlog-max-len", 3)
    c = raw()
    for _ in range(10):
        c.cmd("PING")
    assert c.cmd("SLOWLOG", "LEN") == 3


def test_slowlog_threshold(r, restore_config, raw):
    restore_config("slowlog-log-slower-than", "10000000")
    r.slowlog_reset()
    c = raw()
    for _ in range(5):
        c.cmd("SET", "a", "b")
    assert c.cmd("SLOWLOG", "LEN") == 0


# ---------------------------------------------------------------- SHUTDOWN / config file


def test_shutdown_nosave(server_factory):
    srv = server_factory()
    c = srv.raw()
    c.cmd("SET", "k", "v")
    c.send(b"SHUTDOWN NOSAVE\r\n")
    assert c.is_closed_by_peer(timeout=10)
    assert c.buf == b""   # no reply on success
    srv.proc.wait(timeout=10)
    assert srv.proc.returncode == 0
    with pytest.raises(redis.ConnectionError):
        srv.client(socket_connect_timeout=1).ping()


def test_shutdown_syntax_error(raw):
    assert raw().cmd("SHUTDOWN", "FOO") == b"ERR syntax error"


def test_start_with_extra_options(server_factory):
    srv = server_factory("--notify-keyspace-events", "KEA", "--timeout", "123")
    c = srv.client()
    assert c.config_get("notify-keyspace-events") == {"notify-keyspace-events": "AKE"}
    assert c.config_get("timeout") == {"timeout": "123"}
    c.close()


def test_io_threads_serve_concurrent_clients(server_factory):
    srv = server_factory("--io-threads", "2")
    clients = [srv.client() for _ in range(8)]
    assert clients[0].config_get("io-threads") == {"io-threads": "2"}
    for i, c in enumerate(clients):
        c.set("k%d" % i, i)
    assert [int(c.get("k%d" % i)) for i, c in enumerate(clients)] == list(range(8))
    with pytest.raises(redis.ResponseError, match="can't set immutable config"):
        clients[0].config_set("io-threads", 4)
    for c in clients:
        c.close()


def test_start_with_config_file(server_factory, tmp_path):
    conf = tmp_path / "hotgears.conf"
    conf.write_text("# test config\n"
                    "notify-keyspace-events Kg\n"
                    "timeout 77\n"
                    "slowlog-max-len 42\n")
    srv = server_factory(conf=str(conf))
    c = srv.client()
    assert c.config_get("notify-keyspace-events") == {"notify-keyspace-events": "gK"}
    assert c.config_get("timeout") == {"timeout": "77"}
    assert c.config_get("slowlog-max-len") == {"slowlog-max-len": "42"}
    c.close()
