"""Capacity: concurrent users on the main public pages and the API, and logged-in users, against
gunicorn with PostgreSQL, on loopback.

    scripts/with_postgres.sh .venv/bin/python benchmarks/load.py
    scripts/with_postgres.sh .venv/bin/python benchmarks/load.py --configs sync:2,gthread:3x4
    scripts/with_postgres.sh .venv/bin/python benchmarks/load.py --page-cache off --users 100

A new data folder on the cluster of ``DATABASE_URL``: migrations, the reference data, the demo
data (organisations and users, the generated observations of every catalogue indicator, Vejle's
framework, the network season) and the static files. For each gunicorn configuration in
``--configs`` (``sync:N`` or ``gthread:NxT``), ``verdensmaal serve`` is started with it, every
page is asked for three times (pages and charts rendered in each worker), and then:

- ``--users`` visitors, not logged in, each asking for the next of ``PUBLIC_PAGES`` and the API
  paths that exist (``API_PATHS``; a path that answers 404 is left out and reported) as soon as
  the previous answer came (no think time unless ``--think``), for ``--duration`` seconds;
- ``--logged-in-users`` users logged in (sessions of the four demo users), the same way over
  ``LOGGED_IN_PAGES``.

The load generator is one asyncio process with a keep-alive HTTP/1.1 connection per user (a
connection closed by the server is opened again, as a browser would), so it costs the two cores
little next to the server. Reports requests per second, the 50th/95th/99th percentile of the
time from sending a request to having the whole answer, and errors (no answer, or 5xx/4xx).
"""

import argparse
import asyncio
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

PUBLIC_PAGES = [
    "/",
    "/goals/",
    "/goals/13/",
    "/municipalities/",
    "/municipalities/630/",
    "/indicators/",
    "/indicators/DK-IFOR-LOWINC60/?area=630",
    "/progress/municipalities/630/",
    "/progress/indicators/DK-IFOR-LOWINC60/",
    "/frameworks/",
    "/frameworks/630/",
    "/network/",
    "/methods/",
]
# The public API (/api/v1/, built beside this): each path that answers is part of the load.
API_PATHS = [
    "/api/v1/goals",
    "/api/v1/goals/13",
    "/api/v1/indicators",
    "/api/v1/indicators/DK-IFOR-LOWINC60",
    "/api/v1/areas",
    "/api/v1/areas/630",
    "/api/v1/programme",
    "/api/v1/frameworks",
    "/api/v1/observations?indicator=DK-IFOR-LOWINC60&area=630",
]
LOGGED_IN_PAGES = [
    "/",
    "/progress/municipalities/630/",
    "/frameworks/630/",
    "/network/",
    "/goals/13/",
    "/indicators/DK-IFOR-LOWINC60/?area=630",
    "/municipalities/630/",
    "/frameworks/",
]
DEMO_USERS = {
    "sekretariat": "demo-sekretariat-2020",
    "redaktoer": "demo-redaktoer-2020",
    "redaktoer2": "demo-redaktoer-2020",
    "deltager": "demo-deltager-2020",
}


def verdensmaal(environment: dict, *args: str) -> None:
    subprocess.run([sys.executable, "-m", "verdensmaal", *args], env=environment, check=True)


def prepare(data_dir: Path) -> dict:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("run with scripts/with_postgres.sh: the capacity is for PostgreSQL")
    environment = {**os.environ, "VERDENSMAAL_DATA_DIR": str(data_dir)}
    for command in (["migrate"], ["load_reference"], ["load_demo"], ["collectstatic"]):
        extra = ["--noinput"] if command[0] in ("migrate", "collectstatic") else []
        verdensmaal(environment, *command, *extra, "--verbosity", "0")
    return environment


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    def __init__(self, environment: dict, config: str, page_cache: str, log: Path):
        kind, _, size = config.partition(":")
        workers, _, threads = size.partition("x")
        self.port = free_port()
        self.environment = {
            **environment,
            "VERDENSMAAL_PAGE_CACHE": page_cache,
            "VERDENSMAAL_THREADS": threads if kind == "gthread" else "1",
            "WEB_CONCURRENCY": workers,
            "VERDENSMAAL_BIND": f"127.0.0.1:{self.port}",
        }
        self.log = log

    def __enter__(self):
        self.stderr = self.log.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "verdensmaal", "serve"],
            env=self.environment,
            stdout=subprocess.DEVNULL,
            stderr=self.stderr,
            start_new_session=True,
        )
        for _ in range(200):
            try:
                if get(self.port, "/healthz")[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.1)
        raise SystemExit(f"gunicorn did not start: see {self.log}")

    def __exit__(self, *exc):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)
        self.stderr.close()


def get(port: int, path: str, cookies: str = "") -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", path, headers={"Cookie": cookies} if cookies else {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body


def expect_ok(answer: tuple[int, bytes], path: str) -> None:
    if answer[0] != 200:
        raise SystemExit(f"{path} answered {answer[0]}")


