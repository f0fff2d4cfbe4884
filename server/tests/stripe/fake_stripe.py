#!/usr/bin/env python3
"""A fake of the parts of Stripe's API Petrel calls, for tests and for trying donations on a
machine that cannot reach Stripe. Standard library only.

It answers the real client (async-stripe) with complete objects its strict types accept:
  POST /v1/checkout/sessions   a Checkout Session (Idempotency-Key honoured: the same key gives
                               the same session), whose `url` is this server's checkout page
and serves a checkout page that "pays":
  GET  /pay/<session>          the page: amount, and Pay / Cancel
  POST /pay/<session>          pays: sends Petrel the events Stripe would send, signed exactly
                               as Stripe signs them (t=…,v1=HMAC-SHA256), then 303 to success_url
and, for tests:
  POST /_test/pay/<session>    pays without the redirect; answers the events it sent (JSON)
  POST /_test/event            signs and sends the posted JSON event to Petrel as it is
  GET  /_test/requests         what the client sent so far (method, path, headers, form), JSON

usage: fake_stripe.py --webhook URL --secret WHSEC [--port N]
Prints the port it listens on, then serves until killed.
"""
import argparse
import hashlib
import hmac
import html
import itertools
import json
import sys
import threading
import time
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOCK = threading.Lock()
COUNTER = itertools.count(1)
SESSIONS = {}
BY_KEY = {}
REQUESTS = []
ARGS = None


def sign(payload, secret, timestamp=None):
    t = int(timestamp if timestamp is not None else time.time())
    mac = hmac.new(secret.encode(), f"{t}.{payload}".encode(), hashlib.sha256).hexdigest()
    return f"t={t},v1={mac}"


def deliver(event):
    """Posts one event to Petrel, signed; returns Petrel's status."""
    payload = json.dumps(event, separators=(",", ":"))
    req = urllib.request.Request(
        ARGS.webhook,
        data=payload.encode(),
        headers={"Content-Type": "application/json", "Stripe-Signature": sign(payload, ARGS.secret)},
        method="POST",
    )
    try:
        with urllib.request.urlopen(req, timeout=10) as res:
            return res.status
    except urllib.error.HTTPError as e:
        return e.code
    except OSError:
        return 0


def envelope(kind, obj):
    n = next(COUNTER)
    return {
        "id": f"evt_fake_{n}", "object": "event", "api_version": "2026-09-30.endive",
        "created": int(time.time()), "livemode": False, "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None}, "type": kind, "data": {"object": obj},
    }


def session_object(s):
    return {
        "id": s["id"], "object": "checkout.session", "automatic_tax": {"enabled": False},
        "created": s["created"], "custom_fields": [], "custom_text": {},
        "expires_at": s["created"] + 86400, "livemode": False, "mode": s["mode"],
        "payment_method_types": ["card"], "payment_status": s["payment_status"],
        "shipping_options": [], "url": s["url"] if s["status"] == "open" else None,
        "status": s["status"], "client_reference_id": s["client_reference_id"],
        "metadata": s["metadata"], "amount_total": s["amount"], "currency": s["currency"],
        "customer": s.get("customer"), "payment_intent": s.get("payment_intent"),
        "subscription": s.get("subscription"), "success_url": s["success_url"],
        "cancel_url": s["cancel_url"],
    }


def nested(form, prefix):
    """`metadata[a]=b` → {'a': 'b'} for keys under `prefix`."""
    out = {}
    for k, v in form.items():
        if k.startswith(prefix + "[") and k.endswith("]"):
            out[k[len(prefix) + 1:-1]] = v
    return out


