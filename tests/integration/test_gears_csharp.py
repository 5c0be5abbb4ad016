"""C# gears (RG.CSEXECUTE) through redis-py against the real server.

Every expected reply is what RedisGears 1.2 replies for the equivalent Python gear
(shared/spec/redisgears-1.2.md): str() rendering of results, the quirks of section 9, the
reply shapes and error texts of section 1. C#-only behaviour (compile errors, the
allow-list) follows the C# gears contract of issue 4.
"""
import re
import time

import pytest
import redis

from harness import wait_for

pytestmark = pytest.mark.usefixtures("no_registrations_left")

EXEC_ID = re.compile(r"^0{40}-\d+$")


def cs(rs, code, *options):
    return rs.execute_command("RG.CSEXECUTE", code, *options)


def cs_error(rs, code, *options):
    with pytest.raises(redis.ResponseError) as err:
        cs(rs, code, *options)
    return str(err.value)


def run(rs, code, *options):
    """A blocking run: [[results], [errors]]."""
    results, errors = cs(rs, code, *options)
    return results, errors


def needs_engine_support(rs, probe, missing_error):
    """xfail while the engine lacks a reader mode (its own refusal text), so the test runs once it lands."""
    try:
        cs(rs, probe)
    except redis.ResponseError as err:
        if str(err) == missing_error:
            pytest.xfail(f"engine: not supported yet ({missing_error})")
        raise


def needs_stream_run(rs):
    needs_engine_support(rs, 'GB(StreamReader).Run("probe:none");', "Given reader do not support run or not exists")


def needs_register(rs, reader):
    needs_engine_support(rs, f'GB({reader}).Register("probe:none", trigger: "probe:none");',
                         "given reader does not exists or does not support register")
    for registration in rs.execute_command("RG.DUMPREGISTRATIONS"):  # the probe is not part of the test
        rs.execute_command("RG.UNREGISTER", registration[1])


# ---------------------------------------------------------------------------
# RG.CSEXECUTE replies
# ---------------------------------------------------------------------------

def test_script_without_action_replies_ok(rs):
    assert cs(rs, "var x = 1 + 1;") == "OK"


def test_blocking_run_replies_results_and_errors(rs):
    rs.set("x", "1")
    assert run(rs, "GB().Map(r => r.Key).Run();") == (["x"], [])


def test_unblocking_run_replies_the_execution_id(rs):
    rs.set("x", "1")
    execution_id = cs(rs, "GB().Map(r => r.Key).Run();", "UNBLOCKING")
    assert EXEC_ID.match(execution_id)
    assert rs.execute_command("RG.GETRESULTSBLOCKING", execution_id) == [["x"], []]
    assert rs.execute_command("RG.GETRESULTS", execution_id) == [["x"], []]
    dump = rs.execute_command("RG.DUMPEXECUTIONS")
    assert ["executionId", execution_id, "status", "done", "registered", 0] in dump
    plan = rs.execute_command("RG.GETEXECUTION", execution_id)
    assert plan[0][0] == "shard_id" and plan[0][1] == "0" * 40
    assert plan[0][3][0:2] == ["status", "done"]
    assert rs.execute_command("RG.DROPEXECUTION", execution_id) == "OK"
    with pytest.raises(redis.ResponseError, match="execution plan does not exist"):
        rs.execute_command("RG.GETRESULTS", execution_id)


def test_blocking_runs_leave_the_executions_list(rs):
    before = rs.execute_command("RG.DUMPEXECUTIONS")
    run(rs, "GB().Run();")
    assert rs.execute_command("RG.DUMPEXECUTIONS") == before


def test_compiling_does_not_block_other_clients(server_proc, rs):
    import threading
    # A long script of its own text (so not cached): Roslyn takes a while on it.
    code = "\n".join(f"var v{i} = {i} * 2 + new List<int> {{ {i} }}.Sum();" for i in range(800)) + f"\n// {time.time()}"
    client = server_proc.client(decode_responses=True, socket_timeout=120)
    outcome = {}
    worker = threading.Thread(target=lambda: outcome.update(reply=client.execute_command("RG.CSEXECUTE", code)))
    started = time.time()
    worker.start()
    slowest = 0.0
    while worker.is_alive() and time.time() - started < 60:
        t = time.time()
        assert rs.ping()
        slowest = max(slowest, time.time() - t)
        time.sleep(0.01)
    worker.join()
    client.close()
    assert outcome["reply"] == "OK"
    assert time.time() - started > 0.2, "the compile was too quick to show anything"
    assert slowest < 0.5


