"""StreamReader and CommandReader gears (C#, RG.CSEXECUTE) and KeysReader commands= through redis-py.

Expected replies are RedisGears 1.2's for the equivalent Python gears (shared/spec/redisgears-1.2.md
sections 1, 2.4, 2.5): RG.TRIGGER's results or first error, hooks whose single result is the
command's reply, the StreamReader's consumer group, trimming, pause and registration data.
"""

import pytest
import redis

from harness import wait_for

pytestmark = pytest.mark.usefixtures("no_registrations_left")


def cs(rs, code, *options):
    return rs.execute_command("RG.CSEXECUTE", code, *options)


def registration(rs, reader):
    return next(e for e in rs.execute_command("RG.DUMPREGISTRATIONS") if e[3] == reader)


def data(entry):
    fields = entry[7]
    return dict(zip(fields[0::2], fields[1::2]))


# ---------------------------------------------------------------------------
# CommandReader triggers
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("mode", ["sync", "async", "async_local"])
def test_trigger_replies_its_results(rs, mode):
    assert cs(rs, 'GB(CommandReader).FlatMap(x => x).Distinct().Sort().Register(trigger: "test1", mode: "%s");' % mode) == "OK"
    listed = lambda: {e[1] for e in rs.execute_command("RG.DUMPEXECUTIONS")}
    before = listed()  # earlier tests' executions stay listed
    assert rs.execute_command("RG.TRIGGER", "test1", "this", "is", "a", "test") == ["a", "is", "test", "test1", "this"]
    assert rs.execute_command("RG.TRIGGERONKEY", "test1", "k") == ["k", "test1"]
    assert listed() <= before  # trigger runs are dropped once they reply


def test_trigger_errors(rs):
    assert cs(rs, 'GB(CommandReader).ForEach(x => throw FlatError("no way")).Register(trigger: "bad", mode: "sync");') == "OK"
    with pytest.raises(redis.ResponseError, match="no way"):
        rs.execute_command("RG.TRIGGER", "bad")
    with pytest.raises(redis.ResponseError, match="subcommand not found"):
        rs.execute_command("RG.TRIGGER", "BAD")
    with pytest.raises(redis.ResponseError, match="trigger already registered"):
        cs(rs, 'GB(CommandReader).Register(trigger: "bad");')


def test_non_sync_trigger_inside_multi(rs):
    assert cs(rs, 'GB(CommandReader).Register(trigger: "bg");') == "OK"
    pipe = rs.pipeline(transaction=True)
    pipe.execute_command("RG.TRIGGER", "bg")
    (result,) = pipe.execute(raise_on_error=False)
    assert "can not run a non-sync execution inside a MULTI/LUA" in str(result)


def test_trigger_data(rs):
    assert cs(rs, 'GB(CommandReader).Register(trigger: "t", mode: "sync", inorder: true);') == "OK"
    rs.execute_command("RG.TRIGGER", "t")
    entry = registration(rs, "CommandReader")
    assert len(entry[7]) == 20
    fields = data(entry)
    assert fields["numTriggered"] == 1 and fields["numSuccess"] == 1
    assert fields["args"] == ["trigger", "t", "inorder", 1]


# ---------------------------------------------------------------------------
# CommandReader hooks
# ---------------------------------------------------------------------------

def test_hooks_chain_and_reply_as_string(rs):
    assert cs(rs, 'GB(CommandReader).Map(r => CallNext(r.Skip(1).Append("_first").Append("1").ToArray())).Register(hook: "hset", mode: "sync");') == "OK"
    assert cs(rs, 'GB(CommandReader).Map(r => { Execute("HINCRBY", r[1], "_times", 1); return CallNext(r.Skip(1).ToArray()); }).Register(hook: "hset", mode: "sync");') == "OK"
    assert rs.hset("k1", "foo", "bar") == "2"  # the hook's str() result, not an integer
    assert rs.hgetall("k1") == {"foo": "bar", "_first": "1", "_times": "1"}


def test_hook_key_prefix_and_single_result(rs):
    assert cs(rs, 'GB(CommandReader).Map(r => "hooked").Register(hook: "get", keyprefix: "h", mode: "sync");') == "OK"
    rs.set("x", "1")
    assert rs.get("x") == "1"
    assert rs.get("hx") == "hooked"
    assert cs(rs, 'GB(CommandReader).FlatMap(r => r).Register(hook: "hset", mode: "sync");') == "OK"
    with pytest.raises(redis.ResponseError, match="Command hook must return exactly one result"):
        rs.hset("h", "foo", "bar")


