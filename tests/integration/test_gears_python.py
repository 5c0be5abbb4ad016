"""Python gears (RG.PYEXECUTE) against the real server through redis-py.

Expected replies follow RedisGears 1.2 (shared/spec/redisgears-1.2.md): record shapes (§2.5),
reply conversions (§2.6), operation quirks (§9), error texts (§2.8) and command replies (§1).
"""
import time

import pytest
import redis

from harness import wait_for


def py(rs, script, *options):
    return rs.execute_command('RG.PYEXECUTE', script, *options)


@pytest.fixture
def gears(rs):
    yield rs
    for registration in rs.execute_command('RG.DUMPREGISTRATIONS'):
        rs.execute_command('RG.UNREGISTER', registration[1])
    rs.execute_command('RG.CONFIGSET', 'PythonAttemptTraceback', '1')


# ---------------------------------------------------------------------------------------------
# KeysReader batch runs and record shapes

def test_map_values(gears):
    gears.set('x', '1')
    assert py(gears, "GB().map(lambda r: r['value']).run()") == [['1'], []]


def test_default_record_is_the_str_of_a_sorted_dict(gears):
    gears.set('x', '1')
    gears.hset('h', mapping={'name': 'Rick', 'age': '70'})
    gears.rpush('l', 'a', 'b')
    results, errors = py(gears, "GB().run()")
    assert errors == []
    assert sorted(results) == [
        "{'event': None, 'key': 'h', 'type': 'hash', 'value': {'age': '70', 'name': 'Rick'}}",
        "{'event': None, 'key': 'l', 'type': 'list', 'value': ['a', 'b']}",
        "{'event': None, 'key': 'x', 'type': 'string', 'value': '1'}",
    ]


def test_read_value_false_and_no_scan(gears):
    gears.set('x', '1')
    assert py(gears, "GB().run(readValue=False)") == [["{'event': None, 'key': 'x'}"], []]
    assert py(gears, "GB().run('missing', noScan=True)") == [["{'event': None, 'key': 'missing', 'type': 'empty', 'value': None}"], []]
    assert py(gears, "GB().map(lambda r: r['type']).run('x', noScan=True)") == [['string'], []]


def test_set_zset_and_stream_values_are_none(gears):
    gears.sadd('s', 'a')
    gears.zadd('z', {'a': 1})
    gears.xadd('st', {'f': 'v'})
    results, _ = py(gears, "GB().map(lambda r: (r['key'], r['type'], r['value'])).run()")
    assert sorted(results) == ["('s', 'set', None)", "('st', 'unknown', None)", "('z', 'zset', None)"]


def test_glob_pattern(gears):
    gears.mset({'user:1': 'a', 'user:2': 'b', 'other': 'c'})
    results, _ = py(gears, "GB().map(lambda r: r['key']).run('user:*')")
    assert sorted(results) == ['user:1', 'user:2']


def test_non_utf8_value_is_a_bytearray(r):
    r.set('b', b'\xff\x00')
    assert r.execute_command('RG.PYEXECUTE', "GB().map(lambda r: type(r['value']).__name__).run()") == [[b'bytearray'], []]


# ---------------------------------------------------------------------------------------------
# Operations and their quirks (§2.2, §9)

def test_count(gears):
    gears.mset({'a': '1', 'b': '2', 'c': '3'})
    assert py(gears, "GB().count().run()") == [['3'], []]


def test_count_of_nothing_is_no_record(gears):
    assert py(gears, "GB().count().run()") == [[], []]
    assert py(gears, "GB().accumulate(lambda a, r: 1).run()") == [[], []]
    assert py(gears, "GB().aggregate(0, lambda a, r: a + 1, lambda a, r: a + r).run()") == [[], []]


def test_countby(gears):
    gears.mset({'a': 'x', 'b': 'x', 'c': 'y'})
    results, _ = py(gears, "GB().map(lambda r: r['value']).countby().run()")
    assert sorted(results) == ["{'key': 'x', 'value': 2}", "{'key': 'y', 'value': 1}"]


def test_countby_keys_are_strings(gears):
    gears.mset({'a': '100', 'b': '100'})
    assert py(gears, "GB().countby(lambda r: int(r['value'])).run()") == [["{'key': '100', 'value': 2}"], []]


def test_avg(gears):
    gears.mset({'a': '1', 'b': '2', 'c': '3', 'd': '4'})
    assert py(gears, "GB().map(lambda r: r['value']).avg().run()") == [['2.5'], []]
    assert py(gears, "GB().avg(lambda r: int(r['value']) * 2).run()") == [['5.0'], []]


