"""Shared pieces of the perf/ harnesses (compare, gears): a minimal RESP client, /proc helpers,
server processes that are always stopped, data loading.  Standard library only."""
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time

CLK_TCK = os.sysconf("SC_CLK_TCK")


def log(*a):
    try:
        print(*a, file=sys.stderr, flush=True)
    except (OSError, ValueError):      # stderr gone (e.g. `| tee` killed by the same Ctrl-C): keep going
        pass


# ---------------------------------------------------------------------------------------------
# Minimal RESP client
# ---------------------------------------------------------------------------------------------
class RespError(Exception):
    pass


class Resp:
    def __init__(self, port, timeout=10.0):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.f = self.sock.makefile("rb")

    def close(self):
        try:
            self.f.close()
            self.sock.close()
        except OSError:
            pass

    def call(self, *args):
        self.sock.sendall(encode_command([a if isinstance(a, bytes) else str(a).encode() for a in args]))
        return self.read()

    def read(self):
        line = self.f.readline()
        if not line.endswith(b"\r\n"):
            raise ConnectionError("connection closed")
        t, rest = line[:1], line[1:-2]
        if t == b"+":
            return rest.decode()
        if t == b"-":
            raise RespError(rest.decode(errors="replace"))
        if t == b":":
            return int(rest)
        if t == b"$":
            n = int(rest)
            if n < 0:
                return None
            return self.f.read(n + 2)[:-2]
        if t == b"*":
            n = int(rest)
            return None if n < 0 else [self.read() for _ in range(n)]
        raise ConnectionError("unexpected RESP type %r" % line[:40])


def resp_once(port, *args, timeout=10.0):
    c = Resp(port, timeout)
    try:
        return c.call(*args)
    finally:
        c.close()


def info_fields(port, section):
    try:
        raw = resp_once(port, "INFO", section)
    except (OSError, RespError, ConnectionError):
        return {}
    if isinstance(raw, bytes):
        raw = raw.decode(errors="replace")
    out = {}
    for line in (raw if isinstance(raw, str) else "").splitlines():
        if ":" in line and not line.startswith("#"):
            k, v = line.split(":", 1)
            out[k.strip()] = v.strip()
    return out