def test_register_replies_ok(rs):
    assert cs(rs, "GB().Register();") == "OK"
    assert len(rs.execute_command("RG.DUMPREGISTRATIONS")) == 1


def test_only_one_run_per_script(rs):
    assert cs_error(rs, "GB().Run(); GB().Run();") == "Can not run more then 1 executions in a single script"


def test_compile_error_names_line_and_column(rs):
    assert cs_error(rs, "var x = 1;\nnope();") == \
        "2:1: error CS0103: The name 'nope' does not exist in the current context"


@pytest.mark.parametrize("code, fragment", [
    ('System.IO.File.Delete("x");', "namespace System.IO is not allowed in C# gears (file system)"),
    ('System.Diagnostics.Process.Start("sh");', "namespace System.Diagnostics is not allowed in C# gears (processes)"),
    ("Environment.Exit(1);", "System.Environment.Exit is not allowed in C# gears"),
    ('var t = Type.GetType("System.String");', "System.Type.GetType is not allowed in C# gears (reflection)"),
    ("unsafe { int* p = null; }", "unsafe code is not allowed in C# gears"),
    ('[System.Runtime.InteropServices.DllImport("libc")] static extern int getpid();', "is not allowed in C# gears"),
    ("dynamic d = 1;", "dynamic is not allowed in C# gears"),
])
def test_allow_list_refuses_at_compile_time(rs, code, fragment):
    rs.set("canary", "1")
    assert fragment in cs_error(rs, code)
    assert rs.get("canary") == "1"


def test_script_exception_is_the_error_reply(rs):
    assert cs_error(rs, 'throw new InvalidOperationException("top level");') == "top level"
    assert cs_error(rs, 'throw FlatError("flat");') == "flat"


@pytest.mark.parametrize("recursion", [
    'int F(int x) => F(x + 1) + 1; GB().Map(r => F(1)).Run();',
    'Func<int, int> f = null!; f = x => f(x + 1) + 1; GB().Map(r => f(1)).Run();',
    'class C { public int P => P + 1; } GB().Map(r => new C().P).Run();',
    'int G(int x) { return G(x + 1) + 1; } var n = G(1);',
])
def test_runaway_recursion_is_an_error_not_a_crash(rs, recursion):
    rs.set("canary", "1")
    try:
        reply = cs(rs, recursion)
        errors = reply[1]
        assert errors and "the gear recursed too deeply" in errors[0]
    except redis.ResponseError as err:  # recursion in the script's own statements
        assert "the gear recursed too deeply" in str(err)
    assert rs.get("canary") == "1"


def test_session_options(rs):
    code = 'GB().Register("k1");'
    assert cs(rs, code, "ID", "s1", "DESCRIPTION", "my session") == "OK"
    assert cs_error(rs, code, "ID", "s1") == "Session s1 already exists"
    assert cs(rs, code, "ID", "s1", "UPGRADE") == "OK"
    assert len(rs.execute_command("RG.DUMPREGISTRATIONS")) == 1  # the old registration went
    assert cs(rs, code, "upgrade", "id", "s-new") == "OK"  # UPGRADE of a missing session creates it
    assert cs_error(rs, code, "ID", "bad id") == "ID must be compose of: ['A'-'Z' | 'a'-'z' | '0' - '9' | '-' | '_']"
    assert cs_error(rs, code, "ID") == "ID is missing"
    assert cs_error(rs, code, "DESCRIPTION") == "DESCRIPTION is missing"
    assert cs_error(rs, code, "REPLACE_WITH") == "REPLACE_WITH is missing"
    assert cs_error(rs, code, "BOGUS") == "Unknown arguments were given: BOGUS"
    assert cs_error(rs, code, "ID", "s2", "REPLACE_WITH", "nope") == "Can not replace with nope, session does not exists."
    assert cs_error(rs, code, "ID", "s1", "REPLACE_WITH", "s-new") == "Can not replace an existing session s1 with s-new"
    assert cs(rs, code, "ID", "s3", "REPLACE_WITH", "s1") == "OK"
    assert len(rs.execute_command("RG.DUMPREGISTRATIONS")) == 2  # s3 replaced s1; s-new stays


