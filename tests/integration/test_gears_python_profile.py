"""RG.PYPROFILE STATS/RESET (spec §1.1): cProfile data per session, collected while ProfileExecutions is 1; RG.PYSTATS."""
import pytest
import redis

from test_gears_python import gears, py  # noqa: F401 (gears is the fixture)


@pytest.fixture
def profiling(gears):
    gears.execute_command('RG.CONFIGSET', 'ProfileExecutions', '1')
    yield gears
    gears.execute_command('RG.CONFIGSET', 'ProfileExecutions', '0')


def test_stats_show_the_session_callbacks_and_reset_clears_them(profiling):
    script = "def keyof(r):\n    return r['key']\nGB().map(keyof).register(prefix='prof:*', mode='sync')"
    assert py(profiling, script, 'ID', 'profiled') == 'OK'
    profiling.set('prof:1', 'v')
    profiling.set('prof:2', 'v')
    stats = profiling.execute_command('RG.PYPROFILE', 'STATS', 'profiled')
    assert 'Ordered by: internal time' in stats and '(keyof)' in stats
    assert profiling.execute_command('RG.PYPROFILE', 'RESET', 'profiled') == 'OK'
    with pytest.raises(redis.ResponseError, match='Cannot create or construct'):
        profiling.execute_command('RG.PYPROFILE', 'STATS', 'profiled')


def test_nothing_is_collected_while_profiling_is_off(gears):
    assert py(gears, "GB().map(lambda r: r).register(prefix='off:*', mode='sync')", 'ID', 'quiet') == 'OK'
    gears.set('off:1', 'v')
    with pytest.raises(redis.ResponseError, match='Cannot create or construct'):
        gears.execute_command('RG.PYPROFILE', 'STATS', 'quiet')


def test_errors(gears):
    with pytest.raises(redis.ResponseError, match='session does not exists'):
        gears.execute_command('RG.PYPROFILE', 'STATS', 'nosuchsession')
    with pytest.raises(redis.ResponseError, match='Wrong subcommand given to RG.PYPROFILE'):
        gears.execute_command('RG.PYPROFILE', 'DUMP', 'x')


def test_pystats_counts_what_python_allocates(gears):
    assert py(gears, "GB('ShardsIDReader').map(lambda x: len([str(i) for i in range(10000)])).run()") == [['10000'], []]
    stats = gears.execute_command('RG.PYSTATS')
    assert stats[::2] == ['TotalAllocated', 'PeakAllocated', 'CurrAllocated']
    total, peak, current = stats[1::2]
    assert total >= peak >= current > 0 and peak > 10000 * 40
