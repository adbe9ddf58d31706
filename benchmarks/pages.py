"""Median server time of pages, measured against the running gunicorn.

    make run &   # or: verdensmaal serve
    .venv/bin/python benchmarks/pages.py --base http://127.0.0.1:8000 --requests 200

Requests go one at a time over one keep-alive connection to the local server, so the figure is the
server's time per request plus loopback overhead, not a load test. Only loopback addresses are
allowed. The pages for members (the network overview) are read logged in as the demo secretariat
(``--user``/``--password``), over a second connection; the public pages logged out.

    VERDENSMAAL_DATA_DIR=var .venv/bin/python benchmarks/pages.py --in-process --requests 30

reads the same pages in this process through Django's test client instead (no server, no
socket; the page cache off), and gives each page's processor time next to its wall-clock time:
on a machine that other work keeps busy, the processor time is what the page costs.
"""

import argparse
import re
import statistics
import time
from urllib.parse import urlsplit

import httpx

PAGES = {
    "front page": "/",
    "goal page (goal 13)": "/goals/13/",
    "municipality list": "/municipalities/",
    "municipality profile (Vejle: dashboard, map, ranked chart)": "/municipalities/630/",
    "map of the SDG index": "/progress/",
    "map of an indicator in a year": "/progress/?view=indicator&indicator=DK-ENS-RESHARE",
    "goals side by side (Vejle and similar)": "/progress/matrix/?peers=similar-630",
    "indicator page with chart": "/indicators/DK-IFOR-LOWINC60/?area=630",
    "progress on the 17 goals (Vejle)": "/progress/municipalities/630/",
    "comparison of 98 municipalities, 3 methods, chart and map": (
        "/progress/indicators/DK-IFOR-LOWINC60/?area=630"
    ),
    "framework overview (Vejle, 10 charts)": "/frameworks/630/",
    "network programme": "/network/",
}
MEMBER_PAGES = {
    "network overview (members × 17 goals, their priorities and local targets)": (
        "/network/overview/"
    ),
}
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def measure(client: httpx.Client, path: str, count: int) -> list[float]:
    client.get(path).raise_for_status()  # warm up
    timings = []
    for _ in range(count):
        start = time.perf_counter()
        client.get(path).raise_for_status()
        timings.append(time.perf_counter() - start)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--user", default="sekretariat", help="for the members' pages")
    parser.add_argument("--password", default="demo-sekretariat-2020")
    parser.add_argument("--in-process", action="store_true", help="Django's test client")
    args = parser.parse_args()
    if args.in_process:
        in_process(args)
        return
    if urlsplit(args.base).hostname not in LOOPBACK:
        parser.error("benchmarks only run against a server on this machine (loopback)")
    print("| page | median | 95th percentile | requests |\n|---|---|---|---|")
    with httpx.Client(base_url=args.base, timeout=10) as client:
        for name, path in PAGES.items():
            report(name, path, measure(client, path, args.requests), args.requests)
    with httpx.Client(base_url=args.base, timeout=10) as client:
        login(client, args.user, args.password)
        for name, path in MEMBER_PAGES.items():
            report(name, path, measure(client, path, args.requests), args.requests)


def in_process(args) -> None:
    """Each page's median wall-clock and processor time through Django's test client."""
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verdensmaal.settings")
    os.environ["VERDENSMAAL_PAGE_CACHE"] = "off"
    os.environ["VERDENSMAAL_ALLOWED_HOSTS"] = "testserver"
    import django

    django.setup()
    import logging

    from django.test import Client

    logging.getLogger("verdensmaal.requests").setLevel(logging.WARNING)  # a line per request

    from verdensmaal.accounts.models import User

    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} at the start")
    print("| page | median wall | median processor | requests |\n|---|---|---|---|")
    member = Client()
    member.force_login(User.objects.get(username=args.user))
    for client, pages in ((Client(), PAGES), (member, MEMBER_PAGES)):
        for name, path in pages.items():
            if client.get(path).status_code != 200:  # the warm-up
                raise SystemExit(f"{path} did not answer 200")
            walls, cpus = [], []
            for _ in range(args.requests):
                wall, cpu = time.perf_counter(), time.process_time()
                client.get(path)
                walls.append(time.perf_counter() - wall)
                cpus.append(time.process_time() - cpu)
            print(
                f"| {name} (`{path}`) | {statistics.median(walls) * 1000:.1f} ms "
                f"| {statistics.median(cpus) * 1000:.1f} ms | {args.requests} |"
            )
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} at the end")


def login(client: httpx.Client, user: str, password: str) -> None:
    """Log in through the login form, as a browser does (its CSRF token, then the post)."""
    form = client.get("/accounts/login/")
    form.raise_for_status()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    answer = client.post(
        "/accounts/login/",
        data={"username": user, "password": password, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{client.base_url}accounts/login/"},
    )
    if answer.status_code != 302:
        raise SystemExit(f"logging in as {user} failed ({answer.status_code})")


def report(name: str, path: str, timings: list[float], count: int) -> None:
    timings = sorted(timings)
    median = statistics.median(timings) * 1000
    p95 = timings[int(len(timings) * 0.95) - 1] * 1000
    print(f"| {name} (`{path}`) | {median:.1f} ms | {p95:.1f} ms | {count} |")


if __name__ == "__main__":
    main()