def log_in(port: int, username: str) -> str:
    """A session cookie of the user, by the login form as a browser sends it."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", "/accounts/login/")
    page = connection.getresponse()
    html = page.read().decode()
    csrf_cookie = re.search(r"csrftoken=([^;]+)", page.getheader("Set-Cookie") or "").group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": username, "password": DEMO_USERS[username]}
    )
    connection.request(
        "POST",
        "/accounts/login/",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={csrf_cookie}",
        },
    )
    answer = connection.getresponse()
    answer.read()
    session = re.search(r"sessionid=([^;]+)", answer.getheader("Set-Cookie") or "")
    connection.close()
    if answer.status != 302 or session is None:
        raise SystemExit(f"could not log in as {username}: {answer.status}")
    return f"sessionid={session.group(1)}; csrftoken={csrf_cookie}"


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)
    by_path: dict[str, list[float]] = field(default_factory=dict)
    errors: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    seconds: float = 0.0
    generator_cpu: float = 0.0  # the load generator's own processor time: it shares the cores

    def summary(self) -> str:
        if not self.latencies:
            return f"no answers, {self.errors} errors"
        ms = sorted(latency * 1000 for latency in self.latencies)
        quantiles = statistics.quantiles(ms, n=100, method="inclusive")
        return (
            f"{len(ms) / self.seconds:.0f} req/s ({len(ms)} answers in {self.seconds:.0f} s), "
            f"p50 {quantiles[49]:.0f} ms, p95 {quantiles[94]:.0f} ms, "
            f"p99 {quantiles[98]:.0f} ms, errors {self.errors}, statuses {self.statuses}"
        )

    def paths(self) -> str:
        """Each path's median and 95th percentile, the slowest first."""
        rows = []
        for path, latencies in self.by_path.items():
            ms = sorted(latency * 1000 for latency in latencies)
            if len(ms) >= 2:
                quantiles = statistics.quantiles(ms, n=100, method="inclusive")
                rows.append((quantiles[94], quantiles[49], path))
        return "\n".join(
            f"   {path}: p50 {p50:.0f} ms, p95 {p95:.0f} ms"
            for p95, p50, path in sorted(rows)[::-1]
        )


async def _read_response(reader) -> tuple[int, bool]:
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionResetError("closed")
    status = int(status_line.split()[1])
    length, chunked, close = None, False, False
    while (line := await reader.readline()) not in (b"\r\n", b"\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        name = name.strip().lower()
        if name == "content-length":
            length = int(value)
        elif name == "transfer-encoding" and "chunked" in value.lower():
            chunked = True
        elif name == "connection" and "close" in value.lower():
            close = True
    if chunked:
        while (size := int((await reader.readline()).split(b";")[0], 16)) > 0:
            await reader.readexactly(size + 2)
        await reader.readline()
    elif length is not None:
        await reader.readexactly(length)
    elif status not in (204, 304):
        await reader.read()  # to the end of the connection
        close = True
    return status, close


async def _user(port, paths, cookies, think, deadline, result, start_index):
    index = start_index
    reader = writer = None
    while time.perf_counter() < deadline:
        path = paths[index % len(paths)]
        index += 1
        request = (
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUser-Agent: verdensmaal-load\r\n"
            "Accept-Encoding: gzip, deflate, br\r\n"
            + (f"Cookie: {cookies}\r\n" if cookies else "")
            + "\r\n"
        ).encode()
        started = time.perf_counter()
        try:
            try:
                reused = writer is not None
                if not reused:
                    reader, writer = await asyncio.open_connection("127.0.0.1", port)
                writer.write(request)
                status, close = await _read_response(reader)
            except (ConnectionError, asyncio.IncompleteReadError):
                if not reused:
                    raise
                # the server closed the idle connection (keep-alive timeout) as the request went
                # out: a browser sends it again on a new one, and so does this
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                writer.write(request)
                status, close = await _read_response(reader)
        except (OSError, ConnectionError, asyncio.IncompleteReadError, ValueError, IndexError):
            result.errors += 1
            if writer is not None:
                writer.close()
            reader = writer = None
            await asyncio.sleep(0.05)
            continue
        result.latencies.append(time.perf_counter() - started)
        result.by_path.setdefault(path, []).append(result.latencies[-1])
        result.statuses[status] = result.statuses.get(status, 0) + 1
        if status >= 400:
            result.errors += 1
        if close:
            writer.close()
            reader = writer = None
        if think:
            await asyncio.sleep(random.uniform(0, 2 * think))
    if writer is not None:
        writer.close()


async def _load(port, paths, sessions, users, duration, think) -> Result:
    result = Result()
    started = time.perf_counter()
    deadline = started + duration
    await asyncio.gather(
        *(
            _user(
                port,
                paths,
                sessions[n % len(sessions)] if sessions else "",
                think,
                deadline,
                result,
                n * 7,
            )
            for n in range(users)
        )
    )
    result.seconds = time.perf_counter() - started
    return result


def load(port, paths, sessions, users, duration, think) -> Result:
    cpu = time.process_time()
    result = asyncio.run(_load(port, paths, sessions, users, duration, think))
    result.generator_cpu = time.process_time() - cpu
    return result


TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid: str) -> list[str]:
    text = Path(f"/proc/{pid}/stat").read_text()
    return text[text.rindex(")") + 2 :].split()  # the fields after the command name


