"""gearsFuture() and registerGearsThread() in Python gears (spec §2.7): a step returns a future and goes on with the value
another thread continues it with. Error texts as RedisGears 1.2."""
import threading
import time

import pytest
import redis

from test_gears_python import gears, py  # noqa: F401 (gears is the fixture)

CONTINUE_LATER = '''
import threading, time
def later(f, value, failed=False):
    time.sleep(0.05)
    if failed:
        f.continueFailed(value)
    else:
        f.continueRun(value)
def hold(value, failed=False):
    f = gearsFuture()
    threading.Thread(target=later, args=(f, value, failed)).start()
    return f
'''


def test_each_step_kind_goes_on_with_the_continued_value(gears):
    gears.set('x', '1')
    assert py(gears, CONTINUE_LATER + "GB().map(lambda r: hold(r['key'] + '!')).run()") == [['x!'], []]
    assert py(gears, CONTINUE_LATER + "GB().flatmap(lambda r: hold([1, 2])).run()") == py(gears, "GB().flatmap(lambda r: [1, 2]).run()")
    assert py(gears, CONTINUE_LATER + "GB().filter(lambda r: hold(0)).run()") == [[], []]
    assert py(gears, CONTINUE_LATER + "GB().filter(lambda r: hold('yes')).map(lambda r: r['key']).run()") == [['x'], []]
    assert py(gears, CONTINUE_LATER + "GB().foreach(lambda r: hold('ignored')).map(lambda r: r['key']).run()") == [['x'], []]
    assert py(gears, CONTINUE_LATER + "GB().map(lambda r: 5).accumulate(lambda a, r: hold((a or 0) + r)).run()") == [['5'], []]


def test_continue_failed_is_an_error_record_with_the_text_verbatim(gears):
    gears.set('x', '1')
    assert py(gears, CONTINUE_LATER + "GB().map(lambda r: hold('boom', failed=True)).run()") == [[], ['boom']]


def test_a_future_nobody_keeps_fails_its_record(gears):
    gears.set('x', '1')
    assert py(gears, "GB().map(lambda r: gearsFuture()).run()") == [[], ['Async record did not called continue']]


def test_misuse_errors(gears):
    gears.set('x', '1')
    gears.execute_command('RG.CONFIGSET', 'PythonAttemptTraceback', '0')
    try:
        with pytest.raises(redis.ResponseError, match='Future object can only be created inside certain execution steps'):
            py(gears, "gearsFuture()")
        _, errors = py(gears, "GB().map(lambda r: (gearsFuture(), gearsFuture())).run()")
        assert len(errors) == 1 and 'Can not create async record twice on the same step' in errors[0]
        _, errors = py(gears, "GB().batchgroupby(lambda r: r['key'], lambda k, rs: gearsFuture()).run()")
        assert len(errors) == 1 and 'Step does not support async' in errors[0]
        _, errors = py(gears, "GB().groupby(lambda r: gearsFuture(), lambda k, a, r: 1).run()")
        assert len(errors) == 1 and 'Step does not support async' in errors[0]
        _, errors = py(gears, "GB().map(lambda r: gearsFuture(1)).run()")
        assert len(errors) == 1 and 'Future gets no arguments' in errors[0]
        script = '''
def early(r):
    f = gearsFuture()
    try:
        f.continueRun(1)
    except Exception as e:
        return str(e)
GB().map(early).run()
'''
        assert py(gears, script) == [['Can not handle future untill it returned from the callback'], []]
    finally:
        gears.execute_command('RG.CONFIGSET', 'PythonAttemptTraceback', '1')


def test_a_sync_registration_waits_without_holding_the_server(gears, new_client):
    script = '''
import threading, time
def later(f):
    time.sleep(0.5)
    f.continueRun(1)
def hold(r):
    f = gearsFuture()
    threading.Thread(target=later, args=(f,)).start()
    return f
GB().foreach(hold).register(prefix='fut:*', mode='sync')
'''
    assert py(gears, script) == 'OK'
    other = new_client()
    done = []
    writer = threading.Thread(target=lambda: done.append(gears.set('fut:1', 'v')))
    started = time.monotonic()
    writer.start()
    time.sleep(0.1)
    assert other.ping()  # served while the gear waits for its future
    assert time.monotonic() - started < 0.45
    writer.join(5)
    assert done == [True]
    registration = gears.execute_command('RG.DUMPREGISTRATIONS')[0]
    data = dict(zip(registration[7][::2], registration[7][1::2]))
    assert data['numSuccess'] == 1


def test_abort_stops_a_step_waiting_for_its_future(gears):
    gears.set('x', '1')
    script = '''
kept = []
def hold(r):
    f = gearsFuture()
    kept.append(f)
    return f
GB().map(hold).run()
'''
    execution = py(gears, script, 'UNBLOCKING')
    time.sleep(0.2)
    assert gears.execute_command('RG.ABORTEXECUTION', execution) == 'OK'
    results, errors = gears.execute_command('RG.GETRESULTSBLOCKING', execution)
    assert results == [] and len(errors) == 1
    assert gears.ping()


def test_a_registered_python_thread_may_execute(gears):
    script = '''
import threading
def work():
    registerGearsThread()
    execute('SET', 'from:thread', 'yes')
def start(r):
    t = threading.Thread(target=work)
    t.start()
    t.join()
    return r
GB('ShardsIDReader').map(start).run()
'''
    assert py(gears, script) == [['1'], []]
    assert gears.get('from:thread') == 'yes'


def test_run_coroutine_may_execute(gears):
    script = '''
import asyncio
async def write(value):
    await asyncio.sleep(0.01)
    return execute('SET', 'from:coroutine', value)
async def step(r):
    f = createFuture()
    runCoroutine(write('done'), f)
    return await f
GB('ShardsIDReader').map(step).run()
'''
    assert py(gears, script) == [['OK'], []]
    assert gears.get('from:coroutine') == 'done'


def test_a_sync_registration_awaits_a_coroutine_that_executes(gears):
    script = '''
async def write(key):
    return execute('SET', 'seen:' + key, '1')
async def step(r):
    f = createFuture()
    runCoroutine(write(r['key']), f)
    return await f
GB().foreach(step).register(prefix='co:*', mode='sync', eventTypes=['set'])
'''
    assert py(gears, script) == 'OK'
    assert gears.set('co:1', 'v')
    assert gears.get('seen:co:1') == '1'
