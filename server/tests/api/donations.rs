//! Funds: the public page with what was raised and spent, the ledger month by month, the
//! donors who chose to be named (and nobody else), in the reader's language and currency
//! format; without Stripe, the configured way to give instead of a card form.
use crate::helpers::{
    Backend, TestApp, backends, parse, spawn_app, spawn_app_with, spawn_app_with_smtp_and,
};
use app::domain::{DonationKind, DonationState};
use app::ssr::entities::donation;
use petrel::demo::DEMO_FUND;
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};

/// A paid donation of `amount` cents to the demo fund, as Stripe's events would leave it.
async fn paid(
    app: &TestApp,
    amount: i64,
    fee: i64,
    name: Option<&str>,
    who: &str,
    kind: DonationKind,
) {
    let fund = app
        .query_i64(&format!("SELECT id FROM funds WHERE slug = '{DEMO_FUND}'"))
        .await;
    let now = app::ssr::time::now_ms();
    donation::ActiveModel {
        fund_id: Set(fund),
        kind: Set(kind.as_str().into()),
        state: Set(DonationState::Paid.as_str().into()),
        amount_minor: Set(amount),
        currency: Set("eur".into()),
        fee_minor: Set(Some(fee)),
        refunded_minor: Set(0),
        disputed_minor: Set(0),
        display: Set(if name.is_some() { "full" } else { "hidden" }.into()),
        public_name: Set(name.map(str::to_owned)),
        public_message: Set(name.map(|_| "Stay safe".to_owned())),
        donor_sealed: Set(Some(app.app.app.vault.seal_str("donations.donor", who))),
        email_hash: Set(app.app.app.vault.lookup_hash("donation.email", who)),
        locale: Set("en".into()),
        campaign_id: Set(None),
        ref_code: Set(None),
        idempotency_key: Set(format!("test-{who}-{amount}-{now}")),
        checkout_session_id: Set(None),
        payment_intent_id: Set(None),
        subscription_id: Set(None),
        invoice_id: Set(None),
        customer_id: Set(None),
        manage_token_hash: Set(None),
        created_at: Set(now),
        paid_at: Set(Some(now)),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("donation");
}

#[tokio::test]
async fn a_fund_shows_its_ledger_and_only_the_names_donors_chose() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        // The demo fund comes with two payments out (1,200 and 350 euros).
        paid(
            &app,
            2_500,
            95,
            Some("Maria K."),
            "maria@example.org",
            DonationKind::Once,
        )
        .await;
        paid(
            &app,
            10_000,
            320,
            None,
            "secret.donor@example.org",
            DonationKind::Monthly,
        )
        .await;
        paid(
            &app,
            1_000,
            55,
            None,
            "secret.donor@example.org",
            DonationKind::Monthly,
        )
        .await;
        let res = app.get(&format!("/en/funds/{DEMO_FUND}")).await;
        assert_eq!(res.status(), 200, "{backend:?}");
        let html = res.text().await.expect("body");
        assert!(html.contains("<h1>Legal aid for exiles</h1>"), "{html}");
        // Raised 135 euros gross; 4.70 in fees: 130.30 net; 1,550 spent: -1,419.70.
        assert!(html.contains("€135.00"), "gross: {html}");
        assert!(html.contains("€130.30 after Stripe"), "net");
        assert!(html.contains("Balance: -€1,419.70"), "balance: {html}");
        assert!(
            html.contains("€1,200.00") && html.contains("Legal fees"),
            "money out"
        );
        assert!(html.contains("Asylum appeal before an administrative court, Germany"));
        assert!(html.contains("2 people have given"), "donors by address");
        assert!(html.contains("1 gives every month"));
        assert!(html.contains("Maria K.") && html.contains("Stay safe"));
        assert!(!html.contains("secret.donor"), "no address anywhere");
        // No card form without Stripe; the site says so.
        assert!(html.contains("Card payments are not set up on this site."));
        // In Russian, amounts are written as Russians write them.
        let html = app
            .get(&format!("/ru/funds/{DEMO_FUND}"))
            .await
            .text()
            .await
            .expect("body");
        assert!(html.contains("Юридическая помощь эмигрантам"));
        assert!(html.contains("1\u{a0}200,00\u{a0}€"), "{html}");
        assert!(html.contains("Помогли 2 человека"));
        // The home page lists the fund.
        let home = app.get("/en/").await.text().await.expect("body");
        assert!(
            home.contains(&format!("href=\"/en/funds/{DEMO_FUND}\"")),
            "{home}"
        );
        // A fund that does not exist is a 404 page.
        assert_eq!(app.get("/en/funds/no-such-fund").await.status(), 404);
    }
}