def test_failed_script_rolls_back_its_registrations(rs):
    assert cs_error(rs, 'GB().Register(); throw new Exception("no");') == "no"
    assert rs.execute_command("RG.DUMPREGISTRATIONS") == []


def test_csexecute_inside_multi_is_refused(rs):
    pipe = rs.pipeline(transaction=True)
    pipe.execute_command("RG.CSEXECUTE", "GB().Run();")
    result = pipe.execute(raise_on_error=False)[0]
    assert isinstance(result, redis.ResponseError)
    assert str(result) == "Can not run gears inside a multi exec, lua, or when blocking is not allowed"


# ---------------------------------------------------------------------------
# convertToStr rendering (Python's str()) and convertToStr=false replies
# ---------------------------------------------------------------------------

def test_str_rendering_of_values(rs):
    results, errors = run(rs, """
        GB(Sequence).Run(new object?[] {
            49.5, 3.0, 1e16, 0.1, null, true, false, 7L, "plain", "it's",
            new List<object?> { "a", 1L, 2.5, null }, ("mul", 6L), Tuple.Create("one"),
            new Dictionary<string, object?> { ["k"] = "v", ["n"] = 1L },
        });
        """)
    assert errors == []
    assert results == ["49.5", "3.0", "1e+16", "0.1", "None", "True", "False", "7", "plain", "it's",
                       "['a', 1, 2.5, None]", "('mul', 6)", "('one',)", "{'k': 'v', 'n': 1}"]


def test_records_render_as_python_dicts(rs):
    rs.set("s", "1")
    rs.hset("h", "f", "v")
    rs.rpush("l", "a", "b")
    results, errors = run(rs, "GB().Run();")
    assert errors == []
    assert sorted(results) == sorted([
        "{'event': None, 'key': 's', 'type': 'string', 'value': '1'}",
        "{'event': None, 'key': 'h', 'type': 'hash', 'value': {'f': 'v'}}",
        "{'event': None, 'key': 'l', 'type': 'list', 'value': ['a', 'b']}",
    ])


def test_convert_to_str_false_replies(r):
    results, errors = r.execute_command("RG.CSEXECUTE", """
        GB(Sequence).Run(new object?[] { 1.5, 7L, true, "+OK", "bulk", new List<object?> { 1L, "x" },
            new Dictionary<string, string>(), null, "-ERR custom" }, convertToStr: false);
        """)
    assert errors == []
    assert results[:8] == [b"1.500000", 7, 1, b"OK", b"bulk", [1, b"x"], b"PY RECORD", b"PY RECORD"]
    assert isinstance(results[8], redis.ResponseError) and str(results[8]) == "custom"  # redis-py drops the "ERR " code


# ---------------------------------------------------------------------------
# KeysReader / KeysOnlyReader / StreamReader / ShardsIDReader / Sequence in batch mode
# ---------------------------------------------------------------------------

def test_keys_reader_glob_and_options(rs):
    rs.mset({"a1": "1", "a2": "2", "b1": "3"})
    results, _ = run(rs, 'GB().Map(r => r.Key).Run("a*");')
    assert sorted(results) == ["a1", "a2"]
    assert run(rs, 'GB().Run("a1", readValue: false);') == (["{'event': None, 'key': 'a1'}"], [])
    assert run(rs, 'GB().Run("missing", noScan: true);') == \
        (["{'event': None, 'key': 'missing', 'type': 'empty', 'value': None}"], [])
    assert run(rs, 'GB(KeysReader, "b*").Map(r => r.Key).Run();') == (["b1"], [])


def test_keys_only_reader(rs):
    rs.mset({"a1": "1", "a2": "2", "b1": "3"})
    results, errors = run(rs, 'GB(KeysOnlyReader).Run("a*");')
    assert errors == [] and sorted(results) == ["a1", "a2"]


def test_stream_reader_batch(rs):
    needs_stream_run(rs)
    rs.xadd("s", {"f": "v"}, id="1-0")
    rs.xadd("s", {"g": "w", "h": "x"}, id="2-0")
    assert run(rs, 'GB(StreamReader).Run("s");') == ([
        "{'id': '1-0', 'key': 's', 'value': {'f': 'v'}}",
        "{'id': '2-0', 'key': 's', 'value': {'g': 'w', 'h': 'x'}}"], [])
    assert run(rs, 'GB(StreamReader).Map(r => r.Id).Run("s", fromId: "1-0");') == (["2-0"], [])


