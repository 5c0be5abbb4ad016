# The Python side of HotGears' RedisGears 1.2 API (spec §2): GearsBuilder and the builtins of every
# session's globals. It runs once, when the interpreter starts, in a module of its own; each session
# gets a fresh globals dict filled from SESSION_NAMES. Operations are recorded as ('Kind', ...) tuples
# (the engine's StepKind names) and handed to the host by run() and register(), which build the
# engine's step graph from them; validation errors carry RedisGears' texts.
import asyncio
import builtins
import copy
import cProfile
import functools
import inspect
import io
import logging
import pstats
import sys
import threading
import traceback
import types

import redisgears


class _GearsModule(types.ModuleType):
    pass


gears = _GearsModule('gears')
sys.modules['gears'] = gears


class error(Exception):
    """An error reply of a command run by execute() (RedisGears' GearsError)."""


class flat_error_type(Exception):
    """Raised by flat_error(): its message is the whole error text, with no traceback."""


class ExecutionAborted(BaseException):
    """Injected into a running callback by RG.ABORTEXECUTION."""


for _cls, _name in ((error, 'error'), (flat_error_type, 'flat_error'), (ExecutionAborted, 'ExecutionAborted')):
    _cls.__module__ = 'gears'
    _cls.__name__ = _cls.__qualname__ = _name
    setattr(gears, _name, _cls)
redisgears.error = error


def _deliver_pending_abort():
    """Called with an abort still pending on the thread: entering it raises (and the host drops) the abort."""


def _format_exception(etype, value, tb, attempt_traceback):
    """The error text of spec §2.8."""
    if isinstance(value, flat_error_type):
        return str(value)
    if attempt_traceback:
        return str(traceback.format_exception(etype, value, tb))
    return 'Error type: %s, Value: %s' % (str(etype), str(value))


# ---------------------------------------------------------------------------------------------
# print() and logging go to the server log.

class _ServerLogStream:
    def __init__(self, level):
        self._level = level
        self._pending = ''

    def write(self, text):
        text = self._pending + str(text)
        *lines, self._pending = text.split('\n')
        for line in lines:
            redisgears._log(self._level, line)
        return len(text)

    def flush(self):
        if self._pending:
            redisgears._log(self._level, self._pending)
            self._pending = ''

    def isatty(self):
        return False

    def writable(self):
        return True


sys.stdout = _ServerLogStream('notice')
sys.stderr = _ServerLogStream('warning')
if not sys.argv:
    sys.argv = ['']


class _ServerLogHandler(logging.Handler):
    def emit(self, record):
        try:
            level = 'debug' if record.levelno < logging.INFO else 'notice' if record.levelno < logging.WARNING else 'warning'
            redisgears._log(level, self.format(record))
        except Exception:
            self.handleError(record)


logging.basicConfig(handlers=[_ServerLogHandler()], format='%(name)s: %(message)s', force=True)

# ---------------------------------------------------------------------------------------------
# Builtins (spec §2.7)

_LOG_LEVELS = ('debug', 'verbose', 'notice', 'warning')


def execute(command, *args):
    if not isinstance(command, str):
        raise error('the given command must be a string')
    return redisgears.executeCommand(command, *args)


def log(msg, level='notice'):
    if level not in _LOG_LEVELS and msg in _LOG_LEVELS:
        msg, level = level, msg  # the deprecated log(level, msg) form
    if level not in _LOG_LEVELS:
        raise error('Log level should be one of the following : debug,verbose,notice,warning')
    if not isinstance(msg, str):
        raise error('Log message must be a string')
    redisgears._log(level, 'GEARS: ' + msg)


def configGet(key):
    return redisgears.config_get(str(key))


def gearsConfigGet(key, default=None):
    value = redisgears._gears_config_get(str(key))
    return default if value is None else value


def hashtag():
    return redisgears.getMyHashTag()


def flat_error(msg):
    raise flat_error_type(msg)


