#!/usr/bin/env python3
"""The second pass of issue #13's hostile review, against a real `petrel serve` (SQLite, file
mailbox, the demo campaign): the same probes the reviewer ran, each printing what it found.
Not part of the test suite — every finding has its own test there — but the way to look again
as an attacker would, with figures (memory, time) a test must not assert.

usage: probe_hardening.py PETREL_BINARY SITE_ROOT
Exits 1 if a probe finds the old defect again.
"""
import email
import email.policy
import http.cookiejar
import os
import pathlib
import re
import socket
import statistics
import subprocess
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from free_port import free_port  # noqa: E402
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

DEMO = "protect-russian-anti-war-exiles"
HOSTILE = 'Protect exiles</title><meta http-equiv="refresh" content="0;url=https://evil.example/"><title>'
failures = []


def report(ok, probe, figure):
    print(f"{'PASS' if ok else 'FAIL'}  {probe}: {figure}")
    if not ok:
        failures.append(probe)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def request(base, path, data=None, headers=None, follow=False, jar=None):
    handlers = [urllib.request.HTTPCookieProcessor(jar or http.cookiejar.CookieJar())]
    if not follow:
        handlers.append(NoRedirect())
    op = urllib.request.build_opener(*handlers)
    req = urllib.request.Request(base + path, data=data, headers={"Accept": "text/html", **(headers or {})})
    try:
        with op.open(req, timeout=60) as res:
            return res.status, res.read(), res.headers
    except urllib.error.HTTPError as e:
        return e.code, e.read(), e.headers


def form(fields):
    return urllib.parse.urlencode(fields).encode()


def token_of(html):
    found = re.search(rb'name="form_token" value="([^"]+)"', html)
    return found.group(1).decode() if found else ""


def messages_to(mailbox, address):
    out = []
    for name in sorted(os.listdir(mailbox)):
        msg = email.message_from_bytes(pathlib.Path(mailbox, name).read_bytes(), policy=email.policy.default)
        if address in str(msg["To"]):
            out.append(msg.get_body(("plain",)).get_content())
    return out


def wait_for_messages(mailbox, address, n):
    for _ in range(100):
        got = messages_to(mailbox, address)
        if len(got) >= n:
            return got
        time.sleep(0.1)
    return messages_to(mailbox, address)


def rss_kb(pid, field="VmRSS"):
    for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def sign(base, email_address, name, display, subscribe=False):
    status, html, _ = request(base, f"/en/campaigns/{DEMO}")
    token = token_of(html)
    time.sleep(2.1)
    fields = {"slug": DEMO, "locale": "en", "form_token": token, "name": name, "email": email_address,
              "country": "DE", "display": display, "website": "", "pow": ""}
    if subscribe:
        fields["subscribe"] = "on"
    status, body, _ = request(base, "/api/petitions/sign", form(fields))
    if status != 303:
        print(f"      (signing answered {status}: {body[:300]!r})")
    return status