def test_shards_id_reader(rs):
    assert run(rs, "GB(ShardsIDReader).Run();") == (["1"], [])


def test_reader_by_name(rs):
    rs.set("x", "1")
    assert run(rs, 'GB("KeysReader").Map(r => ((KeyRecord)r!).Key).Run();') == (["x"], [])
    assert cs_error(rs, 'GB("NoSuchReader");') == "the given reader are not exists"


# ---------------------------------------------------------------------------
# Operations and the quirks of spec section 9
# ---------------------------------------------------------------------------

QA, Q1 = '"a"', '"1"'  # C# string literals


def seq(values):
    return "new object?[] { " + ", ".join(values) + " }"


def test_flatmap_emits_last_to_first(rs):
    assert run(rs, f'GB(Sequence).FlatMap(x => new[] {{ "a", "b", "c" }}).Run({seq(["1L"])});') == (["c", "b", "a"], [])


def test_sort_default_is_observably_ascending(rs):
    rs.mset({"b": "1", "c": "1", "a": "1"})
    assert run(rs, "GB().Map(r => r.Key).Sort().Run();") == (["a", "b", "c"], [])
    assert run(rs, "GB().Map(r => r.Key).Sort(reverse: false).Run();") == (["c", "b", "a"], [])


def test_count_and_accumulate_emit_nothing_for_no_input(rs):
    assert run(rs, "GB().Count().Run();") == ([], [])
    assert run(rs, "GB().Accumulate<long>((a, r) => a + 1).Run();") == ([], [])
    assert run(rs, "GB().Aggregate(0L, (a, r) => a + 1, (a, b) => a + b).Run();") == ([], [])
    rs.mset({"x": "1", "y": "2"})
    assert run(rs, "GB().Count().Run();") == (["2"], [])
    assert run(rs, "GB().Accumulate<long>((a, r) => a + 1).Run();") == (["2"], [])


def test_aggregate_replaces_falsy_accumulators_with_zero(rs):
    # seqOp returns 0 (falsy) for every record: each call starts again from deepcopy(zero) = 10.
    assert run(rs, f"GB(Sequence).Aggregate(10L, (a, r) => a == 10 ? 0L : 99L, (a, b) => a + b).Run({seq(['1L', '2L'])});") \
        == (["10"], [])


def test_group_keys_are_strings(rs):
    results, errors = run(rs, f"GB(Sequence).CountBy().Run({seq(['100L', '100L', QA])});")
    assert errors == []
    assert sorted(results) == ["{'key': '100', 'value': 2}", "{'key': 'a', 'value': 1}"]


def test_groupby_batchgroupby_aggregateby(rs):
    rs.mset({"a:1": "1", "a:2": "2", "b:1": "3"})
    results, _ = run(rs, "GB().GroupBy(r => r.Key[..1], (string k, long a, KeyRecord r) => a + long.Parse((string)r.Value!)).Run();")
    assert sorted(results) == ["{'key': 'a', 'value': 3}", "{'key': 'b', 'value': 3}"]
    results, _ = run(rs, "GB().BatchGroupBy(r => r.Key[..1], (k, rs) => rs.Count).Run();")
    assert sorted(results) == ["{'key': 'a', 'value': 2}", "{'key': 'b', 'value': 1}"]
    results, _ = run(rs, "GB().AggregateBy(r => r.Key[..1], 0L, (k, a, r) => a + 1, (k, a, b) => a + b).Run();")
    assert sorted(results) == ["{'key': 'a', 'value': 2}", "{'key': 'b', 'value': 1}"]
    results, _ = run(rs, "GB().LocalGroupBy(r => r.Key[..1], (string k, long a, KeyRecord r) => a + 1).Run();")
    assert sorted(results) == ["{'key': 'a', 'value': 2}", "{'key': 'b', 'value': 1}"]