/// Without Stripe, the page shows the operator's alternative (bank transfer details) in the
/// reader's language, else the default language's.
#[tokio::test]
async fn without_stripe_the_alternative_is_shown() {
    let app = spawn_app_with(crate::helpers::Backend::Sqlite, |s| {
        s.donations.alternative.insert(
            "en".into(),
            "Bank transfer: IBAN DE00 0000 0000 0000 0000 00, reference LEGAL-AID".into(),
        );
    })
    .await;
    for lang in ["en", "ru"] {
        let html = app
            .get(&format!("/{lang}/funds/{DEMO_FUND}"))
            .await
            .text()
            .await
            .expect("body");
        assert!(html.contains("reference LEGAL-AID"), "{lang}: {html}");
    }
}

// ---- Card payments through Stripe (the real client against the fake in tests/stripe) ----

const WEBHOOK_SECRET: &str = "whsec_petrel_test_secret";

/// The fake Stripe of `tests/stripe/fake_stripe.py`, sending its events to one app.
pub struct FakeStripe {
    pub port: u16,
    child: std::process::Child,
}

impl FakeStripe {
    pub fn start(webhook: &str) -> FakeStripe {
        use std::process::{Command, Stdio};
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/stripe/fake_stripe.py");
        let mut child = Command::new(crate::helpers::python())
            .args([script, "--webhook", webhook, "--secret", WEBHOOK_SECRET])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start the fake Stripe");
        let mut line = String::new();
        let stdout = child.stdout.take().expect("stdout");
        std::io::BufRead::read_line(&mut std::io::BufReader::new(stdout), &mut line)
            .expect("read the port");
        let port = line.trim().parse().expect("the fake Stripe's port");
        FakeStripe { port, child }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    async fn post(&self, path: &str, body: String) -> serde_json::Value {
        reqwest::Client::new()
            .post(format!("{}{path}", self.url()))
            .body(body)
            .send()
            .await
            .expect("fake Stripe")
            .json()
            .await
            .expect("JSON")
    }

    /// Pays a session as the checkout page's button does (the events go to the app).
    pub async fn pay(&self, session: &str) -> serde_json::Value {
        self.post(&format!("_test/pay/{session}"), String::new())
            .await
    }

    /// Signs and sends `event` to the app as it is; returns the app's status.
    pub async fn send(&self, event: &serde_json::Value) -> i64 {
        self.post("_test/event", event.to_string()).await["status"]
            .as_i64()
            .unwrap_or_default()
    }

    /// The requests the app's client made.
    pub async fn requests(&self) -> Vec<serde_json::Value> {
        reqwest::get(format!("{}_test/requests", self.url()))
            .await
            .expect("fake Stripe")
            .json()
            .await
            .expect("JSON")
    }
}

impl Drop for FakeStripe {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An app with Stripe configured against a fresh fake, and an SMTP server for receipts.
async fn app_with_stripe(backend: Backend) -> (TestApp, FakeStripe) {
    let mut fake = None;
    let app = spawn_app_with_smtp_and(backend, |s| {
        let f = FakeStripe::start(&format!("{}/webhooks/stripe", s.public_url));
        s.stripe.secret_key = Some("sk_test_petrel".to_owned().into());
        s.stripe.webhook_secret = Some(WEBHOOK_SECRET.to_owned().into());
        s.stripe.api_base = f.url();
        s.stripe.checkout_origin = f.url();
        s.stripe.statement_descriptor = "PETREL LEGAL AID".into();
        fake = Some(f);
    })
    .await;
    (app, fake.expect("fake Stripe"))
}

fn aged_token(app: &TestApp) -> String {
    app::ssr::abuse::form_token::issue_at(&app.app.app.vault, app::ssr::time::now_ms() - 10_000)
}

async fn give(app: &TestApp, token: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    let mut all: Vec<(&str, &str)> = vec![
        ("slug", DEMO_FUND),
        ("locale", "en"),
        ("form_token", token),
        ("currency", "eur"),
        ("website", ""),
    ];
    all.extend_from_slice(fields);
    app.post_as("/api/donations/donate", None, &all).await
}

fn location(res: &reqwest::Response) -> String {
    res.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

const ANNA: [(&str, &str); 6] = [
    ("amount", "2500"),
    ("kind", "once"),
    ("display", "first"),
    ("name", "Anna Petrova"),
    ("email", "anna.petrova@example.org"),
    ("message", "Good luck with the appeals"),
];

/// A gift of 25 euros: the form sends the donor to Stripe's page with the amount, currency and
/// mode and nothing about them but Petrel's id; a form sent twice is one donation and one
/// session; paying sends a signed event that makes it paid once (a repeat changes nothing),
/// the donor gets one receipt, and the fund's page shows the first name they chose.
#[tokio::test]
async fn a_gift_goes_through_stripe_checkout_exactly_once() {
    for backend in backends() {
        let (app, stripe) = app_with_stripe(backend).await;
        let res = app.get(&format!("/en/funds/{DEMO_FUND}")).await;
        let csp = res.headers()["content-security-policy"]
            .to_str()
            .expect("ascii")
            .to_owned();
        assert!(
            csp.contains(&format!(
                "form-action 'self' {}",
                stripe.url().trim_end_matches('/')
            )),
            "the form may lead to Stripe's page: {csp}"
        );
        let html = res.text().await.expect("body");
        assert!(html.contains(r#"action="/api/donations/donate""#), "{html}");
        assert!(html.contains("Your bank statement will show “PETREL LEGAL AID”"));
        assert!(html.contains("stripe.com"));
        assert!(
            !html.contains(r#"value="monthly""#),
            "no monthly gifts offered yet"
        );

        let token = aged_token(&app);
        let res = give(&app, &token, &ANNA).await;
        assert_eq!(res.status(), 303, "{backend:?}");
        let checkout = location(&res);
        assert!(
            checkout.starts_with(&format!("{}pay/cs_test_fake_", stripe.url())),
            "{checkout}"
        );
        // The same form again (a double click): the same session, one donation.
        let again = give(&app, &token, &ANNA).await;
        assert_eq!(location(&again), checkout);
        assert_eq!(app.query_i64("SELECT COUNT(*) FROM donations").await, 1);
        let requests = stripe.requests().await;
        let form = &requests[0]["form"];
        assert_eq!(form["mode"], "payment");
        assert_eq!(form["line_items[0][price_data][unit_amount]"], "2500");
        assert_eq!(form["line_items[0][price_data][currency]"], "eur");
        assert_eq!(form["line_items[0][quantity]"], "1");
        let id = app.query_i64("SELECT id FROM donations").await.to_string();
        assert_eq!(form["client_reference_id"], id.as_str());
        assert_eq!(form["metadata[petrel_donation]"], id.as_str());
        assert!(
            requests[0]["idempotency_key"]
                .as_str()
                .is_some_and(|k| k.starts_with("donation-")),
            "{requests:?}"
        );
        let sent = requests[0].to_string();
        assert!(
            !sent.contains("anna") && !sent.contains("Anna") && !sent.contains("Good luck"),
            "nothing about the donor goes to Stripe: {sent}"
        );
        // Waiting: nothing public, nothing readable.
        assert_eq!(
            app.query_text("SELECT state FROM donations").await,
            "pending"
        );
        let row = app
            .query_text(
                "SELECT COALESCE(public_name, '') || donor_sealed || email_hash FROM donations",
            )
            .await;
        assert!(
            !row.contains("Anna") && !row.contains("anna.petrova"),
            "{row}"
        );

        // Paid: Stripe's event arrives, signed.
        let session = checkout.rsplit('/').next().expect("session id").to_owned();
        let delivered = stripe.pay(&session).await;
        assert_eq!(delivered[0]["status"], 200, "{delivered}");
        let event = delivered[0]["event"].clone();
        app.run_jobs().await;
        assert_eq!(app.query_text("SELECT state FROM donations").await, "paid");
        assert_eq!(
            app.query_text("SELECT public_name FROM donations").await,
            "Anna"
        );
        // The same event again, and again: nothing changes, no second receipt.
        assert_eq!(stripe.send(&event).await, 200);
        assert_eq!(stripe.send(&event).await, 200);
        app.run_jobs().await;
        assert_eq!(app.query_i64("SELECT COUNT(*) FROM stripe_events").await, 1);
        let mail = app.smtp().wait_for(1).await;
        assert_eq!(mail.len(), 1, "{backend:?}: one receipt");
        let receipt = parse(&mail[0]);
        assert_eq!(receipt.subject(), Some("Thank you for your donation"));
        let text = receipt.body_text(0).expect("text").into_owned();
        assert!(
            text.contains("€25.00") && text.contains("PETREL LEGAL AID"),
            "{text}"
        );
        // The stored event names the donor to nobody who has only the database.
        let stored = app
            .query_text("SELECT payload_sealed FROM stripe_events")
            .await;
        assert!(!stored.contains("cs_test_fake"), "sealed");
        // The fund's page shows the gift and the first name chosen.
        let html = app
            .get(&format!("/en/funds/{DEMO_FUND}"))
            .await
            .text()
            .await
            .expect("body");
        assert!(html.contains("€25.00"));
        assert!(
            html.contains("<strong>Anna</strong>") && html.contains("Good luck with the appeals")
        );
        assert!(!html.contains("Petrova"));
        app.assert_no_jobs_left().await;
    }
}

/// Webhook deliveries that are not Stripe's own are refused with 400 and leave nothing: no
/// signature, a wrong one, one older than 300 s, and a body changed by one byte.
#[tokio::test]
async fn unsigned_stale_or_altered_events_are_refused() {
    for backend in backends() {
        let (app, _stripe) = app_with_stripe(backend).await;
        let payload = r#"{"id":"evt_forged","object":"event","created":1700000000,"livemode":false,"pending_webhooks":1,"type":"charge.refunded","data":{"object":{"id":"ch_1"}}}"#;
        let now = chrono::Utc::now().timestamp();
        let good =
            stripe_webhook::Webhook::generate_test_header(payload, WEBHOOK_SECRET, Some(now));
        let stale =
            stripe_webhook::Webhook::generate_test_header(payload, WEBHOOK_SECRET, Some(now - 301));
        let wrong =
            stripe_webhook::Webhook::generate_test_header(payload, "whsec_not_ours", Some(now));
        let altered = payload.replace("evt_forged", "evt_forgee");
        for (name, body, header) in [
            ("no signature", payload.to_owned(), None),
            ("a wrong secret", payload.to_owned(), Some(wrong)),
            ("older than 300 s", payload.to_owned(), Some(stale)),
            ("one byte changed", altered, Some(good.clone())),
            (
                "garbage",
                payload.to_owned(),
                Some("t=abc,v1=zz".to_owned()),
            ),
        ] {
            let mut req = app.client.post(app.url("/webhooks/stripe")).body(body);
            if let Some(h) = header {
                req = req.header("Stripe-Signature", h);
            }
            let res = req.send().await.expect("POST");
            assert_eq!(res.status(), 400, "{backend:?}: {name}");
        }
        assert_eq!(app.query_i64("SELECT COUNT(*) FROM stripe_events").await, 0);
        assert_eq!(app.query_i64("SELECT COUNT(*) FROM jobs").await, 0);
    }
}

/// A refund that arrives before the payment it refunds waits for it; applied in any order,
/// the same events end in the same state, and the ledger shows the refund.
#[tokio::test]
async fn events_out_of_order_end_in_the_same_state() {
    for backend in backends() {
        let (app, stripe) = app_with_stripe(backend).await;
        let res = give(&app, &aged_token(&app), &ANNA).await;
        let session = location(&res).rsplit('/').next().expect("id").to_owned();
        // Pay, but hold the event back: take it from the fake and deliver it later.
        let delivered = stripe.pay(&session).await;
        let paid = delivered[0]["event"].clone();
        app.db
            .execute_unprepared("DELETE FROM jobs; DELETE FROM stripe_events;")
            .await
            .expect("forget the delivery");
        let pi = paid["data"]["object"]["payment_intent"]
            .as_str()
            .expect("pi")
            .to_owned();
        let refund = serde_json::json!({
            "id": "evt_refund_1", "object": "event", "api_version": "2026-09-30.endive",
            "created": chrono::Utc::now().timestamp(), "livemode": false, "pending_webhooks": 1,
            "request": {"id": null, "idempotency_key": null}, "type": "charge.refunded",
            "data": {"object": {
                "id": "ch_1", "object": "charge", "amount": 2500, "amount_captured": 2500,
                "amount_refunded": 2500, "billing_details": {}, "captured": true,
                "created": 1_700_000_000, "currency": "eur", "disputed": false, "livemode": false,
                "metadata": {}, "paid": true, "refunded": true, "status": "succeeded",
                "payment_intent": pi}}
        });
        // The refund first: it waits.
        assert_eq!(stripe.send(&refund).await, 200);
        let report = app.run_jobs().await;
        assert_eq!(report.retried, 1, "{backend:?}: {report:?}");
        assert_eq!(
            app.query_text("SELECT state FROM donations").await,
            "pending"
        );
        // Then the payment, three times; then the refund's retry comes due.
        for _ in 0..3 {
            assert_eq!(stripe.send(&paid).await, 200);
        }
        app.run_jobs().await;
        app.db
            .execute_unprepared("UPDATE jobs SET run_after = 0")
            .await
            .expect("due now");
        app.run_jobs().await;
        assert_eq!(
            app.query_text("SELECT state FROM donations").await,
            "refunded"
        );
        assert_eq!(
            app.query_i64("SELECT refunded_minor FROM donations").await,
            2500
        );
        // The refund again changes nothing.
        assert_eq!(stripe.send(&refund).await, 200);
        app.run_jobs().await;
        assert_eq!(
            app.query_i64("SELECT refunded_minor FROM donations").await,
            2500
        );
        let html = app
            .get(&format!("/en/funds/{DEMO_FUND}"))
            .await
            .text()
            .await
            .expect("body");
        assert!(
            html.contains("€25.00") && html.contains("€0.00 after Stripe"),
            "{html}"
        );
        app.assert_no_jobs_left().await;
    }
}

/// Mistakes are explained next to the field, in the reader's language, and what was typed
/// stays; Stripe being down is said plainly and nothing is charged or kept half-done.
#[tokio::test]
async fn bad_gifts_are_explained_and_stripe_down_charges_nothing() {
    let (app, stripe) = app_with_stripe(Backend::Sqlite).await;
    let token = aged_token(&app);
    for (fields, expected) in [
        (
            vec![
                ("amount", "other"),
                ("other_amount", "twenty"),
                ("email", "a@example.org"),
            ],
            "Please choose an amount",
        ),
        (
            vec![
                ("amount", "other"),
                ("other_amount", "1"),
                ("email", "a@example.org"),
            ],
            "less than the smallest gift",
        ),
        (
            vec![
                ("amount", "other"),
                ("other_amount", "25.505"),
                ("email", "a@example.org"),
            ],
            "Please choose an amount",
        ),
        (
            vec![("amount", "2500"), ("email", "not an address")],
            "This does not look like an email",
        ),
        (
            vec![
                ("amount", "2500"),
                ("email", "a@example.org"),
                ("display", "full"),
            ],
            "Please enter the name to show",
        ),
        // Monthly gifts wait for the subscription's whole life (later months, cancelling).
        (
            vec![
                ("amount", "2500"),
                ("email", "a@example.org"),
                ("kind", "monthly"),
            ],
            "Monthly gifts are not taken here yet",
        ),
    ] {
        let res = give(&app, &token, &fields).await;
        assert_eq!(res.status(), 422, "{fields:?}");
        let html = res.text().await.expect("body");
        assert!(html.contains(expected), "{fields:?}: {html}");
    }
    // Another currency than the fund's.
    let res = app
        .post_as(
            "/api/donations/donate",
            None,
            &[
                ("slug", DEMO_FUND),
                ("locale", "ru"),
                ("form_token", &token),
                ("currency", "usd"),
                ("amount", "2500"),
                ("email", "a@example.org"),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    assert!(
        res.text()
            .await
            .expect("body")
            .contains("Эта форма была для другой валюты")
    );
    assert_eq!(app.query_i64("SELECT COUNT(*) FROM donations").await, 0);
    assert!(stripe.requests().await.is_empty());
    // Stripe down: told so, what was typed stays, nothing sent anywhere.
    drop(stripe);
    let res = give(&app, &token, &ANNA).await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.expect("body");
    assert!(html.contains("Card payments are not available right now. Nothing was charged"));
    assert!(html.contains("value=\"Anna Petrova\""));
    assert_eq!(
        app.query_i64("SELECT COUNT(*) FROM donations").await,
        0,
        "nothing kept"
    );
}

/// An event type Petrel does not act on is accepted, stored once and applied as nothing (Stripe
/// must not keep retrying it), however large.
#[tokio::test]
async fn unknown_event_types_are_stored_and_ignored() {
    let (app, stripe) = app_with_stripe(Backend::Sqlite).await;
    let event = serde_json::json!({
        "id": "evt_unknown_1", "object": "event", "created": chrono::Utc::now().timestamp(),
        "livemode": false, "pending_webhooks": 1, "type": "radar.early_fraud_warning.created",
        "data": {"object": {"id": "issfr_1", "object": "radar.early_fraud_warning"}}
    });
    assert_eq!(stripe.send(&event).await, 200);
    assert_eq!(stripe.send(&event).await, 200);
    // Events are bigger than forms (an invoice lists its lines): 100 KB goes through.
    let mut big = event.clone();
    big["id"] = "evt_unknown_big".into();
    big["data"]["object"]["note"] = "x".repeat(100_000).into();
    assert_eq!(stripe.send(&big).await, 200);
    app.run_jobs().await;
    assert_eq!(
        app.query_i64("SELECT COUNT(*) FROM stripe_events WHERE processed_at IS NOT NULL")
            .await,
        2
    );
    app.assert_no_jobs_left().await;
}
