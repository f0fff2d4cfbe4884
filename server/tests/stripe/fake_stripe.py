#!/usr/bin/env python3
"""A fake of the parts of Stripe's API Petrel calls, for tests and for trying donations on a
machine that cannot reach Stripe. Standard library only.

It answers the real client (async-stripe) with complete objects its strict types accept:
  POST   /v1/checkout/sessions        a Checkout Session (Idempotency-Key honoured: the same key
                                      gives the same session), whose `url` is this server's
                                      checkout page
  DELETE /v1/subscriptions/<id>       cancels a monthly gift; sends customer.subscription.deleted
  POST   /v1/billing_portal/sessions  a customer-portal session whose `url` is this server's
                                      portal page
  POST   /v1/refunds                  refunds a payment in full (Idempotency-Key honoured);
                                      sends charge.refunded
  GET    /v1/balance_transactions/<id> a payment's balance transaction, with Stripe's fee
and serves the pages a donor sees on Stripe's site:
  GET  /pay/<session>          the checkout page: amount, and Pay / Cancel
  POST /pay/<session>          pays: sends Petrel the events Stripe would send, signed exactly
                               as Stripe signs them (t=…,v1=HMAC-SHA256), then 303 to success_url
                               (checkout.session.completed; a monthly gift's invoice.paid; then
                               charge.succeeded, whose balance transaction has the fee)
  GET  /portal/<id>            the customer portal: change the card, cancel, return
  POST /portal/<id>/cancel     cancels the subscription, then 303 to the return URL
and, for tests:
  POST /_test/pay/<session>    pays without the redirect; answers the events it sent (JSON)
  POST /_test/renew/<sub>      a month later: invoice.paid for the next month (JSON: events)
  POST /_test/fail/<sub>       the next month's payment fails: invoice.payment_failed
  POST /_test/dispute/<pi>     {"status": "needs_response" | "won" | "lost"}: a dispute opened
                               (charge.dispute.created) or decided (charge.dispute.closed)
  POST /_test/event            signs and sends the posted JSON event to Petrel as it is
  GET  /_test/requests         what the client sent so far (method, path, headers, form), JSON
  GET  /_test/events           every event sent so far, in order, JSON

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

LOCK = threading.RLock()
COUNTER = itertools.count(1)
SESSIONS = {}
BY_KEY = {}
REQUESTS = []
# Monthly gifts: id → {customer, amount, currency, status, created}.
SUBSCRIPTIONS = {}
# Payments: payment intent → {amount, currency, customer, refunded}.
PAYMENTS = {}
PORTALS = {}
REFUNDS_BY_KEY = {}
# Every event sent, in order.
EVENTS = []
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


def subscription_object(sub_id):
    sub = SUBSCRIPTIONS[sub_id]
    return {
        "id": sub_id, "object": "subscription", "automatic_tax": {"enabled": False},
        "billing_cycle_anchor": sub["created"], "billing_mode": {"type": "classic"},
        "billing_schedules": [], "cancel_at_period_end": False,
        "canceled_at": sub.get("canceled_at"), "collection_method": "charge_automatically",
        "created": sub["created"], "currency": sub["currency"], "customer": sub["customer"],
        "discounts": [], "ended_at": sub.get("canceled_at"),
        "invoice_settings": {"issuer": {"type": "self"}},
        "items": {"object": "list", "data": [], "has_more": False,
                  "url": f"/v1/subscription_items?subscription={sub_id}"},
        "livemode": False, "metadata": sub["metadata"], "start_date": sub["created"],
        "status": sub["status"],
    }


def invoice_object(sub_id, invoice_id, pi, reason, paid):
    sub = SUBSCRIPTIONS[sub_id]
    now = int(time.time())
    amount = sub["amount"]
    payments = {"object": "list", "has_more": False, "url": f"/v1/invoice_payments?invoice={invoice_id}", "data": [{
        "id": f"inpay_{invoice_id}", "object": "invoice_payment", "amount_paid": amount if paid else None,
        "amount_requested": amount, "created": now, "currency": sub["currency"], "invoice": invoice_id,
        "is_default": True, "livemode": False, "status": "paid" if paid else "open",
        "payment": {"type": "payment_intent", "payment_intent": pi}, "status_transitions": {},
    }]}
    return {
        "id": invoice_id, "object": "invoice", "amount_due": amount, "amount_overpaid": 0,
        "amount_paid": amount if paid else 0, "amount_remaining": 0 if paid else amount,
        "amount_shipping": 0, "attempt_count": 1, "attempted": True,
        "automatic_tax": {"enabled": False}, "billing_reason": reason,
        "collection_method": "charge_automatically", "created": now, "currency": sub["currency"],
        "customer": sub["customer"], "default_tax_rates": [], "discounts": [],
        "issuer": {"type": "self"},
        "lines": {"object": "list", "data": [], "has_more": False, "url": f"/v1/invoices/{invoice_id}/lines"},
        "livemode": False, "metadata": {},
        "parent": {"type": "subscription_details", "subscription_details": {"subscription": sub_id, "metadata": sub["metadata"]}},
        "payment_settings": {}, "payments": payments, "period_end": now, "period_start": now,
        "post_payment_credit_notes_amount": 0, "pre_payment_credit_notes_amount": 0,
        "starting_balance": 0, "status": "paid" if paid else "open", "status_transitions": {},
        "subtotal": amount, "total": amount,
    }


def charge_object(pi):
    p = PAYMENTS[pi]
    return {
        "id": f"ch_{pi}", "object": "charge", "amount": p["amount"], "amount_captured": p["amount"],
        "amount_refunded": p["refunded"], "billing_details": {}, "captured": True,
        "created": int(time.time()), "currency": p["currency"], "disputed": False, "livemode": False,
        "metadata": {}, "paid": True, "refunded": p["refunded"] >= p["amount"], "status": "succeeded",
        "payment_intent": pi, "balance_transaction": f"txn_{pi}",
    }


def fee_of(p):
    """Stripe's fee, as its European card pricing would take it (1.5 % + 0.25; yen 3.6 %)."""
    if p["currency"] in ("jpy", "krw"):
        return round(p["amount"] * 0.036)
    return round(p["amount"] * 0.015) + 25


