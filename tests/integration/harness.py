"""Server process management for the HotGears integration suite.

The server under test is given by the HOTGEARS_SERVER environment variable:
a shell command prefix to which `--port P --bind 127.0.0.1` (and possibly
other `--name value` options) is appended.  Default: <repo root>/hotgears.
To validate the suite against the reference implementation:

    HOTGEARS_SERVER="redis-server --save '' --appendonly no" \
        /usr/bin/python3 -m pytest -q tests/integration
"""
import os
import shlex
import signal
import socket
import subprocess
import tempfile
import time

import redis

from resp_client import RawClient

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(os.path.dirname(HERE))
HOST = "127.0.0.1"
STARTUP_TIMEOUT = float(os.environ.get("HOTGEARS_STARTUP_TIMEOUT", "120"))
REDIS_CLI = os.environ.get("REDIS_CLI", "redis-cli")


def raise_nofile_limit(wanted=8192):
    """Raise the soft RLIMIT_NOFILE (inherited by the servers we start)."""
    try:
        import resource
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        if soft != resource.RLIM_INFINITY and soft < target:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    except (ImportError, ValueError, OSError):
        pass
    try:
        import resource
        return resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    except ImportError:
        return None


raise_nofile_limit()


def server_prefix():
    cmd = os.environ.get("HOTGEARS_SERVER")
    if not cmd:
        cmd = shlex.quote(os.path.join(REPO_ROOT, "hotgears"))
    return cmd


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _ping(port, timeout=1.0):
    try:
        with socket.create_connection((HOST, port), timeout=timeout) as s:
            s.sendall(b"*1\r\n$4\r\nPING\r\n")
            data = b""
            while b"\r\n" not in data:
                chunk = s.recv(1024)
                if not chunk:
                    return False
                data += chunk
            return data.startswith(b"+PONG")
    except OSError:
        return False


class ServerProcess:
    """One running server instance (started in its own process group)."""

    def __init__(self, extra_args=(), conf=None, timeout=STARTUP_TIMEOUT):
        self.host = HOST
        self.port = free_port()
        prefix = server_prefix()
        if conf is not None:
            # A config file must come right after the executable
            # (`./hotgears path/to/conf --port P`, like redis-server).
            exe, _, rest = prefix.partition(" ")
            prefix = "%s %s %s" % (exe, shlex.quote(conf), rest)
        args = ["--port", str(self.port), "--bind", HOST] + [str(a) for a in extra_args]
        self.command = "exec %s %s" % (prefix, " ".join(shlex.quote(a) for a in args))
        self.log = tempfile.NamedTemporaryFile(prefix="hotgears-%d-" % self.port,
                                               suffix=".log", delete=False)
        self.proc = subprocess.Popen(self.command, shell=True, cwd=REPO_ROOT,
                                     stdout=self.log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL,
                                     start_new_session=True)
        self._wait_ready(timeout)

    def _log_tail(self):
        try:
            with open(self.log.name, "rb") as f:
                return f.read()[-4000:].decode(errors="replace")
        except OSError:
            return ""

    def _wait_ready(self, timeout):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("server exited with code %s: %s\n--- log ---\n%s"
                                   % (self.proc.returncode, self.command, self._log_tail()))
            if _ping(self.port):
                return
            time.sleep(0.05)
        self.stop()
        raise RuntimeError("server did not answer PING within %ss: %s\n--- log ---\n%s"
                           % (timeout, self.command, self._log_tail()))

    @property
    def addr(self):
        return (self.host, self.port)

    def alive(self):
        return self.proc.poll() is None

    def client(self, **kw):
        kw.setdefault("socket_timeout", 10)
        return redis.Redis(host=self.host, port=self.port, **kw)

    def raw(self, timeout=10.0):
        return RawClient(self.host, self.port, timeout=timeout)

    def stop(self):
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.proc.wait(timeout=10)
        else:
            # The main process is gone (e.g. SHUTDOWN); reap stragglers.
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        self.log.close()
        try:
            os.unlink(self.log.name)
        except OSError:
            pass


def run_cli(port, *args, input=None, timeout=60):
    """Run redis-cli -p PORT ARGS...; returns CompletedProcess (bytes)."""
    cmd = [REDIS_CLI, "-h", HOST, "-p", str(port)] + [str(a) for a in args]
    return subprocess.run(cmd, input=input, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=timeout)


def wait_for(check, timeout=10.0):
    """Polls check() until it returns something true or the timeout passes; returns its last value."""
    deadline = time.time() + timeout
    while True:
        value = check()
        if value or time.time() > deadline:
            return value
        time.sleep(0.02)