call_next = redisgears.callNext
get_command = redisgears.getCommand
override_reply = redisgears.overrideReply
isAsyncAllow = redisgears.isAsyncAllow
isInAtomicBlock = redisgears.isInAtomicBlock
registerGearsThread = redisgears.registerGearsThread


def registerTE(seconds, callback, keyName=None):
    """Calls callback() every `seconds`; with keyName the timer lives in that key (False when it exists)."""
    if not isinstance(callback, types.FunctionType):
        raise error('callback must be a function')
    if not isinstance(seconds, int):
        raise error('time argument must be a long')
    return redisgears._register_time_event(seconds, callback, None if keyName is None else str(keyName))


redisgears.registerTimeEvent = registerTE


class atomic:
    """Holds the keyspace lock for the block; nesting raises 'Already inside an atomic block'."""

    def __enter__(self):
        redisgears._atomic_enter()
        return self

    def __exit__(self, *exc):
        redisgears._atomic_exit()
        return False


def _deprecated(old, new, target):
    def call(*args, **kwargs):
        log('%s is deprecated, use %s instead' % (old, new), level='warning')
        return target(*args, **kwargs)
    call.__name__ = old
    return call


Log = _deprecated('Log', 'log', log)
ConfigGet = _deprecated('ConfigGet', 'configGet', configGet)
GearsConfigGet = _deprecated('GearsConfigGet', 'gearsConfigGet', gearsConfigGet)

# ---------------------------------------------------------------------------------------------
# RG.PYPROFILE (spec §1.1): while ProfileExecutions is 1, each session's callbacks run under a
# cProfile profiler of its own (the host enables it around every batch of records).

_profilers = {}


def _profile_enable(session_id):
    """Enables the session's profiler; returns what disables it."""
    profiler = _profilers.get(session_id)
    if profiler is None:
        profiler = _profilers[session_id] = cProfile.Profile()
    profiler.enable()
    return profiler.disable


def _profile_stats(session_id):
    """print_stats, print_callers, print_callees, by tottime (RedisGears ignores order_by)."""
    text = io.StringIO()
    stats = pstats.Stats(_profilers.get(session_id) or cProfile.Profile(), stream=text)
    stats.sort_stats('tottime')
    stats.print_stats()
    stats.print_callers()
    stats.print_callees()
    return text.getvalue()


def _profile_reset(session_id):
    _profilers[session_id] = cProfile.Profile()


# ---------------------------------------------------------------------------------------------
# GearsBuilder (spec §2.1-2.4)

_READERS = ('KeysReader', 'KeysOnlyReader', 'StreamReader', 'PythonReader', 'ShardsIDReader', 'CommandReader')
_REGISTERABLE = ('KeysReader', 'StreamReader', 'CommandReader')
_KEY_TYPES = ('empty', 'string', 'list', 'hash', 'set', 'zset', 'module', 'stream')


def _function(value, what):
    if not isinstance(value, types.FunctionType):
        raise error('%s argument must be a function' % what)
    return value


# ---------------------------------------------------------------------------------------------
# async def steps (spec §2.7): a step's coroutine runs to its end on an event loop of the
# execution's own thread, with the keyspace lock let go meanwhile (execute() inside it takes it
# as any background execution does). Records of one execution are still processed one after the
# other. runCoroutine() runs in the background, on a loop thread of its own.

_thread_loops = threading.local()
_background = []


def _event_loop():
    loop = getattr(_thread_loops, 'loop', None)
    if loop is None:
        loop = _thread_loops.loop = asyncio.new_event_loop()
    return loop


def _background_loop():
    if not _background:
        loop = asyncio.new_event_loop()
        loop.call_soon(registerGearsThread)  # coroutines run there may execute()
        threading.Thread(target=loop.run_forever, name='gears asyncio', daemon=True).start()
        _background.append(loop)
    return _background[0]