def balance_transaction_object(pi):
    p = PAYMENTS[pi]
    fee = fee_of(p)
    now = int(time.time())
    return {
        "id": f"txn_{pi}", "object": "balance_transaction", "amount": p["amount"],
        "available_on": now + 7 * 86400, "balance_type": "payments", "created": now,
        "currency": p["currency"], "fee": fee,
        "fee_details": [{"amount": fee, "currency": p["currency"], "description": "Stripe processing fees", "type": "stripe_fee"}],
        "net": p["amount"] - fee, "reporting_category": "charge", "source": f"ch_{pi}",
        "status": "pending", "type": "charge",
    }


def dispute_object(pi, status):
    p = PAYMENTS[pi]
    return {
        "id": f"dp_{pi}", "object": "dispute", "amount": p["amount"], "balance_transactions": [],
        "charge": f"ch_{pi}", "created": int(time.time()), "currency": p["currency"],
        "enhanced_eligibility_types": [], "evidence": {"enhanced_evidence": {}},
        "evidence_details": {"enhanced_eligibility": {}, "has_evidence": False, "past_due": False,
                             "submission_count": 0},
        "is_charge_refundable": False, "livemode": False, "metadata": {}, "payment_intent": pi,
        "reason": "fraudulent", "status": status,
    }


def sent(event):
    with LOCK:
        EVENTS.append(event)
    return {"event": event, "status": deliver(event)}


def renew(sub_id, reason="subscription_cycle"):
    """A paid month of a gift: its invoice.paid event (after the payment it records)."""
    with LOCK:
        sub = SUBSCRIPTIONS[sub_id]
        n = next(COUNTER)
        pi = f"pi_fake_{n}"
        PAYMENTS[pi] = {"amount": sub["amount"], "currency": sub["currency"],
                        "customer": sub["customer"], "refunded": 0}
        obj = invoice_object(sub_id, f"in_fake_{n}", pi, reason, True)
        charge = charge_object(pi)
    paid = sent(envelope("invoice.paid", obj))
    sent(envelope("charge.succeeded", charge))
    return paid


def cancel(sub_id):
    """Cancels a gift (once); returns the subscription as it is now."""
    with LOCK:
        sub = SUBSCRIPTIONS[sub_id]
        newly = sub["status"] != "canceled"
        if newly:
            sub["status"] = "canceled"
            sub["canceled_at"] = int(time.time())
        obj = subscription_object(sub_id)
    if newly:
        sent(envelope("customer.subscription.deleted", obj))
    return obj


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
            SUBSCRIPTIONS[s["subscription"]] = {
                "customer": s["customer"], "amount": s["amount"], "currency": s["currency"],
                "status": "active", "created": int(time.time()), "metadata": s["metadata"],
            }
        else:
            s["payment_intent"] = f"pi_fake_{n}"
            PAYMENTS[s["payment_intent"]] = {"amount": s["amount"], "currency": s["currency"],
                                             "customer": s["customer"], "refunded": 0}
        obj = session_object(s)
    events = [sent(envelope("checkout.session.completed", obj))]
    if s["mode"] == "subscription":
        events.append(renew(s["subscription"], "subscription_create"))
    else:
        with LOCK:
            charge = charge_object(s["payment_intent"])
        events.append(sent(envelope("charge.succeeded", charge)))
    return events


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
        if self.path.startswith("/v1/balance_transactions/"):
            self.record({})
            txn = self.path[len("/v1/balance_transactions/"):].split("?")[0]
            pi = txn[len("txn_"):]
            with LOCK:
                if not txn.startswith("txn_") or pi not in PAYMENTS:
                    return self.error(404, f"No such balance transaction: '{txn}'")
                return self.send(200, json.dumps(balance_transaction_object(pi)))
        if self.path == "/_test/events":
            with LOCK:
                return self.send(200, json.dumps(EVENTS))
        if self.path.startswith("/portal/"):
            pid = self.path[len("/portal/"):]
            portal = PORTALS.get(pid)
            if not portal:
                return self.send(404, "no such portal session", "text/plain")
            page = f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Fake Stripe customer portal</title></head>