def test_avg_distinct_limit_filter_foreach(rs):
    assert run(rs, f"GB(Sequence).Avg().Run({seq(['1L', '2L'])});") == (["1.5"], [])
    assert run(rs, f"GB(Sequence).Avg().Run({seq(['2L', '4L'])});") == (["3.0"], [])
    # 1 == 1.0 in Python: the set keeps the first; '1' is another value.
    results, _ = run(rs, f"GB(Sequence).Distinct().Run({seq(['1L', '1.0', Q1, '2L'])});")
    assert sorted(results) == ["1", "1", "2"]
    assert run(rs, f"GB(Sequence).Limit(2, 1).Run({seq(['1L', '2L', '3L', '4L'])});") == (["2", "3"], [])
    assert run(rs, f"GB(Sequence).Filter(x => (long)x! % 2 == 0).Run({seq(['1L', '2L', '3L', '4L'])});") == (["2", "4"], [])
    assert run(rs, f'GB(Sequence).ForEach(x => Execute("INCR", "seen")).Run({seq(["1L", "2L"])});') == (["1", "2"], [])
    assert rs.get("seen") == "2"
    assert run(rs, f"GB(Sequence).Collect().Repartition(x => x).Run({seq(['1L'])});") == (["1"], [])


def test_callback_errors_are_collected_per_record(rs):
    results, errors = run(rs, f"""
        GB(Sequence).Map(x => (long)x! == 2 ? throw new InvalidOperationException("bad " + x) : x).Run({seq(['1L', '2L', '3L'])});
        """)
    assert results == ["1", "3"]
    assert errors == ["bad 2"]
    assert run(rs, f'GB(Sequence).Map<string>(x => throw FlatError("PAUSE x")).Run({seq(["1L"])});') == ([], ["PAUSE x"])


def test_sort_of_mixed_types_fails_like_python(rs):
    results, errors = run(rs, f"GB(Sequence).Sort().Run({seq(['1L', QA])});")
    assert results == []
    assert len(errors) == 1 and "'<' not supported between instances of" in errors[0]


# ---------------------------------------------------------------------------
# Builtins
# ---------------------------------------------------------------------------

def test_execute_returns_redis_values_and_raises_errors(rs):
    rs.set("k", "v")
    rs.rpush("l", "a", "b")
    assert cs(rs, 'GB(Sequence).Map(x => Execute("LRANGE", "l", "0", "-1")).Run(new object?[] { 1L }, convertToStr: false);') \
        == [[["a", "b"]], []]
    assert run(rs, 'GB(Sequence).Map(x => Execute("LRANGE", "l", 0, -1)).Run(new object?[] { 1L });') == (["['a', 'b']"], [])
    results, errors = run(rs, 'GB(Sequence).Map(x => Execute("LPUSH", "k", "x")).Run(new object?[] { 1L });')
    assert results == []
    assert errors == ["WRONGTYPE Operation against a key holding the wrong kind of value"]
    assert run(rs, 'GB(Sequence).Map(x => Execute("GET", "k")).Run(new object?[] { 1L });') == (["v"], [])
    assert run(rs, 'GB(Sequence).Map(x => Execute("GET", "none")).Run(new object?[] { 1L });') == (["None"], [])
    assert run(rs, 'GB(Sequence).Map(x => Execute("INCR", "n")).Run(new object?[] { 1L });') == (["1"], [])


def test_atomic_hashtag_log_configget(rs):
    code = """
        GB(Sequence).Map(x => {
            using (Atomic()) { Execute("SET", "a", "1"); Execute("SET", "b", "2"); }
            Log("hello from a C# gear");
            return Hashtag() + ":" + (ConfigGet("MyKey") ?? "unset");
        }).Run(new object?[] { 1L });
        """
    assert run(rs, code) == (["06S:unset"], [])
    assert rs.execute_command("RG.CONFIGSET", "MyKey", "v1") == ["OK - value was saved in extra config dictionary"]
    assert run(rs, code) == (["06S:v1"], [])
    assert rs.mget("a", "b") == ["1", "2"]
    results, errors = run(rs, """
        GB(Sequence).Map(x => { using (Atomic()) { using (Atomic()) { } } return x; }).Run(new object?[] { 1L });
        """)
    assert results == [] and errors == ["Already inside an atomic block"]


