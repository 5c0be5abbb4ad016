"""registerTE / redisgears.registerTimeEvent (spec §2.7): a callback every N seconds; an exception
stops it; with a key name the timer lives in a key of type rg_timeev and DEL stops it."""
import time

import pytest
import redis

from harness import wait_for
from test_gears_python import gears, py  # noqa: F401 (gears is the fixture)


def settles(client, key):
    """The counter's value once it has stopped moving for 1.5 s (the timers here tick every second)."""
    before = client.get(key)
    time.sleep(1.5)
    return before == client.get(key)


def test_a_timer_calls_back_every_interval(gears):
    # It stops itself after two calls: timers outlive the test otherwise.
    script = "def tick():\n    if execute('INCR', 'ticks') >= 2:\n        raise Exception('enough')\nregisterTE(1, tick)"
    assert py(gears, script) == 'OK'
    assert wait_for(lambda: gears.get('ticks') == '2', timeout=5)


def test_an_exception_stops_the_timer(gears):
    script = "def tick():\n    execute('INCR', 'failing')\n    raise Exception('stop')\nregisterTE(1, tick)"
    assert py(gears, script) == 'OK'
    assert wait_for(lambda: gears.get('failing') == '1', timeout=5)
    time.sleep(1.5)
    assert gears.get('failing') == '1'


def test_a_keyed_timer_lives_in_its_key(gears):
    script = "GB('ShardsIDReader').map(lambda x: registerTE(1, lambda: execute('INCR', 'keyed'), 'timer:1')).run()"
    assert py(gears, script) == [['True'], []]
    assert gears.type('timer:1') == 'rg_timeev'
    assert py(gears, script) == [['False'], []]  # the key exists
    assert wait_for(lambda: int(gears.get('keyed') or 0) >= 1, timeout=5)
    gears.delete('timer:1')
    assert wait_for(lambda: settles(gears, 'keyed'), timeout=6)


def test_argument_errors(gears):
    gears.execute_command('RG.CONFIGSET', 'PythonAttemptTraceback', '0')
    with pytest.raises(redis.ResponseError, match='callback must be a function'):
        py(gears, "registerTE(1, 'not a function')")
    with pytest.raises(redis.ResponseError, match='time argument must be a long'):
        py(gears, "registerTE('1', lambda: None)")
    assert py(gears, "redisgears.registerTimeEvent(3600, lambda: None)") == 'OK'