def test_default_sort_outputs_ascending(gears):
    gears.set('str', 'v')
    gears.rpush('list', 'a')
    gears.hset('hash', 'f', 'v')
    gears.sadd('set', 'a')
    gears.zadd('zset', {'a': 1})
    assert py(gears, "GB().map(lambda r: r['type']).sort().run()") == [['hash', 'list', 'set', 'string', 'zset'], []]
    assert py(gears, "GB().map(lambda r: r['type']).sort(reverse=False).run()") == [['zset', 'string', 'set', 'list', 'hash'], []]


def test_distinct(gears):
    gears.mset({'a': 'x', 'b': 'x', 'c': 'y'})
    results, errors = py(gears, "GB().map(lambda r: r['value']).distinct().run()")
    assert sorted(results) == ['x', 'y'] and errors == []


def test_flatmap_emits_lists_last_to_first(gears):
    assert py(gears, "GB('ShardsIDReader').flatmap(lambda x: [1, 2, 3]).run()") == [['3', '2', '1'], []]
    assert py(gears, "GB('ShardsIDReader').flatmap(lambda x: (1, 2)).run()") == [['(1, 2)'], []]
    assert py(gears, "GB('ShardsIDReader').flatmap(lambda x: []).run()") == [[], []]


def test_python_reader_and_limit(gears):
    script = "def gen():\n    yield from range(10)\nGB('PythonReader').limit(3, 2).run(gen)"
    assert py(gears, script) == [['2', '3', '4'], []]


def test_filter_foreach_accumulate(gears):
    gears.mset({'a': '1', 'b': '2', 'c': '3'})
    assert py(gears, "GB().map(lambda r: int(r['value'])).filter(lambda v: v > 1).accumulate(lambda a, v: (a or 0) + v).run()") == [['5'], []]
    assert py(gears, "GB().foreach(lambda r: execute('set', 'seen:' + r['key'], '1')).count().run('?')") == [['3'], []]
    assert gears.get('seen:a') == '1'


def test_a_record_changed_by_foreach_or_filter_stays_changed(gears):
    gears.set('a', '1')
    assert py(gears, "GB().foreach(lambda r: r.update({'x': 1})).filter(lambda r: r.setdefault('y', 2)).map(lambda r: (r['x'], r['y'])).run()") == [['(1, 2)'], []]
    assert py(gears, "GB().foreach(lambda r: r.pop('value')).run()") == [["{'event': None, 'key': 'a', 'type': 'string'}"], []]


def test_aggregate_replaces_a_falsy_accumulator(gears):
    gears.mset({'a': '1', 'b': '2'})
    assert py(gears, "GB().aggregate([], lambda a, r: a + [r['key']], lambda a, r: a + r).map(lambda l: sorted(l)).run()") == [["['a', 'b']"], []]


def test_groupby_batchgroupby_aggregateby(gears):
    gears.mset({'a': 'x', 'b': 'x', 'c': 'y'})
    results, _ = py(gears, "GB().groupby(lambda r: r['value'], lambda k, a, r: (a or 0) + 1).run()")
    assert sorted(results) == ["{'key': 'x', 'value': 2}", "{'key': 'y', 'value': 1}"]
    results, _ = py(gears, "GB().batchgroupby(lambda r: r['value'], lambda k, rs: len(rs)).run()")
    assert sorted(results) == ["{'key': 'x', 'value': 2}", "{'key': 'y', 'value': 1}"]
    results, _ = py(gears, "GB().aggregateby(lambda r: r['value'], 0, lambda k, a, r: a + 1, lambda k, a, r: a + r).run()")
    assert sorted(results) == ["{'key': 'x', 'value': 2}", "{'key': 'y', 'value': 1}"]
    results, _ = py(gears, "GB().localgroupby(lambda r: r['value'], lambda k, a, r: (a or 0) + 1).collect().repartition(lambda r: r['key']).run()")
    assert sorted(results) == ["{'key': 'x', 'value': 2}", "{'key': 'y', 'value': 1}"]


def test_convert_to_str_false_replies_as_send_reply(gears):
    script = "GB('ShardsIDReader').flatmap(lambda x: [[1, '+OK'], 1.5, {'a': 1}, b'raw']).run(convertToStr=False)"
    assert py(gears, script) == [['raw', 'PY RECORD', '1.500000', [1, 'OK']], []]


# ---------------------------------------------------------------------------------------------
# Other readers