def test_abort_execution(rs):
    # The loop never checks the token itself: the guard the compiler puts in every loop body does.
    execution_id = cs(rs, """
        GB(Sequence).Map(x => { long n = 0; while (true) n++; return n; }).Run(new object?[] { 1L });
        """, "UNBLOCKING")
    time.sleep(0.2)
    assert rs.ping()
    started = time.time()
    assert rs.execute_command("RG.ABORTEXECUTION", execution_id) == "OK"
    assert time.time() - started < 1.5
    results, errors = rs.execute_command("RG.GETRESULTSBLOCKING", execution_id)
    assert results == [] and len(errors) == 1
    assert rs.execute_command("RG.ABORTEXECUTION", execution_id) == "OK"  # already done: OK
    with pytest.raises(redis.ResponseError, match="execution does not exist"):
        rs.execute_command("RG.ABORTEXECUTION", "0" * 40 + "-999999")


# ---------------------------------------------------------------------------
# Event mode: KeysReader, StreamReader, CommandReader; registration modes
# ---------------------------------------------------------------------------

KEY_EVENT_GEAR = """
GB().Filter(r => !r.Key.StartsWith("out:"))
    .ForEach(r => Execute("RPUSH", "out:" + r.Key, (r.Event ?? "none") + ":" + (r.Type ?? "-")))
    .Register("in:*", mode: "{mode}"{extra});
"""


def register_keys(rs, mode, extra=""):
    assert cs(rs, KEY_EVENT_GEAR.replace("{mode}", mode).replace("{extra}", extra)) == "OK"


def test_keys_reader_sync_registration_runs_inside_the_command(rs):
    register_keys(rs, "sync")
    rs.set("in:1", "v")
    assert rs.lrange("out:in:1", 0, -1) == ["set:string"]
    rs.set("other", "v")
    assert not rs.exists("out:other")  # prefix 'in:*'


@pytest.mark.parametrize("mode", ["async", "async_local"])
def test_keys_reader_background_registrations(rs, mode):
    register_keys(rs, mode)
    rs.set("in:1", "v")
    # The value is read when the execution runs (as in RedisGears): let it see the key before the del.
    assert wait_for(lambda: rs.llen("out:in:1") == 1)
    rs.delete("in:1")
    assert wait_for(lambda: rs.llen("out:in:1") == 2)
    assert rs.lrange("out:in:1", 0, -1) == ["set:string", "del:empty"]  # one at a time, in trigger order


def test_keys_reader_event_and_key_type_filters(rs):
    register_keys(rs, "sync", ', eventTypes: new[] { "hset" }, keyTypes: new[] { "hash" }')
    rs.set("in:s", "v")
    rs.hset("in:h", "f", "v")
    assert rs.lrange("out:in:h", 0, -1) == ["hset:hash"]
    assert not rs.exists("out:in:s")


def test_keys_reader_exact_prefix_and_read_value(rs):
    assert cs(rs, 'GB().ForEach(r => Execute("SET", "out", r.ToString())).Register("exact", mode: "sync", readValue: false);') == "OK"
    rs.set("exact1", "v")
    assert not rs.exists("out")  # no trailing '*': an exact key name
    assert cs(rs, """GB().Map(r => r.Value).Filter(v => v == null).ForEach(v => Execute("INCR", "nulls"))
        .Register("exact", mode: "sync", readValue: false);""") == "OK"
    rs.set("exact", "v")
    assert rs.get("nulls") == "1"


def test_registration_counters_and_unregister(rs):
    register_keys(rs, "sync")
    rs.set("in:1", "v")
    (entry,) = rs.execute_command("RG.DUMPREGISTRATIONS")
    assert entry[0] == "id" and entry[2:4] == ["reader", "KeysReader"]
    data = entry[7]
    assert data[0:2] == ["mode", "sync"]
    assert data[2:4] == ["numTriggered", 1] and data[4:6] == ["numSuccess", 1]
    assert rs.execute_command("RG.UNREGISTER", entry[1]) == "OK"
    rs.set("in:2", "v")
    assert not rs.exists("out:in:2")
    with pytest.raises(redis.ResponseError, match="execution is not registered"):
        rs.execute_command("RG.UNREGISTER", entry[1])


def test_register_returns_the_registration_id_and_desc(rs):
    assert cs(rs, """
        var id = GB(KeysReader, desc: "described").Register("nothing:*");
        GB().ForEach(r => Execute("SET", "reg-id", id)).Register("trig", mode: "sync");
        """) == "OK"
    rs.set("trig", "1")
    registration_id = rs.get("reg-id")
    assert EXEC_ID.match(registration_id)
    entry = next(e for e in rs.execute_command("RG.DUMPREGISTRATIONS") if e[1] == registration_id)
    assert entry[2:6] == ["reader", "KeysReader", "desc", "described"]