def _step(value, what):
    """A step callback; an async def one is awaited on each call."""
    f = _function(value, what)
    if not inspect.iscoroutinefunction(f):
        return f
    @functools.wraps(f)
    def awaited(*args):
        # A sync execution that awaits goes on as an async one (spec §2.7): without the keyspace
        # lock, which what it awaits may need (runCoroutine's execute()).
        depth = redisgears._release_lock()
        try:
            return _event_loop().run_until_complete(f(*args))
        finally:
            redisgears._retake_lock(depth)
    return awaited


def _no_async_step(value, what):
    f = _function(value, what)
    if not inspect.iscoroutinefunction(f):
        return f
    @functools.wraps(f)
    def refused(*args):
        f(*args).close()
        raise error('Step does not support async')
    return refused


# ---------------------------------------------------------------------------------------------
# gearsFuture() (spec §2.7): the host checks where it is called and, when the step returns the
# future, waits for its record with _await_future (see FutureSteps.cs).

class _AsyncRecord:
    """What a step waits for: continued with a value or an error, or abandoned."""

    def __init__(self):
        self._lock = threading.Lock()
        self._done = threading.Event()
        self.state = 'created'  # -> returned -> continued; or discarded when not returned
        self.value = None
        self.error = None

    def finish(self, value=None, error_text=None):
        with self._lock:
            if self.state == 'created':
                raise error('Can not handle future untill it returned from the callback')
            if self.state != 'returned':
                raise error('Can not continue with the same future twice')
            self.state = 'continued'
            self.value, self.error = value, error_text
        self._done.set()


class GearsFuture:
    """An async record of the current step: continueRun(value) or continueFailed(error), from any thread."""

    def __init__(self):
        self._record = _AsyncRecord()

    def continueRun(self, *args):
        if len(args) != 1:
            raise error('Continue function expect an object')
        self._record.finish(value=args[0])

    def continueFailed(self, *args):
        if len(args) != 1:
            raise error('Continue function expect an object')
        self._record.finish(error_text=str(args[0]))

    def __del__(self):
        record = self._record
        with record._lock:
            if record.state != 'returned':
                return
            record.state = 'continued'
            record.error = 'Async record did not called continue'
        record._done.set()


def gearsFuture(*args):
    if args:
        raise error('Future gets no arguments')
    return redisgears._new_future(GearsFuture)


def _discard_future(future):
    with future._record._lock:
        future._record.state = 'discarded'


def _returned_future(future):
    record = future._record
    with record._lock:
        record.state = 'returned'
    return record


def _await_future(record, kind):
    depth = redisgears._release_lock()
    try:
        while not record._done.wait(0.1):  # short waits: an abort is raised between them
            pass
    finally:
        redisgears._retake_lock(depth)
    if record.error is not None:
        raise flat_error_type(record.error)
    if kind == 'Filter':
        return bool(record.value)
    return record.value


def createFuture():
    """An awaitable that setFutureResults/setFutureException complete, from any thread."""
    return asyncio.get_running_loop().create_future()


def setFutureResults(future, result):
    future.get_loop().call_soon_threadsafe(future.set_result, result)


def setFutureException(future, exception):
    if not isinstance(exception, BaseException):
        exception = Exception(str(exception))
    future.get_loop().call_soon_threadsafe(future.set_exception, exception)


def runCoroutine(coroutine, future=None, delay=0):
    """Runs a coroutine in the background; its result (or exception) completes future, if given."""
    async def run():
        if delay:
            await asyncio.sleep(delay)
        try:
            result = await coroutine
        except Exception as e:
            if future is not None:
                setFutureException(future, e)
            return
        if future is not None:
            setFutureResults(future, result)
    asyncio.run_coroutine_threadsafe(run(), _background_loop())


def _args(op, args, low, high):
    if not low <= len(args) <= high:
        raise error('wrong number of args to %s function' % op)
    return args


def _mode(mode, allowed):
    if not isinstance(mode, str):
        raise error('execution mode must be a string')
    if mode not in allowed:
        raise error('unknown execution mode')
    return mode


def _boolean(value, message):
    if not isinstance(value, bool):
        raise error(message)
    return value


def _number(value, message):
    if not isinstance(value, int) or isinstance(value, bool):
        raise error(message)
    return value