def test_keys_only_reader(gears):
    gears.mset({'k1': 'a', 'k2': 'b', 'other': 'c'})
    results, _ = py(gears, "GB('KeysOnlyReader').run('k*')")
    assert sorted(results) == ['k1', 'k2']


def test_shards_id_reader(gears):
    assert py(gears, "GB('ShardsIDReader').run()") == [['1'], []]


def test_stream_reader_run(gears):
    gears.xadd('s', {'a': '1'}, id='1-0')
    gears.xadd('s', {'b': '2'}, id='2-0')
    assert py(gears, "GB('StreamReader').map(lambda r: (r['id'], r['value'])).run('s')") == [["('1-0', {'a': '1'})", "('2-0', {'b': '2'})"], []]
    assert py(gears, "GB('StreamReader').map(lambda r: r['id']).run('s', fromId='1-0')") == [['2-0'], []]


# ---------------------------------------------------------------------------------------------
# Registrations

def test_register_sync_keys_reader(gears):
    assert py(gears, "GB().foreach(lambda r: execute('incr', 'hits')).register(prefix='k*', mode='sync')") == 'OK'
    gears.set('k1', 'v')
    gears.set('other', 'v')
    assert gears.get('hits') == '1'


def test_register_async_local_with_event_types(gears):
    script = "GB().foreach(lambda r: execute('set', 'copy:' + r['key'], r['event'])).register(prefix='src:*', mode='async_local', eventTypes=['set'])"
    assert py(gears, script) == 'OK'
    gears.set('src:1', 'v')
    gears.delete('src:1')
    assert wait_for(lambda: gears.get('copy:src:1') == 'set')


def test_register_returns_its_id_and_shows_in_dumpregistrations(gears):
    assert py(gears, "rid = GB(desc='mine').register(prefix='zz')\nexecute('set', 'rid', rid)", 'ID', 'regsession') == 'OK'
    registrations = gears.execute_command('RG.DUMPREGISTRATIONS')
    assert [r[1] for r in registrations] == [gears.get('rid')]
    assert registrations[0][3] == 'KeysReader' and registrations[0][5] == 'mine'


def test_command_reader_trigger(gears):
    assert py(gears, "GB('CommandReader').map(lambda x: len(x)).register(trigger='count_args')") == 'OK'
    assert gears.execute_command('RG.TRIGGER', 'count_args', 'a', 'b') == ['3']


def test_command_hook_and_override_reply(gears):
    script = "GB('CommandReader').map(lambda x: call_next(*x[1:]) + '!').register(hook='get', mode='sync')"
    assert py(gears, script) == 'OK'
    gears.set('k', 'v')
    assert gears.get('k') == 'v!'


def test_register_validation_errors(gears):
    with pytest.raises(redis.ResponseError, match='reader does not exists or does not support register'):
        py(gears, "GB('ShardsIDReader').register()")
    with pytest.raises(redis.ResponseError, match='unknown execution mode'):
        py(gears, "GB().register(mode='fast')")


# ---------------------------------------------------------------------------------------------
# Builtins (§2.7)

def test_execute_values_and_errors(gears):
    gears.rpush('l', 'a', 'b')
    assert py(gears, "GB('ShardsIDReader').map(lambda x: execute('lrange', 'l', 0, -1)).run()") == [["['a', 'b']"], []]
    assert py(gears, "GB('ShardsIDReader').map(lambda x: execute('llen', 'l')).run(convertToStr=False)") == [[2], []]
    results, errors = py(gears, "GB('ShardsIDReader').map(lambda x: execute('nosuchcommand')).run()")
    assert results == [] and len(errors) == 1 and 'gears.error' in errors[0] and 'unknown command' in errors[0]


def test_execute_at_the_top_level(gears):
    assert py(gears, "execute('set', 'top', 'level')") == 'OK'
    assert gears.get('top') == 'level'


def test_atomic_cannot_nest(gears):
    assert py(gears, "with atomic():\n    execute('set', 'a', '1')") == 'OK'
    with pytest.raises(redis.ResponseError, match='Already inside an atomic block'):
        py(gears, "with atomic():\n    with atomic():\n        pass")


def test_log_print_hashtag_config(gears):
    gears.execute_command('RG.CONFIGSET', 'myKey', 'myValue')
    script = ("print('to the log')\nlog('hello')\nlog('w', level='warning')\nimport logging\nlogging.warning('via logging')\n"
              "GB('ShardsIDReader').map(lambda x: (hashtag(), configGet('myKey'), configGet('MaxExecutions'), gearsConfigGet('nope', 5))).run()")
    assert py(gears, script) == [["('06S', 'myValue', None, 5)"], []]