def pay(sid):
    """Pays a session; returns the events sent, and Petrel's answers."""
    with LOCK:
        s = SESSIONS[sid]
        if s["status"] != "open":
            return []
        n = next(COUNTER)
        s["status"] = "complete"
        s["payment_status"] = "paid"
        s["customer"] = f"cus_fake_{n}"
        if s["mode"] == "subscription":
            s["subscription"] = f"sub_fake_{n}"
        else:
            s["payment_intent"] = f"pi_fake_{n}"
        obj = session_object(s)
    event = envelope("checkout.session.completed", obj)
    status = deliver(event)
    return [{"event": event, "status": status}]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n).decode() if n else ""

    def send(self, status, payload, content_type="application/json", headers=None):
        data = payload.encode() if isinstance(payload, str) else payload
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def error(self, status, message):
        self.send(status, json.dumps({"error": {"type": "invalid_request_error", "message": message}}))

    def do_GET(self):
        if self.path == "/_test/requests":
            with LOCK:
                return self.send(200, json.dumps(REQUESTS))
        if self.path.startswith("/pay/"):
            sid = self.path[len("/pay/"):]
            s = SESSIONS.get(sid)
            if not s:
                return self.send(404, "no such session", "text/plain")
            amount = f"{s['amount'] / (1 if s['currency'] in ('jpy', 'krw') else 100):.2f} {s['currency'].upper()}"
            every = " every month" if s["mode"] == "subscription" else ""
            page = f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Fake Stripe checkout</title></head>
<body><main><h1>Fake Stripe checkout</h1><p>Pay <strong id="amount">{html.escape(amount)}{every}</strong>
for {html.escape(s['product'])}.</p>
<form method="post" action="/pay/{html.escape(sid)}"><button type="submit">Pay</button></form>
<p><a href="{html.escape(s['cancel_url'])}">Cancel</a></p></main></body></html>"""
            return self.send(200, page, "text/html; charset=utf-8")
        return self.send(404, "not found", "text/plain")

    def do_POST(self):
        raw = self.body()
        if self.path == "/v1/checkout/sessions":
            form = dict(urllib.parse.parse_qsl(raw, keep_blank_values=True))
            with LOCK:
                REQUESTS.append({"method": "POST", "path": self.path, "form": form,
                                 "idempotency_key": self.headers.get("Idempotency-Key"),
                                 "authorization": bool(self.headers.get("Authorization"))})
                key = self.headers.get("Idempotency-Key")
                if key and key in BY_KEY:
                    return self.send(200, json.dumps(session_object(SESSIONS[BY_KEY[key]])))
            try:
                amount = int(form["line_items[0][price_data][unit_amount]"])
                currency = form["line_items[0][price_data][currency]"]
                mode = form["mode"]
            except (KeyError, ValueError):
                return self.error(400, "line_items[0][price_data] and mode are required")
            if mode == "subscription" and form.get("line_items[0][price_data][recurring][interval]") != "month":
                return self.error(400, "a subscription needs a recurring price")
            with LOCK:
                sid = f"cs_test_fake_{next(COUNTER)}"
                s = {
                    "id": sid, "created": int(time.time()), "mode": mode, "amount": amount,
                    "currency": currency, "status": "open", "payment_status": "unpaid",
                    "success_url": form.get("success_url", ""), "cancel_url": form.get("cancel_url", ""),
                    "client_reference_id": form.get("client_reference_id"),
                    "metadata": nested(form, "metadata"),
                    "product": form.get("line_items[0][price_data][product_data][name]", ""),
                    "url": f"http://127.0.0.1:{self.server.server_port}/pay/{sid}",
                }
                SESSIONS[sid] = s
                if key:
                    BY_KEY[key] = sid
                return self.send(200, json.dumps(session_object(s)))
        if self.path.startswith("/pay/"):
            sid = self.path[len("/pay/"):]
            if sid not in SESSIONS:
                return self.send(404, "no such session", "text/plain")
            pay(sid)
            return self.send(303, "", "text/plain", {"Location": SESSIONS[sid]["success_url"]})
        if self.path.startswith("/_test/pay/"):
            sid = self.path[len("/_test/pay/"):]
            if sid not in SESSIONS:
                return self.error(404, "no such session")
            return self.send(200, json.dumps(pay(sid)))
        if self.path == "/_test/event":
            event = json.loads(raw)
            return self.send(200, json.dumps({"status": deliver(event)}))
        return self.error(404, f"unknown endpoint {self.path}")


def main():
    global ARGS
    parser = argparse.ArgumentParser()
    parser.add_argument("--webhook", required=True)
    parser.add_argument("--secret", required=True)
    parser.add_argument("--port", type=int, default=0)
    ARGS = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", ARGS.port), Handler)
    print(server.server_port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