def main():
    binary, site_root = sys.argv[1], sys.argv[2]
    work = tempfile.mkdtemp(prefix="petrel-probe-")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "PETREL_DATA_DIR": f"{work}/data", "PETREL_LISTEN": f"127.0.0.1:{port}",
           "PETREL_PUBLIC_URL": base, "PETREL_SITE_ROOT": site_root, "PETREL_MAIL__BACKEND": "file",
           "PETREL_LOG_LEVEL": "error", "PETREL_PAGE_CACHE_MS": "0"}
    env.pop("DATABASE_URL", None)
    run = lambda *args: subprocess.run([binary, *args], env=env, cwd=work, check=True, capture_output=True)
    server = subprocess.Popen([binary, "serve"], env=env, cwd=work,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(300):
            try:
                if request(base, "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.1)
        # After the first start, which seeds the demo campaign into the empty database.
        hostile = pathlib.Path(work, "hostile.toml")
        hostile.write_text(
            'slug = "hostile"\ndefault_locale = "en"\n[texts.en]\n'
            f"title = '{HOSTILE}'\nsummary = '{HOSTILE}'\naddressee = \"A\"\nbody = \"B\"\n")
        run("campaign", "create", str(hostile))
        accounts = [f"organizer{i}@example.org" for i in range(20)]
        for a in accounts:
            run("admin", "add", a, "--role", "organizer")
        mailbox = f"{work}/data/mailbox"
        probes(base, mailbox, server.pid, accounts)
    finally:
        server.terminate()
        server.wait(timeout=20)
    if failures:
        print(f"\n{len(failures)} probe(s) found a defect: {', '.join(failures)}")
        sys.exit(1)
    print("\nnothing from issue #13's list found again")


def probes(base, mailbox, pid, accounts):
    # 1. A hostile title: nothing of it may become markup in the head.
    _, html, _ = request(base, "/en/campaigns/hostile")
    head = html.split(b"</head>")[0]
    report(b'http-equiv="refresh"' not in head, "hostile title", "no meta refresh in <head>"
           if b'http-equiv="refresh"' not in head else "meta refresh injected")

    # 2. Pre-signing: an attacker signs with the victim's address, full name shown, list ticked;
    # the victim signs hidden and confirms their own email. Nothing of the attacker's shows.
    victim = f"victim-{int(time.time())}@example.org"
    sign(base, victim, "Attacker Chosen", "full", subscribe=True)
    sign(base, victim, "Real Victim", "hidden")
    mails = wait_for_messages(mailbox, victim, 2)
    link = re.search(r"https?://[^/\s]+(/\S*/confirm\?token=\S+)", mails[-1]) if mails else None
    if link:
        _, confirm_page, _ = request(base, link.group(1))
        token = link.group(1).split("token=")[1]
        request(base, "/api/petitions/confirm", form({"slug": DEMO, "locale": "en", "token": token}))
        time.sleep(6)  # the public list follows the counts job
        _, page, _ = request(base, f"/en/campaigns/{DEMO}")
        shown = b"Attacker Chosen" in page or b"Real Victim" in page
        report(not shown and b"will not be shown" in confirm_page, "pre-signing",
               "the confirm page says the name will not be shown; no name published" if not shown
               else "a name was published")
    else:
        report(False, "pre-signing", "no confirmation email arrived")

    # 3. One form token used again and again for a stranger's address: at most five emails a day.
    stranger = f"stranger-{int(time.time())}@example.org"
    _, html, _ = request(base, f"/en/campaigns/{DEMO}")
    token = token_of(html)
    time.sleep(2.1)
    for _ in range(10):
        request(base, "/api/petitions/sign", form({
            "slug": DEMO, "locale": "en", "form_token": token, "name": "Stranger", "email": stranger,
            "country": "DE", "display": "hidden", "website": "", "pow": ""}))
    got = len(wait_for_messages(mailbox, stranger, 5))
    time.sleep(2)
    got = len(messages_to(mailbox, stranger))
    report(got <= 5, "reused form token", f"{got} emails to one address from 10 submissions")

    # 4. Oversized anonymous uploads: refused before their body is read.
    before = rss_kb(pid)
    body = b"x" * (50 * 1024 * 1024)
    started = time.time()
    statuses = []
    for _ in range(4):
        try:
            statuses.append(request(base, "/admin/directory/import", body,
                                    {"Content-Type": "multipart/form-data; boundary=b"})[0])
        except OSError as e:  # the server may close the connection before all of it is sent
            statuses.append(type(e).__name__)
    grown = (rss_kb(pid) - before) // 1024
    report(grown < 40, "anonymous 50 MB uploads x4",
           f"answers {statuses}, resident memory grew {grown} MB, {time.time() - started:.1f} s")

    # 5. Slow headers: the connection is closed after timeouts.header_read_secs (10 s).
    host, port = base.removeprefix("http://").split(":")
    s = socket.create_connection((host, int(port)))
    s.sendall(b"GET /en/ HTTP/1.1\r\nHost: x\r\nX-Slow: 1\r\n")
    s.settimeout(60)
    started = time.time()
    try:
        while s.recv(4096):
            pass
        closed_after = time.time() - started
    except socket.timeout:
        closed_after = None
    s.close()
    report(closed_after is not None and closed_after < 20, "unfinished headers",
           f"closed after {closed_after:.1f} s" if closed_after is not None else "still open after 60 s")

    # 6. Sign-in link requests: the same time for an address with an account and without.
    def timed(address):
        started = time.perf_counter()
        request(base, "/api/auth/request-link", form({"email": address, "locale": "en"}),
                {"Sec-Fetch-Site": "same-origin"})
        return (time.perf_counter() - started) * 1000
    known, unknown = [], []
    for round_ in range(5):
        for i, a in enumerate(accounts):
            known.append(timed(a))
            unknown.append(timed(f"nobody{round_}-{i}@example.org"))
    k, u = statistics.median(known), statistics.median(unknown)
    report(abs(k - u) < 0.25 * max(k, u), "sign-in link timing",
           f"median {k:.2f} ms with an account, {u:.2f} ms without ({len(known)} each)")

    # 7. Made-up /api/ paths do not grow the metrics: no series names them.
    for i in range(300):
        request(base, f"/api/made-up-{i}/{i}", b"")
    named = sum(1 for line in request(base, "/metrics")[1].decode().splitlines() if "made-up" in line)
    report(named == 0, "metrics labels", f"{named} series name a made-up path after 300 of them")

if __name__ == "__main__":
    main()