def test_is_async_allow_and_get_command(gears):
    assert py(gears, "GB('ShardsIDReader').map(lambda x: isAsyncAllow()).run()")[0] in (['True'], ['False'])
    results, errors = py(gears, "GB('ShardsIDReader').map(lambda x: call_next('x')).run()")
    assert results == [] and 'Can not get CommandHook ctx' in errors[0]


def test_flat_error(gears):
    assert py(gears, "GB('ShardsIDReader').map(lambda x: flat_error('PAUSE now')).run()") == [[], ['PAUSE now']]


# ---------------------------------------------------------------------------------------------
# Errors (§2.8) and survival

def test_script_exception_is_a_traceback_list(gears):
    with pytest.raises(redis.ResponseError) as error:
        py(gears, "1/0")
    text = str(error.value)
    assert text.startswith("['Traceback (most recent call last):\\n'") and 'ZeroDivisionError: division by zero' in text


def test_record_errors_do_not_stop_the_execution(gears):
    gears.mset({'a': '0', 'b': '1'})
    results, errors = py(gears, "GB().map(lambda r: 1 / int(r['value'])).run()")
    assert results == ['1.0'] and len(errors) == 1 and 'ZeroDivisionError' in errors[0]


def test_flat_error_type_text_without_traceback(gears):
    gears.execute_command('RG.CONFIGSET', 'PythonAttemptTraceback', '0')
    results, errors = py(gears, "GB('ShardsIDReader').map(lambda x: 1 / 0).run()")
    assert errors == ["Error type: <class 'ZeroDivisionError'>, Value: division by zero"]


def test_system_exit_and_keyboard_interrupt_are_ordinary_errors(gears):
    with pytest.raises(redis.ResponseError, match='SystemExit'):
        py(gears, "import sys\nsys.exit(1)")
    with pytest.raises(redis.ResponseError, match='KeyboardInterrupt'):
        py(gears, "raise KeyboardInterrupt()")
    results, errors = py(gears, "import sys\nGB('ShardsIDReader').map(lambda x: sys.exit(2)).run()")
    assert results == [] and 'SystemExit: 2' in errors[0]
    assert gears.ping()


def test_deep_recursion(gears):
    with pytest.raises(redis.ResponseError, match='RecursionError'):
        py(gears, "def f(n):\n    return f(n + 1)\nf(0)")
    results, errors = py(gears, "def f(x, n=0):\n    return f(x, n + 1)\nGB('ShardsIDReader').map(f).run()")
    assert results == [] and 'RecursionError' in errors[0]
    with pytest.raises(redis.ResponseError, match='RecursionError'):
        py(gears, "l = []\nfor _ in range(100000):\n    l = [l]\nrepr(l)")
    assert gears.ping()


def test_infinite_loop_aborted(gears):
    script = "def spin(x):\n    while True:\n        pass\nGB('ShardsIDReader').map(spin).run()"
    execution = py(gears, script, 'UNBLOCKING')
    time.sleep(0.2)
    assert gears.set('still', 'serving')
    assert gears.execute_command('RG.ABORTEXECUTION', execution) == 'OK'
    results, errors = gears.execute_command('RG.GETRESULTSBLOCKING', execution)
    assert results == [] and len(errors) == 1
    assert py(gears, "GB('ShardsIDReader').run()") == [['1'], []]


def test_only_one_run_per_script(gears):
    with pytest.raises(redis.ResponseError, match='Can not run more then 1 executions in a single script'):
        py(gears, "GB('ShardsIDReader').run()\nGB('ShardsIDReader').run()")


# ---------------------------------------------------------------------------------------------
# RG.PYEXECUTE options and the other RG.PY* commands

def test_unblocking_returns_the_execution_id(gears):
    execution = py(gears, "GB('ShardsIDReader').run()", 'UNBLOCKING')
    assert execution.startswith('0' * 40 + '-')
    assert gears.execute_command('RG.GETRESULTSBLOCKING', execution) == [['1'], []]


def test_sessions_keep_their_globals_and_ids(gears):
    assert py(gears, "x = 1\nGB().register(prefix='never1')", 'ID', 'sess1') == 'OK'
    with pytest.raises(redis.ResponseError, match='Session sess1 already exists'):
        py(gears, "GB().register(prefix='never2')", 'ID', 'sess1')
    with pytest.raises(redis.ResponseError, match="name 'x' is not defined"):
        py(gears, "x")
    assert py(gears, "GB().register(prefix='never3')", 'ID', 'sess1', 'UPGRADE') == 'OK'