def server_cpu(server_group: int) -> float:
    """Processor seconds used so far by gunicorn (its process group) and by the PostgreSQL
    cluster of DATABASE_URL (its postmaster's children): independent of what else runs."""
    postmaster = None
    host = urllib.parse.parse_qs(urllib.parse.urlparse(os.environ["DATABASE_URL"]).query)
    if "host" in host:
        pid_file = Path(host["host"][0]) / "data" / "postmaster.pid"
        if pid_file.exists():
            postmaster = pid_file.read_text().split()[0]
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = _stat(entry.name)
        except OSError:
            continue
        # fields: state ppid pgrp ... utime (index 11) stime (12)
        if int(fields[2]) == server_group or fields[1] == postmaster or entry.name == postmaster:
            total += (int(fields[11]) + int(fields[12])) / TICKS
    return total


def server_side(log: Path, since: int) -> str:
    """What the server's own request log says about the requests after byte ``since``: how many
    the page cache answered, and the time spent in Django (not waiting for a worker)."""
    hits = misses = 0
    durations = []
    with log.open("rb") as lines:
        lines.seek(since)
        for line in lines:
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if entry.get("event") != "request":
                continue
            durations.append(entry["duration_ms"])
            hits += entry.get("page_cache") == "hit"
            misses += entry.get("page_cache") == "miss"
    if not durations:
        return "no request log"
    quantiles = statistics.quantiles(durations, n=100, method="inclusive")
    return (
        f"in Django: p50 {quantiles[49]:.1f} ms, p95 {quantiles[94]:.1f} ms; "
        f"page cache {hits} hits, {misses} misses"
    )


def per_request(cpu: float, result: Result) -> str:
    """The server's processor time per answer, and what two idle cores could answer at most."""
    answers = len(result.latencies)
    if not answers:
        return ""
    each = cpu / answers
    load_average = os.getloadavg()[0]
    return (
        f"server processor time {each * 1000:.2f} ms an answer (gunicorn and PostgreSQL): "
        f"at most {2 / each:.0f} answers/s on 2 idle cores; the load generator's own "
        f"{result.generator_cpu / answers * 1000:.2f} ms an answer; load average now "
        f"{load_average:.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--configs", default="gthread:3x4", help="e.g. sync:2,gthread:3x4")
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--logged-in-users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument(
        "--think", type=float, default=0, help="visitors' mean seconds between requests"
    )
    parser.add_argument(
        "--logged-in-think",
        type=float,
        default=0,
        help="logged-in users' mean seconds between requests",
    )
    parser.add_argument("--page-cache", default="file", choices=["file", "database", "off"])
    options = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="vm-load-"))
    try:
        environment = prepare(work)
        if options.page_cache == "database":
            verdensmaal({**environment, "VERDENSMAAL_PAGE_CACHE": "database"}, "createcachetable")
        print(
            f"{os.cpu_count()} cores; page cache: {options.page_cache}; think time: visitors "
            f"{options.think} s, logged-in users {options.logged_in_think} s"
        )
        for config in options.configs.split(","):
            with Server(environment, config, options.page_cache, work / "server.log") as server:
                api = [p for p in API_PATHS if get(server.port, p)[0] == 200]
                missing = sorted(set(API_PATHS) - set(api))
                public = PUBLIC_PAGES + api
                for path in public:
                    for _ in range(3):  # every worker process renders its charts once
                        expect_ok(get(server.port, path), path)
                print(f"\n== {config}: {len(PUBLIC_PAGES)} pages, {len(api)} API paths")
                if missing:
                    print(f"   API paths left out (not 200): {', '.join(missing)}")
                if options.users:
                    since, cpu = server.log.stat().st_size, server_cpu(server.process.pid)
                    result = load(
                        server.port, public, [], options.users, options.duration, options.think
                    )
                    print(f"{options.users} visitors: {result.summary()}", flush=True)
                    print(f"   {server_side(server.log, since)}", flush=True)
                    print(f"   {per_request(server_cpu(server.process.pid) - cpu, result)}")
                if options.logged_in_users:
                    sessions = [log_in(server.port, user) for user in DEMO_USERS for _ in range(3)]
                    for path in LOGGED_IN_PAGES:
                        expect_ok(get(server.port, path, sessions[0]), path)
                    since, cpu = server.log.stat().st_size, server_cpu(server.process.pid)
                    result = load(
                        server.port,
                        LOGGED_IN_PAGES,
                        sessions,
                        options.logged_in_users,
                        options.duration,
                        options.logged_in_think,
                    )
                    print(f"{options.logged_in_users} logged-in users: {result.summary()}")
                    print(result.paths())
                    print(f"   {server_side(server.log, since)}", flush=True)
                    print(f"   {per_request(server_cpu(server.process.pid) - cpu, result)}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