# ---------------------------------------------------------------------------------------------
# /proc helpers
# ---------------------------------------------------------------------------------------------
def proc_stat(pid):
    """(ppid, state, utime+stime ticks) or None."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            s = f.read()
    except OSError:
        return None
    fields = s[s.rindex(")") + 2:].split()
    return int(fields[1]), fields[0], int(fields[11]) + int(fields[12])


def cpu_ticks(pid):
    st = proc_stat(pid)
    return None if st is None else st[2]


def alive(pid):
    st = proc_stat(pid)
    return st is not None and st[1] not in ("Z", "X")


def rss_kb(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def loadavg():
    try:
        with open("/proc/loadavg") as f:
            return float(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def all_pids():
    return [int(p) for p in os.listdir("/proc") if p.isdigit()]


def descendants(root):
    """root and all its descendants (by ppid), with depth."""
    children = {}
    for p in all_pids():
        st = proc_stat(p)
        if st:
            children.setdefault(st[0], []).append(p)
    out, todo = {}, [(root, 0)]
    while todo:
        p, d = todo.pop()
        if p in out:
            continue
        out[p] = d
        todo.extend((c, d + 1) for c in children.get(p, ()))
    return out


def listening_pids(port):
    """pids holding a LISTEN tcp socket on `port` (any local address), via /proc/net/tcp* inodes."""
    inodes = set()
    for fn in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(fn) as f:
                next(f)
                for line in f:
                    parts = line.split()
                    if len(parts) > 9 and parts[3] == "0A" and int(parts[1].rsplit(":", 1)[1], 16) == port:
                        inodes.add(parts[9])
        except OSError:
            pass
    targets = {"socket:[%s]" % i for i in inodes}
    pids = []
    if not targets:
        return pids
    for p in all_pids():
        try:
            fds = os.listdir("/proc/%d/fd" % p)
        except OSError:
            continue
        for fd in fds:
            try:
                if os.readlink("/proc/%d/fd/%s" % (p, fd)) in targets:
                    pids.append(p)
                    break
            except OSError:
                continue
    return pids


def free_port(exclude=()):
    for _ in range(50):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
        if port not in exclude:
            return port
    raise RuntimeError("no free port")


# ---------------------------------------------------------------------------------------------
# Server process management
# ---------------------------------------------------------------------------------------------
SIGS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class Server:
    def __init__(self, label, argv, port, logdir):
        self.label, self.argv, self.port = label, argv, port
        self.log_path = os.path.join(logdir, "%s.log" % label.lower())
        self.popen = None
        self.pid = None            # the real server process (listener on the port)
        self.extra = set()         # other pids seen that must die with it

    def start(self):
        logf = open(self.log_path, "wb")
        # Block our signals while forking so a Ctrl-C cannot land between fork and registration;
        # the child unblocks them before exec.
        signal.pthread_sigmask(signal.SIG_BLOCK, SIGS)
        try:
            self.popen = subprocess.Popen(
                self.argv, stdin=subprocess.DEVNULL, stdout=logf, stderr=subprocess.STDOUT,
                start_new_session=True,   # own process group: killpg reaches wrappers + children
                preexec_fn=lambda: signal.pthread_sigmask(signal.SIG_UNBLOCK, SIGS))
        finally:
            logf.close()
            signal.pthread_sigmask(signal.SIG_UNBLOCK, SIGS)

    def log_tail(self, n=30):
        try:
            with open(self.log_path, "rb") as f:
                return b"\n".join(f.read().splitlines()[-n:]).decode(errors="replace")
        except OSError:
            return ""

    def wait_ready(self, timeout):
        deadline = time.time() + timeout
        last = None
        while time.time() < deadline:
            if self.popen.poll() is not None and not listening_pids(self.port):
                raise RuntimeError("%s exited with code %s before answering PING. Log tail:\n%s"
                                   % (self.label, self.popen.returncode, self.log_tail()))
            try:
                if resp_once(self.port, "PING", timeout=2) == "PONG":
                    self.pid = self.find_server_pid()
                    return
            except (OSError, ConnectionError, RespError) as e:
                last = e
            time.sleep(0.1)
        raise RuntimeError("%s did not answer PING on port %d within %ds (%s). Log tail:\n%s"
                           % (self.label, self.port, timeout, last, self.log_tail()))

    def find_server_pid(self):
        tree = descendants(self.popen.pid)
        listeners = listening_pids(self.port)
        ours = [p for p in listeners if p in tree]
        if ours:
            return min(ours, key=lambda p: (tree[p], p))      # shallowest listener in our tree
        if listeners:
            # daemonised / reparented: the port is one we chose, so the listener is ours.
            log("warning: %s listener pid %s is not a descendant of launched pid %d"
                % (self.label, listeners, self.popen.pid))
            self.extra.update(listeners)
            return min(listeners)
        live = [p for p in tree if alive(p)]
        if not live:
            raise RuntimeError("%s: cannot find the server process" % self.label)
        log("warning: %s: no listener found in /proc/net/tcp; using deepest child" % self.label)
        return max(live, key=lambda p: (tree[p], p))

    def stop(self, grace=5.0):
        if self.popen is None:
            return
        victims = set(self.extra)
        if self.pid:
            victims.add(self.pid)
        victims.update(descendants(self.popen.pid))
        victims.update(p for p in listening_pids(self.port) if p != os.getpid())
        victims.discard(os.getpid())

        def signal_all(sig):
            try:
                os.killpg(self.popen.pid, sig)
            except (ProcessLookupError, PermissionError):
                pass
            for p in victims:
                if alive(p):
                    try:
                        os.kill(p, sig)
                    except (ProcessLookupError, PermissionError):
                        pass

        def all_dead():
            self.popen.poll()
            for p in victims:          # reap orphans re-parented to us (we are a child subreaper)
                if p != self.popen.pid:
                    try:
                        os.waitpid(p, os.WNOHANG)
                    except ChildProcessError:
                        pass
            return self.popen.returncode is not None and not any(alive(p) for p in victims)

        signal_all(signal.SIGTERM)
        deadline = time.time() + grace
        while time.time() < deadline and not all_dead():
            time.sleep(0.05)
        if not all_dead():
            log("%s did not exit within %.0fs of SIGTERM: SIGKILL" % (self.label, grace))
            signal_all(signal.SIGKILL)
            deadline = time.time() + 5
            while time.time() < deadline and not all_dead():
                time.sleep(0.05)
        try:
            self.popen.wait(timeout=1)
        except subprocess.TimeoutExpired:
            pass
        self.popen = None


def become_subreaper():
    """Orphaned grandchildren (server under a wrapper that died) re-parent to us, so we can reap them."""
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)   # PR_SET_CHILD_SUBREAPER
    except Exception:
        pass


class Terminated(BaseException):
    pass


def on_signal(signum, frame):
    raise Terminated(signum)


# ---------------------------------------------------------------------------------------------
# Setup: tools, build
# ---------------------------------------------------------------------------------------------
def ensure_redis_tools():
    need = [t for t in ("redis-server", "redis-benchmark", "redis-cli") if not shutil.which(t)]
    if not need:
        return
    log("missing %s: installing Debian redis-server redis-tools" % ", ".join(need))
    if os.geteuid() != 0:
        raise SystemExit("need root to apt-get install redis-server redis-tools")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    # Do not let the package start a system redis service.
    policy = "/usr/sbin/policy-rc.d"
    made_policy = False
    if not os.path.exists(policy):
        with open(policy, "w") as f:
            f.write("#!/bin/sh\nexit 101\n")
        os.chmod(policy, 0o755)
        made_policy = True
    try:
        subprocess.run(["apt-get", "update"], check=True, env=env, stdout=sys.stderr)
        subprocess.run(["apt-get", "install", "-y", "--no-install-recommends", "redis-server", "redis-tools"],
                       check=True, env=env, stdout=sys.stderr)
    finally:
        if made_policy:
            os.unlink(policy)
    still = [t for t in ("redis-server", "redis-benchmark", "redis-cli") if not shutil.which(t)]
    if still:
        raise SystemExit("still missing after apt-get: %s" % ", ".join(still))


def build_hotgears(repo):
    script = os.path.join(repo, "hotgears")
    if not os.access(script, os.X_OK):
        raise SystemExit("%s not found or not executable (set HOTGEARS_SERVER to override)" % script)
    log("building/checking HotGears: %s --version" % script)
    t0 = time.time()
    r = subprocess.run([script, "--version"], cwd=repo, stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=1800)
    out = r.stdout.decode(errors="replace").strip()
    if r.returncode != 0:
        raise SystemExit("`%s --version` failed (rc %d):\n%s" % (script, r.returncode, out[-4000:]))
    version = out.splitlines()[-1] if out else "?"
    log("  %s (%.1fs)" % (version, time.time() - t0))
    return version


# ---------------------------------------------------------------------------------------------
# Data loading
# ---------------------------------------------------------------------------------------------
def encode_command(args):
    out = [b"*%d\r\n" % len(args)]
    for a in args:
        out.append(b"$%d\r\n%s\r\n" % (len(a), a))
    return b"".join(out)


def write_pipe(path, commands):
    """Writes commands (sequences of bytes arguments) as RESP for redis-cli --pipe; returns how many."""
    n = 0
    with open(path, "wb") as f:
        chunk = []
        for args in commands:
            chunk.append(encode_command(args))
            n += 1
            if len(chunk) >= 10000:
                f.write(b"".join(chunk))
                chunk = []
        f.write(b"".join(chunk))
    return n


def write_set_pipe(path, count, key_fmt, value_fn):
    return write_pipe(path, ((b"SET", key_fmt % i, value_fn(i)) for i in range(count)))


def command_starts(data):
    """Offsets of the commands in a RESP request file (multibulk only, as write_pipe writes)."""
    starts, at = [], 0
    while at < len(data):
        starts.append(at)
        eol = data.index(b"\r\n", at)
        argc = int(data[at + 1:eol])
        at = eol + 2
        for _ in range(argc):
            eol = data.index(b"\r\n", at)
            at = eol + 2 + int(data[at + 1:eol]) + 2
    return starts


def pipe_load(port, path, expect):
    """Load a RESP file with `redis-cli --pipe`; if that fails (it needs ECHO), use a plain pipelined loader."""
    try:
        echo_ok = resp_once(port, "ECHO", "perf-probe") == b"perf-probe"
    except (OSError, RespError, ConnectionError):
        echo_ok = False
    if echo_ok:
        with open(path, "rb") as f:
            r = subprocess.run(["redis-cli", "-h", "127.0.0.1", "-p", str(port), "--pipe"], stdin=f,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=600)
        out = r.stdout.decode(errors="replace")
        m = re.search(r"errors:\s*(\d+),\s*replies:\s*(\d+)", out)
        if r.returncode == 0 and m and int(m.group(1)) == 0 and int(m.group(2)) == expect:
            return
        log("  redis-cli --pipe to port %d failed (%s); using the built-in loader"
            % (port, " ".join(out.split())[-200:]))
    else:
        log("  port %d: no ECHO (redis-cli --pipe needs it); using the built-in loader" % port)
    c = Resp(port, timeout=60)
    try:
        with open(path, "rb") as f:
            data = f.read()
        starts = command_starts(data)
        if len(starts) != expect:
            raise RuntimeError("loader: %d commands in file, expected %d" % (len(starts), expect))
        batch, errors = 5000, []
        for i in range(0, len(starts), batch):
            j = i + batch
            c.sock.sendall(data[starts[i]:starts[j] if j < len(starts) else len(data)])
            for _ in range(min(batch, len(starts) - i)):
                try:
                    c.read()
                except RespError as e:
                    errors.append(str(e))
        if errors:
            raise RuntimeError("loading port %d: %d error replies, first: %s" % (port, len(errors), errors[0]))
    finally:
        c.close()


def median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def spread(xs):
    xs = [x for x in xs if x is not None]
    if len(xs) < 2:
        return None
    m = statistics.median(xs)
    return (max(xs) - min(xs)) / m * 100 if m else None


def fmt_int(x):
    return "-" if x is None else "{:,.0f}".format(x)


def fmt_f(x, nd=2, suffix=""):
    return "-" if x is None else ("{:.%df}" % nd).format(x) + suffix