def test_pyexecute_option_errors(gears):
    with pytest.raises(redis.ResponseError, match='ID is missing'):
        py(gears, "GB().run()", 'ID')
    with pytest.raises(redis.ResponseError, match='Unknown arguments were given: FOO'):
        py(gears, "GB().run()", 'FOO')


def test_fixed_text_commands(gears):
    assert gears.execute_command('RG.PYEXECUTEREMOTE') == 'Execute remote is not longer supported'
    assert gears.execute_command('RG.PYFREEINTERPRETER') == 'Free interpreter is not longer supported'


def test_pydumpsessions(gears):
    py(gears, "GB().register(prefix='never')", 'ID', 'dumped', 'DESCRIPTION', 'a session')
    sessions = gears.execute_command('RG.PYDUMPSESSIONS', 'SESSIONS', 'dumped', 'nope')
    assert sessions[0][:4] == ['ID', 'dumped', 'sessionDescription', 'a session']
    assert sessions[1] == 'Session nope does not exists'
    with pytest.raises(redis.ResponseError, match='Unknown option BAD'):
        gears.execute_command('RG.PYDUMPSESSIONS', 'BAD')


def test_pydumpreqs_and_export(gears):
    assert gears.execute_command('RG.PYDUMPREQS') == []
    with pytest.raises(redis.ResponseError, match='requirement does not exists'):
        gears.execute_command('RG.PYEXPORTREQ', 'nothing')


# ---------------------------------------------------------------------------------------------
# Which Python: PythonLibrary / PythonHome (Gears config, read when the interpreter first starts)

def fresh_server(*options):
    from harness import ServerProcess
    return ServerProcess(extra_args=options)


def test_debian_libpython_embeds_too():
    import os
    library = '/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0'
    if not os.path.exists(library):
        pytest.skip('Debian libpython3.11 is not installed')
    server = fresh_server('--gears-PythonLibrary', library, '--gears-PythonHome', '/usr')
    try:
        client = server.client(decode_responses=True)
        client.set('x', '1')
        assert py(client, "import sys, json, math\nGB().map(lambda r: (sys.prefix, json.dumps(math.sqrt(4)))).run()") == [["('/usr', '2.0')"], []]
    finally:
        server.stop()


def test_a_server_without_python_keeps_serving():
    server = fresh_server()
    try:
        client = server.client(decode_responses=True)
        client.execute_command('RG.CONFIGSET', 'PythonLibrary', '/nonexistent/libpython3.so', 'PythonHome', '/nonexistent')
        with pytest.raises(redis.ResponseError, match='Python is not available on this server: Python home /nonexistent'):
            py(client, "GB().run()")
        with pytest.raises(redis.ResponseError, match='Python is not available on this server'):
            py(client, "GB().run()")
        assert client.set('still', 'serving')
    finally:
        server.stop()


# ---------------------------------------------------------------------------
# async def steps and futures (spec 2.7)
# ---------------------------------------------------------------------------

def test_async_def_steps_are_awaited(gears):
    gears.set('a1', '1')
    gears.set('a2', '2')
    script = '''
import asyncio
async def later(r):
    await asyncio.sleep(0.01)
    return r['key'] + '!'
async def keep(r):
    return r != 'a1!'
GB().map(later).filter(keep).run('a*')
'''
    assert py(gears, script) == [['a2!'], []]


def test_create_future_completed_by_run_coroutine(gears):
    gears.set('f1', 'v')
    script = '''
import asyncio
async def value(r):
    f = createFuture()
    runCoroutine(asyncio.sleep(0.01, result=r['value'] * 2), f)
    return await f
GB().map(value).run('f1')
'''
    assert py(gears, script) == [['vv'], []]


def test_async_step_in_a_sync_registration_may_execute(gears):
    script = '''
async def count(args):
    return execute('INCR', 'async:hits')
GB('CommandReader').map(count).register(trigger='async_hits', mode='sync')
'''
    assert py(gears, script) == 'OK'
    assert gears.execute_command('RG.TRIGGER', 'async_hits') == ['1']
    assert gears.execute_command('RG.TRIGGER', 'async_hits') == ['2']


def test_async_batchgroupby_reducer_is_refused(gears):
    gears.set('b1', '1')
    script = '''
async def reducer(k, records):
    return len(records)
GB().batchgroupby(lambda r: r['type'], reducer).run('b1')
'''
    results, errors = py(gears, script)
    assert results == [] and any('Step does not support async' in e for e in errors)