<body><main><h1>Fake Stripe customer portal</h1><p>Your card: •••• 4242</p>
<form method="post" action="/portal/{html.escape(pid)}/cancel"><button type="submit">Cancel subscription</button></form>
<p><a href="{html.escape(portal['return_url'])}">Return</a></p></main></body></html>"""
            return self.send(200, page, "text/html; charset=utf-8")
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

    def record(self, form):
        with LOCK:
            REQUESTS.append({"method": self.command, "path": self.path, "form": form,
                             "idempotency_key": self.headers.get("Idempotency-Key"),
                             "authorization": bool(self.headers.get("Authorization"))})

    def do_DELETE(self):
        self.body()
        self.record({})
        if self.path.startswith("/v1/subscriptions/"):
            sub_id = self.path[len("/v1/subscriptions/"):].split("?")[0]
            if sub_id not in SUBSCRIPTIONS:
                return self.error(404, f"No such subscription: '{sub_id}'")
            return self.send(200, json.dumps(cancel(sub_id)))
        return self.error(404, f"unknown endpoint {self.path}")

    def do_POST(self):
        raw = self.body()
        if self.path == "/v1/billing_portal/sessions":
            form = dict(urllib.parse.parse_qsl(raw, keep_blank_values=True))
            self.record(form)
            customer = form.get("customer", "")
            if not any(sub["customer"] == customer for sub in SUBSCRIPTIONS.values()):
                return self.error(404, f"No such customer: '{customer}'")
            with LOCK:
                pid = f"bps_fake_{next(COUNTER)}"
                PORTALS[pid] = {"customer": customer, "return_url": form.get("return_url", "")}
            return self.send(200, json.dumps({
                "id": pid, "object": "billing_portal.session", "configuration": "bpc_fake",
                "created": int(time.time()), "customer": customer, "livemode": False,
                "locale": form.get("locale"), "return_url": form.get("return_url"),
                "url": f"http://127.0.0.1:{self.server.server_port}/portal/{pid}",
            }))
        if self.path == "/v1/refunds":
            form = dict(urllib.parse.parse_qsl(raw, keep_blank_values=True))
            self.record(form)
            key = self.headers.get("Idempotency-Key")
            pi = form.get("payment_intent", "")
            with LOCK:
                if key and key in REFUNDS_BY_KEY:
                    return self.send(200, json.dumps(REFUNDS_BY_KEY[key]))
                p = PAYMENTS.get(pi)
                if p is None:
                    return self.error(404, f"No such payment_intent: '{pi}'")
                if p["refunded"] >= p["amount"]:
                    return self.error(400, "Charge has already been refunded.")
                amount = p["amount"] - p["refunded"]
                p["refunded"] = p["amount"]
                refund = {"id": f"re_fake_{next(COUNTER)}", "object": "refund", "amount": amount,
                          "created": int(time.time()), "currency": p["currency"],
                          "payment_intent": pi, "status": "succeeded", "metadata": {}}
                if key:
                    REFUNDS_BY_KEY[key] = refund
                charge = charge_object(pi)
            sent(envelope("charge.refunded", charge))
            return self.send(200, json.dumps(refund))
        if self.path.startswith("/portal/") and self.path.endswith("/cancel"):
            pid = self.path[len("/portal/"):-len("/cancel")]
            portal = PORTALS.get(pid)
            if not portal:
                return self.send(404, "no such portal session", "text/plain")
            for sub_id, sub in list(SUBSCRIPTIONS.items()):
                if sub["customer"] == portal["customer"]:
                    cancel(sub_id)
            return self.send(303, "", "text/plain", {"Location": portal["return_url"]})
        if self.path.startswith("/_test/renew/"):
            sub_id = self.path[len("/_test/renew/"):]
            if sub_id not in SUBSCRIPTIONS:
                return self.error(404, "no such subscription")
            return self.send(200, json.dumps([renew(sub_id)]))
        if self.path.startswith("/_test/fail/"):
            sub_id = self.path[len("/_test/fail/"):]
            if sub_id not in SUBSCRIPTIONS:
                return self.error(404, "no such subscription")
            with LOCK:
                n = next(COUNTER)
                obj = invoice_object(sub_id, f"in_fake_{n}", f"pi_fake_{n}", "subscription_cycle", False)
            return self.send(200, json.dumps([sent(envelope("invoice.payment_failed", obj))]))
        if self.path.startswith("/_test/dispute/"):
            pi = self.path[len("/_test/dispute/"):]
            if pi not in PAYMENTS:
                return self.error(404, "no such payment")
            status = (json.loads(raw or "{}")).get("status", "needs_response")
            kind = "charge.dispute.created" if status == "needs_response" else "charge.dispute.closed"
            with LOCK:
                obj = dispute_object(pi, status)
            return self.send(200, json.dumps([sent(envelope(kind, obj))]))
        if self.path == "/v1/checkout/sessions":
            form = dict(urllib.parse.parse_qsl(raw, keep_blank_values=True))
            self.record(form)
            with LOCK:
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