def _strings(value, not_iterable, not_string):
    if value is None:
        return None
    try:
        items = list(value)
    except TypeError:
        raise error(not_iterable) from None
    for item in items:
        if not isinstance(item, str):
            raise error(not_string)
    return items


class GearsBuilder:
    def __init__(self, reader='KeysReader', defaultArg='*', desc=None):
        if not isinstance(reader, str):
            raise error('reader argument must be a string')
        if reader not in _READERS:
            raise error('the given reader are not exists')
        self.reader = reader
        self.defaultArg = defaultArg
        self.desc = desc
        self.steps = []

    def _add(self, *step):
        self.steps.append(step)
        return self

    def map(self, *args):
        f, = _args('map', args, 1, 1)
        return self._add('Map', _step(f, 'map'))

    def flatmap(self, *args):
        f, = _args('flatmap', args, 1, 1)
        return self._add('FlatMap', _step(f, 'flatmap'))

    def foreach(self, *args):
        f, = _args('foreach', args, 1, 1)
        return self._add('ForEach', _step(f, 'foreach'))

    def filter(self, *args):
        f, = _args('filter', args, 1, 1)
        return self._add('Filter', _step(f, 'filter'))

    def accumulate(self, *args):
        f, = _args('accumulate', args, 1, 1)
        return self._add('Accumulate', _step(f, 'accumulate'))

    def localgroupby(self, *args):
        extractor, reducer = _args('localgroupby', args, 2, 2)
        return self._add('LocalGroupBy', _function(extractor, 'extractor'), _step(reducer, 'reducer'))

    def groupby(self, *args):
        extractor, reducer = _args('groupby', args, 2, 2)
        return self._add('GroupBy', _function(extractor, 'extractor'), _step(reducer, 'reducer'))

    def batchgroupby(self, *args):
        extractor, reducer = _args('batchgroupby', args, 2, 2)
        return self._add('BatchGroupBy', _function(extractor, 'extractor'), _no_async_step(reducer, 'reducer'))

    def collect(self, *args):
        _args('collect', args, 0, 0)
        return self._add('Collect')

    def repartition(self, *args):
        extractor, = _args('repartition', args, 1, 1)
        return self._add('Repartition', _no_async_step(extractor, 'extractor'))

    def limit(self, *args):
        length, offset = (_args('limit', args, 1, 2) + (0,))[:2]
        return self._add('Limit', _number(length, 'limit argument must be a number'), _number(offset, 'limit argument must be a number'))

    def aggregate(self, zero, seqOp, combOp):
        return self._add('Aggregate', zero, seqOp, combOp)

    def aggregateby(self, extractor, zero, seqOp, combOp):
        return self._add('AggregateBy', extractor, zero, seqOp, combOp)

    def __localAggregateby__(self, extractor, zero, aggregator):
        return self._add('LocalGroupBy', extractor, lambda k, a, r: aggregator(k, a if a else copy.deepcopy(zero), r))

    def count(self):
        return self._add('Count')

    def countby(self, extractor=None):
        return self._add('CountBy', extractor)

    def distinct(self):
        return self._add('Distinct')

    def avg(self, extractor=None):
        return self._add('Avg', extractor)

    def sort(self, reverse=True):
        return self._add('Sort', bool(reverse))

    def run(self, arg=None, convertToStr=True, collect=True, **kargs):
        if self.reader == 'CommandReader':
            raise error('Given reader do not support run or not exists')
        arg = arg if arg else self.defaultArg
        options = {
            'convertToStr': bool(convertToStr),
            'collect': bool(collect),
            'mode': _mode(kargs.get('mode', 'async'), ('async', 'async_local')),
        }
        if self.reader == 'KeysReader':
            options['noScan'] = _boolean(kargs.get('noScan', False), 'exactMatch value is not boolean')
            options['readValue'] = _boolean(kargs.get('readValue', True), 'readValue value is not boolean')
        elif self.reader == 'KeysOnlyReader':
            options['noScan'] = bool(kargs.get('noScan', False))
            options['count'] = kargs.get('count', 1000)
            generator = kargs.get('patternGenerator')
            if generator is not None:
                options['patternGenerator'] = generator
        elif self.reader == 'StreamReader':
            from_id = kargs.get('fromId', '0-0')
            if not isinstance(from_id, str):
                raise error('fromId argument must be a string')
            options['fromId'] = from_id
        elif self.reader == 'PythonReader':
            arg = _function(arg, 'pyreader')
        return redisgears._run(self.reader, self.desc, self.steps, arg, options)

    def register(self, prefix='*', convertToStr=True, collect=True, **kargs):
        if self.reader not in _REGISTERABLE:
            raise error('given reader does not exists or does not support register')
        if 'regex' in kargs:
            log('Using regex argument with register is deprecated and missleading, use prefix instead.', level='warning')
            prefix = kargs['regex']
        if not isinstance(prefix, str):
            raise error('regex argument must be a string')
        on_registered = kargs.get('onRegistered')
        if on_registered is not None:
            _function(on_registered, 'OnRegistered')
        options = {
            'prefix': prefix,
            'convertToStr': bool(convertToStr),
            'collect': bool(collect),
            'mode': _mode(kargs.get('mode', 'async'), ('async', 'async_local', 'sync')),
            'onRegistered': on_registered,
        }
        if self.reader == 'KeysReader':
            options['eventTypes'] = _strings(kargs.get('eventTypes'), 'given eventTypes is not iterable', 'given event type is not string')
            key_types = _strings(kargs.get('keyTypes'), 'given keyTypes is not iterable', 'given key type is not string')
            if key_types is not None and any(t not in _KEY_TYPES for t in key_types):
                raise error('unknown key type')
            options['keyTypes'] = key_types
            options['readValue'] = _boolean(kargs.get('readValue', True), 'readValue value is not boolean')
            options['commands'] = _strings(kargs.get('commands'), 'given commands is not iterable', 'given command type is not string')
        elif self.reader == 'StreamReader':
            options['batch'] = _number(kargs.get('batch', 1), 'batch argument must be a number')
            options['duration'] = _number(kargs.get('duration', 0), 'duration argument must be a number')
            policy = kargs.get('onFailedPolicy', 'continue')
            if not isinstance(policy, str) or policy.lower() not in ('continue', 'abort', 'retry'):
                raise error('onFailedPolicy must be Continue/Abort/Retry')
            options['onFailedPolicy'] = policy.lower()
            options['onFailedRetryInterval'] = _number(kargs.get('onFailedRetryInterval', 1), 'retryInterval argument must be a number')
            options['trimStream'] = _boolean(kargs.get('trimStream', True), 'pyTrimmStream argument must be a boolean')
        else:
            trigger = kargs.get('trigger')
            if trigger is not None and not isinstance(trigger, str):
                raise error('trigger argument is not string')
            options['trigger'] = trigger
            hook = kargs.get('hook')
            options['hook'] = None if hook is None else str(hook)
            keyprefix = kargs.get('keyprefix')
            options['keyprefix'] = None if keyprefix is None else str(keyprefix)
            options['inorder'] = bool(kargs.get('inorder', False))
        return redisgears._register(self.reader, self.desc, self.steps, options)


GB = GearsBuilder

SESSION_NAMES = (
    'GB', 'GearsBuilder', 'execute', 'atomic', 'hashtag', 'log', 'configGet', 'gearsConfigGet', 'flat_error',
    'call_next', 'get_command', 'override_reply', 'isAsyncAllow', 'isInAtomicBlock', 'registerGearsThread', 'registerTE', 'Log', 'ConfigGet',
    'GearsConfigGet', 'gears', 'redisgears', 'gearsFuture', 'createFuture', 'setFutureResults', 'setFutureException', 'runCoroutine',
)


def _new_session_globals():
    namespace = globals()
    session = {name: namespace[name] for name in SESSION_NAMES}
    session['__builtins__'] = builtins
    session['__name__'] = '__main__'
    return session