def test_async_hook_blocks_the_client(rs):
    assert cs(rs, 'GB(CommandReader).Map(r => "got " + CallNext(r[1])).Register(hook: "get");') == "OK"
    rs.set("k", "v")
    assert rs.get("k") == "got v"
    with pytest.raises(redis.ResponseError, match="Can not override a none sync registration"):
        cs(rs, 'GB(CommandReader).Register(hook: "get", mode: "sync");')


def test_hook_refusals(rs):
    with pytest.raises(redis.ResponseError, match="Can not override an unexisting command"):
        cs(rs, 'GB(CommandReader).Register(hook: "nosuch");')
    with pytest.raises(redis.ResponseError, match="Can not override a command which are not allowed inside a script"):
        cs(rs, 'GB(CommandReader).Register(hook: "multi");')
    with pytest.raises(redis.ResponseError, match="no trigger or hook argument was given"):
        cs(rs, 'GB(CommandReader).Register();')


# ---------------------------------------------------------------------------
# KeysReader commands=
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("mode", ["sync", "async_local"])
def test_keys_reader_commands_override_reply(rs, mode):
    assert cs(rs, 'GB().ForEach(x => OverrideReply("key does not exists")).Register(eventTypes: new[] { "keymiss" }, commands: new[] { "get", "mget" }, mode: "%s");' % mode) == "OK"
    assert rs.get("x") == "key does not exists"
    pipe = rs.pipeline(transaction=True)
    pipe.get("x")
    assert pipe.execute() == (["key does not exists"] if mode == "sync" else [None])


# ---------------------------------------------------------------------------
# StreamReader
# ---------------------------------------------------------------------------

def test_stream_reader_sync_acks_and_trims(rs):
    assert cs(rs, 'GB(StreamReader).ForEach(r => Execute("INCR", "counter{" + r.Key + "}")).Register("s*", mode: "sync");') == "OK"
    assert wait_for(lambda: data(registration(rs, "StreamReader"))["status"] == "OK")
    rs.xadd("s1", {"foo": "bar"})
    assert rs.get("counter{s1}") == "1"  # inside the XADD
    assert rs.xlen("s1") == 0
    (group,) = rs.xinfo_groups("s1")
    assert group["name"] == "__gears_consumer_group__" and group["pending"] == 0


def test_stream_reader_pause_from_the_gear_and_unpause(rs):
    assert cs(rs, """
        GB(StreamReader).ForEach(r => {
            if ((string?)Execute("GET", "paused{" + r.Key + "}") == "yes") throw FlatError("PAUSE");
            Execute("INCR", "counter{" + r.Key + "}");
        }).Register(mode: "sync");""") == "OK"
    entry = registration(rs, "StreamReader")
    assert wait_for(lambda: data(registration(rs, "StreamReader"))["status"] == "OK")
    rs.xadd("x", {"foo": "bar"})
    rs.set("paused{x}", "yes")
    rs.xadd("x", {"foo": "bar"})
    assert rs.get("counter{x}") == "1"
    fields = data(registration(rs, "StreamReader"))
    assert fields["status"] == "PAUSED" and fields["lastError"] == "PAUSE"
    rs.set("paused{x}", "no")
    assert rs.execute_command("RG.UNPAUSEREGISTRATIONS", entry[1]) == "OK"
    assert wait_for(lambda: rs.get("counter{x}") == "2")


def test_stream_reader_registration_data(rs):
    assert cs(rs, 'GB(StreamReader).Register("s*", batch: 3, duration: 50, trimStream: false, onFailedPolicy: "retry", onFailedRetryInterval: 2);') == "OK"
    entry = registration(rs, "StreamReader")
    assert len(entry[7]) == 26
    fields = data(entry)
    assert fields["args"] == ["batchSize", 3, "durationMS", 50, "stream", "s*", "trimStream", 0, "onFailedPolicy", "retry", "retryInterval", 2]
    assert fields["lastEstimatedLagMS"] == 0 and fields["avgEstimatedLagMS"] == "0"
    with pytest.raises(redis.ResponseError, match="ExecutionMode sync can only be combined with OnFailedPolicy Continue"):
        cs(rs, 'GB(StreamReader).Register("t*", mode: "sync", onFailedPolicy: "abort");')


def test_stream_reader_run_from_id(rs):
    rs.xadd("s", {"foo": "bar", "foo1": "bar1"}, id="1-1")
    rs.xadd("s", {"a": "1", "a ": "2"}, id="1-2")
    results, errors = cs(rs, 'GB(StreamReader).Map(r => r.Id).Run("s", fromId: "1-1");')
    assert results == ["1-2"] and errors == []
    assert cs(rs, 'GB(StreamReader).Run("s", fromId: "test");') == [[], ["ERR Invalid stream ID specified as stream command argument"]]