def test_on_registered_is_called(rs):
    assert cs(rs, 'GB().Register("x:*", onRegistered: () => Execute("SET", "registered", "yes"));') == "OK"
    assert wait_for(lambda: rs.get("registered") == "yes")


def test_stream_reader_registration(rs):
    needs_register(rs, "StreamReader")
    assert cs(rs, """
        GB(StreamReader).ForEach(r => Execute("RPUSH", "seen", r.Key + "/" + r.Value["f"])).Register("st*", mode: "async_local");
        """) == "OK"
    rs.xadd("st1", {"f": "a"})
    rs.xadd("st1", {"f": "b"})
    assert wait_for(lambda: rs.llen("seen") == 2)
    assert rs.lrange("seen", 0, -1) == ["st1/a", "st1/b"]
    assert wait_for(lambda: rs.xlen("st1") == 0)  # trimStream=True: processed entries are trimmed
    (entry,) = rs.execute_command("RG.DUMPREGISTRATIONS")
    assert entry[3] == "StreamReader"
    assert rs.execute_command("RG.PAUSEREGISTRATIONS", entry[1]) == "OK"
    assert rs.execute_command("RG.UNPAUSEREGISTRATIONS", entry[1]) == "OK"


def test_stream_reader_batches(rs):
    needs_register(rs, "StreamReader")
    assert cs(rs, """
        GB(StreamReader).Accumulate<long>((a, r) => a + 1).ForEach(n => Execute("RPUSH", "batches", n.ToString()))
            .Register("bs", batch: 3, trimStream: false);
        """) == "OK"
    for i in range(3):
        rs.xadd("bs", {"i": str(i)})
    assert wait_for(lambda: rs.lrange("batches", 0, -1) == ["3"])
    assert rs.xlen("bs") == 3  # trimStream=False


def test_command_reader_trigger(rs):
    needs_register(rs, "CommandReader")
    assert cs(rs, 'GB(CommandReader).Map(a => string.Join(",", a)).Register(trigger: "join");') == "OK"
    assert rs.execute_command("RG.TRIGGER", "join", "x", "y") == ["join,x,y"]
    assert rs.execute_command("RG.TRIGGERONKEY", "join", "k", "v") == ["join,k,v"]
    assert cs(rs, 'GB(CommandReader).Map<string>(a => throw FlatError("first error")).Register(trigger: "fails", mode: "sync");') == "OK"
    with pytest.raises(redis.ResponseError, match="first error"):
        rs.execute_command("RG.TRIGGER", "fails")
    with pytest.raises(redis.ResponseError, match="subcommand not found"):
        rs.execute_command("RG.TRIGGER", "Join")  # trigger names are case-sensitive


def test_command_reader_hook_with_call_next(rs, raw):
    needs_register(rs, "CommandReader")
    assert cs(rs, """
        GB(CommandReader).Map(a => { Execute("INCR", "hooked"); return CallNext(a.Skip(1).ToArray()); })
            .Register(hook: "HSET", mode: "sync", keyprefix: "h:");
        """) == "OK"
    assert raw().cmd("HSET", "h:1", "f", "v") == b"1"  # the hook's result, str() by default, is the reply: a bulk
    assert rs.hget("h:1", "f") == "v"
    assert rs.get("hooked") == "1"
    assert rs.hset("other", "f", "v") == 1  # keyprefix: not hooked
    assert rs.get("hooked") == "1"


def test_keys_reader_commands_override_reply(rs, raw):
    assert cs(rs, """
        GB().ForEach(r => OverrideReply("+overridden " + string.Join(" ", GetCommand())))
            .Register("ov:*", mode: "sync", commands: new[] { "SET" });
        """) == "OK"
    client = raw()
    assert client.cmd("SET", "ov:1", "v") == b"overridden SET ov:1 v"
    assert rs.get("ov:1") == "v"
    assert client.cmd("SET", "other", "v") == b"OK"


def test_typed_command_reader_gear_fires_from_trigger(rs):
    needs_register(rs, "CommandReader")
    assert cs(rs, 'GB(CommandReader).Map(args => args.Count).Register(trigger: "n", convertToStr: false);') == "OK"
    assert rs.execute_command("RG.TRIGGER", "n", "a", "b") == [3]
