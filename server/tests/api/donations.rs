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
        checkout_session_id: Set(Some(format!("cs_test-{who}-{amount}-{now}"))),
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

        // The ledger as CSV and JSON: the same figures, nobody's name, formulas disarmed.
        let fund = app
            .query_i64(&format!("SELECT id FROM funds WHERE slug = '{DEMO_FUND}'"))
            .await;
        app::donations::ssr::setup::disburse(
            &app.db,
            fund,
            "2026-12-01",
            0,
            "other",
            "=HYPERLINK(\"https://evil.example\")",
            None,
        )
        .await
        .expect("disburse");
        let res = app.get(&format!("/funds/{DEMO_FUND}/ledger.csv")).await;
        assert_eq!(res.status(), 200, "{backend:?}");
        assert!(
            res.headers()["content-type"]
                .to_str()
                .expect("ascii")
                .starts_with("text/csv")
        );
        let csv = res.text().await.expect("body");
        assert!(
            csv.starts_with("date,type,category,amount,currency,description\r\n"),
            "{csv}"
        );
        assert!(csv.contains(",donations,\"\",135.00,EUR,\"\""), "{csv}");
        assert!(csv.contains(",fees,\"\",-4.70,EUR,"), "{csv}");
        assert!(
            csv.contains(",disbursement,\"legal-fees\",-1200.00,EUR,\"Asylum appeal"),
            "{csv}"
        );
        assert!(
            csv.contains("\"'=HYPERLINK(\"\"https://evil.example\"\")\""),
            "{csv}"
        );
        // The amount column sums to the balance.
        let cents: i64 = csv
            .lines()
            .skip(1)
            .map(|l| {
                let amount = l.split(',').nth(3).expect("amount");
                let (whole, part) = amount.split_once('.').expect("decimals");
                let sign = if whole.starts_with('-') { -1 } else { 1 };
                whole.parse::<i64>().expect("whole") * 100
                    + sign * part.parse::<i64>().expect("cents")
            })
            .sum();
        assert_eq!(cents, -141_970, "{csv}");
        assert!(!csv.contains("Maria") && !csv.contains("secret"), "{csv}");
        let json: serde_json::Value = app
            .get(&format!("/funds/{DEMO_FUND}/ledger.json"))
            .await
            .json()
            .await
            .expect("JSON");
        assert_eq!(json["currency"], "EUR");
        assert_eq!(json["decimals"], 2);
        assert_eq!(json["totals"]["balance"], -141_970);
        assert_eq!(json["totals"]["fees"], 470);
        assert_eq!(json["disbursements"].as_array().map(Vec::len), Some(3));
        let text = json.to_string();
        assert!(!text.contains("Maria") && !text.contains("secret") && !text.contains("email"));
        assert_eq!(
            app.get("/funds/no-such-fund/ledger.json").await.status(),
            404
        );
        assert_eq!(
            app.get("/funds/no-such-fund/ledger.csv").await.status(),
            404
        );
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

    /// The next month of a monthly gift is paid (`invoice.paid`).
    pub async fn renew(&self, subscription: &str) -> serde_json::Value {
        self.post(&format!("_test/renew/{subscription}"), String::new())
            .await
    }

    /// The next month of a monthly gift fails (`invoice.payment_failed`).
    pub async fn fail(&self, subscription: &str) -> serde_json::Value {
        self.post(&format!("_test/fail/{subscription}"), String::new())
            .await
    }

    /// A card holder disputes a payment (`needs_response`), or the bank decides (`won`, `lost`).
    pub async fn dispute(&self, payment_intent: &str, status: &str) -> serde_json::Value {
        self.post(
            &format!("_test/dispute/{payment_intent}"),
            serde_json::json!({ "status": status }).to_string(),
        )
        .await
    }

    /// Every event the fake sent, in order.
    pub async fn events(&self) -> Vec<serde_json::Value> {
        reqwest::get(format!("{}_test/events", self.url()))
            .await
            .expect("fake Stripe")
            .json()
            .await
            .expect("JSON")
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
        assert!(html.contains(r#"value="monthly""#), "monthly gifts offered");

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
        // Stripe's fee, read from the charge's balance transaction (1.5 % + €0.25 at the fake).
        assert_eq!(app.query_i64("SELECT fee_minor FROM donations").await, 63);
        // The same event again, and again: nothing changes, no second receipt.
        assert_eq!(stripe.send(&event).await, 200);
        assert_eq!(stripe.send(&event).await, 200);
        app.run_jobs().await;
        assert_eq!(
            app.query_i64("SELECT COUNT(*) FROM stripe_events").await,
            2,
            "the checkout and its charge"
        );
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
    app.db
        .execute_unprepared("UPDATE funds SET monthly = false")
        .await
        .expect("one-off only");
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
        // A fund that takes one-off gifts only (set below).
        (
            vec![
                ("amount", "2500"),
                ("email", "a@example.org"),
                ("kind", "monthly"),
            ],
            "This fund takes one-off gifts only",
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

// ---- Monthly gifts, disputes, and the donor's own page ----

const BORIS_MONTHLY: [(&str, &str); 5] = [
    ("amount", "2500"),
    ("kind", "monthly"),
    ("display", "hidden"),
    ("name", "Boris Ivanov"),
    ("email", "boris.ivanov@example.org"),
];

/// Gives through the form and pays at the fake checkout; returns the session id.
async fn give_and_pay(app: &TestApp, stripe: &FakeStripe, fields: &[(&str, &str)]) -> String {
    let res = give(app, &aged_token(app), fields).await;
    assert_eq!(res.status(), 303);
    let session = location(&res).rsplit('/').next().expect("id").to_owned();
    for delivered in stripe.pay(&session).await.as_array().expect("events") {
        assert_eq!(delivered["status"], 200, "{delivered}");
    }
    app.run_jobs().await;
    session
}

/// The message whose subject is `subject`, among those received.
fn mail_with_subject(mail: &[Vec<u8>], subject: &str) -> Vec<Vec<u8>> {
    mail.iter()
        .filter(|m| parse(m).subject() == Some(subject))
        .cloned()
        .collect()
}

/// The manage link's token in a receipt.
fn manage_token_in(raw: &[u8], app: &TestApp) -> String {
    let path = crate::helpers::link_in(raw, "/donations/manage", &app.address);
    path.split("token=").nth(1).expect("token").to_owned()
}

fn form_of(
    requests: &[serde_json::Value],
    method: &str,
    path_start: &str,
) -> Vec<serde_json::Value> {
    requests
        .iter()
        .filter(|r| {
            r["method"] == method
                && r["path"]
                    .as_str()
                    .is_some_and(|p| p.starts_with(path_start))
        })
        .cloned()
        .collect()
}

/// A monthly gift of 25 euros: Stripe is asked for a subscription; the first month is the
/// checkout's donation and the second a donation of its own, each with a receipt (a repeated
/// event adds nothing); a failed month mails the donor the link to their page; from there the
/// donor opens Stripe's portal to change the card, and stops the gift — at Stripe first, then
/// here — and the fund's page counts one monthly donor, then none.
#[tokio::test]
async fn a_monthly_gift_is_charged_every_month_until_the_donor_stops_it() {
    for backend in backends() {
        let (app, stripe) = app_with_stripe(backend).await;
        give_and_pay(&app, &stripe, &BORIS_MONTHLY).await;
        let requests = stripe.requests().await;
        let form = &requests[0]["form"];
        assert_eq!(form["mode"], "subscription", "{backend:?}");
        assert_eq!(
            form["line_items[0][price_data][recurring][interval]"],
            "month"
        );
        assert_eq!(form["line_items[0][price_data][unit_amount]"], "2500");
        assert!(
            !requests[0].to_string().contains("boris"),
            "nothing about the donor"
        );
        assert_eq!(app.query_i64("SELECT COUNT(*) FROM donations").await, 1);
        assert_eq!(app.query_text("SELECT state FROM donations").await, "paid");
        let sub = app
            .query_text("SELECT subscription_id FROM donations")
            .await;
        assert!(sub.starts_with("sub_fake_"), "{sub}");
        assert!(
            app.query_text("SELECT invoice_id FROM donations")
                .await
                .starts_with("in_fake_"),
            "the first invoice is the checkout's month"
        );
        let mail = app.smtp().wait_for(1).await;
        assert_eq!(
            mail.len(),
            1,
            "{backend:?}: one receipt for the first month"
        );
        let text = parse(&mail[0]).body_text(0).expect("text").into_owned();
        assert!(
            text.contains("every month until you cancel")
                && text.contains("To stop your monthly gift"),
            "{text}"
        );
        let token = manage_token_in(&mail[0], &app);
        let page = format!("/en/donations/manage?token={token}");
        let html = app.get(&page).await.text().await.expect("body");
        assert!(html.contains("You give €25.00 every month"), "{html}");
        assert!(html.contains("Stop my monthly gift") && html.contains("Change the card"));
        let fund = app
            .get(&format!("/en/funds/{DEMO_FUND}"))
            .await
            .text()
            .await
            .expect("body");
        assert!(fund.contains("1 gives every month"), "{fund}");

        // A month later; the same event three times is one donation and one receipt.
        let renewed = stripe.renew(&sub).await;
        let event = renewed[0]["event"].clone();
        assert_eq!(stripe.send(&event).await, 200);
        assert_eq!(stripe.send(&event).await, 200);
        app.run_jobs().await;
        assert_eq!(
            app.query_i64("SELECT COUNT(*) FROM donations WHERE state = 'paid'")
                .await,
            2
        );
        assert_eq!(
            app.query_i64("SELECT CAST(SUM(amount_minor) AS BIGINT) FROM donations")
                .await,
            5000
        );
        assert_eq!(
            app.query_i64("SELECT COUNT(*) FROM donations WHERE donor_sealed IS NOT NULL")
                .await,
            1,
            "the donor is sealed once, with the gift"
        );
        let mail = app.smtp().wait_for(2).await;
        assert_eq!(
            mail_with_subject(&mail, "Thank you for your donation").len(),
            2
        );
        let html = app.get(&page).await.text().await.expect("body");
        assert!(html.contains("2 payments so far"), "{html}");

        // A month that fails: the donor is told, with the link to change the card.
        stripe.fail(&sub).await;
        app.run_jobs().await;
        let mail = app.smtp().wait_for(3).await;
        let failed = mail_with_subject(&mail, "Your monthly gift could not be paid");
        assert_eq!(failed.len(), 1, "{backend:?}");
        assert_eq!(manage_token_in(&failed[0], &app), token);
        assert_eq!(
            app.query_i64("SELECT COUNT(*) FROM donations").await,
            2,
            "nothing paid"
        );

        // Stripe's portal, to change the card: the donor is sent there and comes back.
        let res = app
            .post_as(
                "/api/donations/portal",
                None,
                &[("locale", "en"), ("token", &token)],
            )
            .await;
        assert_eq!(res.status(), 303);
        assert!(location(&res).starts_with(&format!("{}portal/bps_fake_", stripe.url())));
        let portal = form_of(
            &stripe.requests().await,
            "POST",
            "/v1/billing_portal/sessions",
        );
        assert!(
            portal[0]["form"]["customer"]
                .as_str()
                .is_some_and(|c| c.starts_with("cus_fake_"))
        );
        assert!(
            portal[0]["form"]["return_url"]
                .as_str()
                .is_some_and(|u| u.ends_with(&format!("/en/donations/manage?token={token}")))
        );

        // Stopping: Stripe first, then here; the event that follows changes nothing more.
        let res = app
            .post_as(
                "/api/donations/cancel",
                None,
                &[("locale", "en"), ("token", &token)],
            )
            .await;
        assert_eq!(res.status(), 303);
        assert!(
            location(&res).ends_with("&done=stopped"),
            "{}",
            location(&res)
        );
        let deleted = form_of(&stripe.requests().await, "DELETE", "/v1/subscriptions/");
        assert_eq!(deleted.len(), 1);
        assert_eq!(deleted[0]["path"], format!("/v1/subscriptions/{sub}"));
        assert_eq!(
            app.query_i64("SELECT COUNT(*) FROM donations WHERE ended_at IS NOT NULL")
                .await,
            1
        );
        app.run_jobs().await;
        let html = app
            .get(&format!("{page}&done=stopped"))
            .await
            .text()
            .await
            .expect("body");
        assert!(html.contains("Your monthly gift is stopped"), "{html}");
        assert!(html.contains("stopped on") && !html.contains("Stop my monthly gift"));
        // Again (a double click): nothing more is asked of Stripe.
        let res = app
            .post_as(
                "/api/donations/cancel",
                None,
                &[("locale", "en"), ("token", &token)],
            )
            .await;
        assert_eq!(res.status(), 303);
        assert_eq!(
            form_of(&stripe.requests().await, "DELETE", "/v1/subscriptions/").len(),
            1
        );
        let fund = app
            .get(&format!("/en/funds/{DEMO_FUND}"))
            .await
            .text()
            .await
            .expect("body");
        assert!(
            !fund.contains("every month") && fund.contains("€50.00"),
            "no monthly donor left: {fund}"
        );
        app.assert_no_jobs_left().await;
    }
}

/// The snapshot of every donation that the events decide, without ids.
async fn donation_states(app: &TestApp) -> Vec<String> {
    use sea_orm::EntityTrait;
    let mut rows: Vec<String> = donation::Entity::find()
        .all(&app.db)
        .await
        .expect("donations")
        .into_iter()
        .map(|d| {
            format!(
                "{} {} {} {:?} {:?} {:?} {:?} ended={} refunded={} disputed={} {:?} fee={:?}",
                d.kind,
                d.state,
                d.amount_minor,
                d.invoice_id,
                d.payment_intent_id,
                d.subscription_id,
                d.customer_id,
                d.ended_at.is_some(),
                d.refunded_minor,
                d.disputed_minor,
                d.dispute_state,
                d.fee_minor
            )
        })
        .collect();
    rows.sort();
    rows
}

/// Runs jobs until none is waiting (retries made due at once), at most `rounds` times.
async fn settle(app: &TestApp, rounds: usize) {
    for _ in 0..rounds {
        app.run_jobs().await;
        app.db
            .execute_unprepared("UPDATE jobs SET run_after = 0")
            .await
            .expect("due now");
        if app.query_i64("SELECT COUNT(*) FROM jobs").await == 0 {
            return;
        }
    }
}

/// Every event of two gifts' lives — checkout, first invoice, a later month, a failed month, a
/// refund, a dispute opened and lost, the gift stopped — delivered again three times each in
/// reverse and in shuffled order, ends in the state the events made in their own order.
#[tokio::test]
async fn every_event_three_times_in_any_order_ends_in_the_same_state() {
    for backend in backends() {
        let (app, stripe) = app_with_stripe(backend).await;
        give_and_pay(&app, &stripe, &BORIS_MONTHLY).await;
        give_and_pay(&app, &stripe, &ANNA).await;
        let sub = app
            .query_text("SELECT subscription_id FROM donations WHERE kind = 'monthly'")
            .await;
        let pi = app
            .query_text("SELECT payment_intent_id FROM donations WHERE kind = 'once'")
            .await;
        stripe.renew(&sub).await;
        stripe.fail(&sub).await;
        stripe.dispute(&pi, "needs_response").await;
        stripe.dispute(&pi, "lost").await;
        settle(&app, 3).await;
        let renewal_pi = app
            .query_text("SELECT payment_intent_id FROM donations WHERE checkout_session_id IS NULL")
            .await;
        let gift = app
            .query_i64("SELECT id FROM donations WHERE kind = 'monthly' AND checkout_session_id IS NOT NULL")
            .await;
        let path = app::donations::ssr::manage::manage_path(&app.app.app.vault, gift);
        let token = path.split("token=").nth(1).expect("token").to_owned();
        let res = app
            .post_as(
                "/api/donations/cancel",
                None,
                &[("locale", "en"), ("token", &token)],
            )
            .await;
        assert_eq!(res.status(), 303);
        // Refund the later month (as an admin would at Stripe).
        let refund = serde_json::json!({
            "id": "evt_refund_renewal", "object": "event", "api_version": "2026-09-30.endive",
            "created": chrono::Utc::now().timestamp(), "livemode": false, "pending_webhooks": 1,
            "request": {"id": null, "idempotency_key": null}, "type": "charge.refunded",
            "data": {"object": {
                "id": "ch_renewal", "object": "charge", "amount": 2500, "amount_captured": 2500,
                "amount_refunded": 1000, "billing_details": {}, "captured": true,
                "created": 1_700_000_000, "currency": "eur", "disputed": false, "livemode": false,
                "metadata": {}, "paid": true, "refunded": false, "status": "succeeded",
                "payment_intent": renewal_pi}}
        });
        assert_eq!(stripe.send(&refund).await, 200);
        settle(&app, 3).await;
        let expected = donation_states(&app).await;
        assert_eq!(expected.len(), 3, "{expected:?}");
        assert!(
            expected.iter().any(|r| r.contains("ended=true")),
            "{expected:?}"
        );
        assert!(
            expected.iter().any(|r| r.contains("refunded=1000")),
            "{expected:?}"
        );
        assert!(
            expected.iter().any(|r| r.contains("Some(\"lost\")")),
            "{expected:?}"
        );
        let mut events = stripe.events().await;
        events.push(refund);
        assert!(events.len() >= 9, "{}", events.len());

        let forget = "DELETE FROM jobs; DELETE FROM stripe_events; \
             DELETE FROM donations WHERE checkout_session_id IS NULL; \
             UPDATE donations SET state = 'pending', invoice_id = NULL, ended_at = NULL, \
             paid_at = NULL, subscription_id = NULL, customer_id = NULL, payment_intent_id = NULL, \
             refunded_minor = 0, disputed_minor = 0, dispute_state = NULL, fee_minor = NULL;";
        let n = events.len();
        let orders: [Vec<usize>; 2] = [
            (0..n).rev().collect(),
            // Odd positions first, then even ones: each event away from its neighbours.
            (0..n)
                .filter(|i| i % 2 == 1)
                .chain((0..n).filter(|i| i % 2 == 0))
                .collect(),
        ];
        for order in orders {
            app.db.execute_unprepared(forget).await.expect("forget");
            for _ in 0..3 {
                for &i in &order {
                    assert_eq!(stripe.send(&events[i]).await, 200);
                }
            }
            settle(&app, 10).await;
            assert_eq!(
                donation_states(&app).await,
                expected,
                "{backend:?}: {order:?}"
            );
            app.assert_no_jobs_left().await;
        }
    }
}

/// A dispute holds the money back in the ledger; lost, it stays gone; won, it comes back; and
/// the dispute's first event arriving late never reopens a decided one.
#[tokio::test]
async fn disputes_show_in_the_ledger_and_only_move_forward() {
    let (app, stripe) = app_with_stripe(Backend::Sqlite).await;
    give_and_pay(&app, &stripe, &ANNA).await;
    let pi = app
        .query_text("SELECT payment_intent_id FROM donations")
        .await;
    let opened = stripe.dispute(&pi, "needs_response").await;
    app.run_jobs().await;
    assert_eq!(
        app.query_i64("SELECT disputed_minor FROM donations").await,
        2500
    );
    let fund = app
        .get(&format!("/en/funds/{DEMO_FUND}"))
        .await
        .text()
        .await
        .expect("body");
    assert!(fund.contains("-€0.63 after Stripe"), "{fund}");
    stripe.dispute(&pi, "won").await;
    app.run_jobs().await;
    assert_eq!(
        app.query_i64("SELECT disputed_minor FROM donations").await,
        0
    );
    assert_eq!(
        app.query_text("SELECT dispute_state FROM donations").await,
        "won"
    );
    // The opening event again, late: the decision stands.
    assert_eq!(stripe.send(&opened[0]["event"]).await, 200);
    app.run_jobs().await;
    assert_eq!(
        app.query_text("SELECT dispute_state FROM donations").await,
        "won"
    );
    let fund = app
        .get(&format!("/en/funds/{DEMO_FUND}"))
        .await
        .text()
        .await
        .expect("body");
    assert!(fund.contains("€24.37 after Stripe"), "{fund}");
    app.assert_no_jobs_left().await;
}

/// From the receipt's link a donor erases their name, email and message: the fund's page no
/// longer names them, the amount stays in its accounts, and a monthly gift is stopped first.
/// A wrong or altered link is "not found", never an error.
#[tokio::test]
async fn a_donor_erases_their_details_from_the_receipt_link() {
    for backend in backends() {
        let (app, stripe) = app_with_stripe(backend).await;
        give_and_pay(&app, &stripe, &ANNA).await;
        let mail = app.smtp().wait_for(1).await;
        let text = parse(&mail[0]).body_text(0).expect("text").into_owned();
        assert!(
            text.contains("To remove your name, email and message"),
            "{text}"
        );
        let token = manage_token_in(&mail[0], &app);
        let fund_page = format!("/en/funds/{DEMO_FUND}");
        assert!(
            app.get(&fund_page)
                .await
                .text()
                .await
                .expect("body")
                .contains("<strong>Anna</strong>")
        );
        let html = app
            .get(&format!("/en/donations/manage?token={token}"))
            .await
            .text()
            .await
            .expect("body");
        assert!(
            html.contains("You gave €25.00") && html.contains("Erase my details"),
            "{html}"
        );
        assert!(!html.contains("Stop my monthly gift"));
        let res = app
            .post_as(
                "/api/donations/erase",
                None,
                &[("locale", "en"), ("token", &token)],
            )
            .await;
        assert_eq!(res.status(), 303, "{backend:?}");
        assert!(location(&res).ends_with("&done=erased"));
        assert_eq!(
            app.query_i64("SELECT COUNT(*) FROM donations WHERE donor_sealed IS NULL AND public_name IS NULL AND public_message IS NULL").await,
            1
        );
        assert!(
            app.query_text("SELECT email_hash FROM donations")
                .await
                .starts_with("erased:")
        );
        let fund = app.get(&fund_page).await.text().await.expect("body");
        assert!(
            !fund.contains("Anna") && !fund.contains("Good luck"),
            "{fund}"
        );
        assert!(fund.contains("€25.00"), "the amount stays in the accounts");
        let html = app
            .get(&format!("/en/donations/manage?token={token}"))
            .await
            .text()
            .await
            .expect("body");
        assert!(html.contains("no longer in our records"), "{html}");

        // A monthly gift: erasing stops it at Stripe first, and its later months lose the donor too.
        give_and_pay(&app, &stripe, &BORIS_MONTHLY).await;
        let sub = app
            .query_text("SELECT subscription_id FROM donations WHERE kind = 'monthly'")
            .await;
        stripe.renew(&sub).await;
        app.run_jobs().await;
        let mail = app.smtp().wait_for(3).await;
        let monthly_token = mail
            .iter()
            .map(|m| manage_token_in(m, &app))
            .find(|t| *t != token)
            .expect("the monthly gift's link");
        let res = app
            .post_as(
                "/api/donations/erase",
                None,
                &[("locale", "ru"), ("token", &monthly_token)],
            )
            .await;
        assert_eq!(res.status(), 303);
        assert!(
            location(&res).starts_with("/ru/donations/manage"),
            "{}",
            location(&res)
        );
        assert_eq!(
            form_of(&stripe.requests().await, "DELETE", "/v1/subscriptions/").len(),
            1
        );
        assert_eq!(
            app.query_i64("SELECT COUNT(*) FROM donations WHERE email_hash LIKE 'erased:%'")
                .await,
            3
        );
        assert_eq!(
            app.query_i64("SELECT COUNT(*) FROM donations WHERE ended_at IS NOT NULL")
                .await,
            1
        );

        // Wrong links: not found, in the reader's language, and nothing changes.
        for bad in [
            "",
            "1.abc",
            "999.0000000000000000000000",
            &token.replace('.', "x"),
            "1.1.1",
        ] {
            let res = app.get(&format!("/en/donations/manage?token={bad}")).await;
            assert_eq!(res.status(), 404, "{bad}");
            let res = app
                .post_as(
                    "/api/donations/cancel",
                    None,
                    &[("locale", "en"), ("token", bad)],
                )
                .await;
            assert_eq!(res.status(), 404, "{bad}");
        }
        app.run_jobs().await;
        app.assert_no_jobs_left().await;
    }
}

/// A campaign points to a fund: its page and its thank-you page invite supporters to chip in,
/// carrying the campaign and the share link's `?ref=` code to the fund's form, and the donation
/// records both. Organizers choose the fund in the editor; a fund that is not there is refused.
#[tokio::test]
async fn campaigns_send_supporters_to_their_fund_with_the_share_code() {
    for backend in backends() {
        let (app, stripe) = app_with_stripe(backend).await;
        let demo = petrel::demo::DEMO_SLUG;
        let html = app
            .get(&format!("/en/campaigns/{demo}?ref=telegram"))
            .await
            .text()
            .await
            .expect("body");
        let link = format!("href=\"/en/funds/{DEMO_FUND}?campaign={demo}&amp;ref=telegram#give\"");
        assert!(html.contains(&link), "{backend:?}: {html}");
        assert!(html.contains("Chip in for legal aid") && html.contains("“Legal aid for exiles”"));
        // A code that is not one is not carried on.
        let html = app
            .get(&format!("/en/campaigns/{demo}?ref=%22%3E%3Cscript%3E"))
            .await
            .text()
            .await
            .expect("body");
        assert!(html.contains(&format!(
            "href=\"/en/funds/{DEMO_FUND}?campaign={demo}#give\""
        )));
        let thanks = app
            .get(&format!("/ru/campaigns/{demo}/thanks"))
            .await
            .text()
            .await
            .expect("body");
        assert!(
            thanks.contains(&format!("/ru/funds/{DEMO_FUND}?campaign={demo}#give")),
            "{thanks}"
        );
        assert!(thanks.contains("Пожертвовать в фонд"));

        // The fund's form carries both, and the donation records them.
        let form = app
            .get(&format!(
                "/en/funds/{DEMO_FUND}?campaign={demo}&ref=telegram"
            ))
            .await
            .text()
            .await
            .expect("body");
        assert!(
            form.contains(&format!(r#"name="campaign" value="{demo}""#)),
            "{form}"
        );
        assert!(form.contains(r#"name="ref_code" value="telegram""#));
        let mut fields = ANNA.to_vec();
        fields.extend([("campaign", demo), ("ref_code", "telegram")]);
        give_and_pay(&app, &stripe, &fields).await;
        let campaign_id = app
            .query_i64(&format!("SELECT id FROM campaigns WHERE slug = '{demo}'"))
            .await;
        assert_eq!(
            app.query_i64("SELECT campaign_id FROM donations").await,
            campaign_id
        );
        assert_eq!(
            app.query_text("SELECT ref_code FROM donations").await,
            "telegram"
        );
        // The fund's dashboard says which campaign and share link brought it.
        let (admin, _) = app.signed_in("treasurer@example.org", "admin").await;
        let (_, dash) = app
            .page_as(&format!("/en/admin/funds/{DEMO_FUND}"), Some(&admin))
            .await;
        let (_, source) = dash
            .split_once("By campaign and share code")
            .expect("the table by source");
        assert!(
            source.contains(&format!("<td>{demo}</td><td>telegram</td><td class=\"num\">1</td><td class=\"num\">€25.00</td>")),
            "{source}"
        );
        assert!(dash.contains("Monthly gifts started"), "{dash}");

        // An organizer points a new campaign to the fund in the editor.
        let (cookie, csrf) = app.signed_in("organizer@example.org", "organizer").await;
        let res = app
            .post_as(
                "/api/admin/campaigns/create",
                Some(&cookie),
                &[
                    ("csrf", &csrf),
                    ("locale", "en"),
                    ("slug", "free-the-students"),
                    ("default_locale", "en"),
                ],
            )
            .await;
        assert_eq!(res.status(), 303, "{backend:?}");
        let (_, editor) = app
            .page_as("/en/admin/campaigns/free-the-students", Some(&cookie))
            .await;
        assert!(
            editor.contains(r#"<select id="edit-fund" name="fund""#),
            "{editor}"
        );
        assert!(editor.contains(&format!(
            r#"<option value="{DEMO_FUND}">Legal aid for exiles</option>"#
        )));
        let save = |fund: &'static str| {
            let (cookie, csrf) = (cookie.clone(), csrf.clone());
            let app = &app;
            async move {
                app.post_as(
                    "/api/admin/campaigns/save",
                    Some(&cookie),
                    &[
                        ("settings", "yes"),
                        ("csrf", &csrf),
                        ("locale", "en"),
                        ("slug", "free-the-students"),
                        ("fund", fund),
                    ],
                )
                .await
            }
        };
        let res = save("no-such-fund").await;
        assert_eq!(res.status(), 422);
        assert!(
            res.text()
                .await
                .expect("body")
                .contains("There is no open fund by that name")
        );
        assert_eq!(
            app.query_i64("SELECT COUNT(*) FROM campaigns WHERE slug = 'free-the-students' AND fund_id IS NULL").await,
            1
        );
        assert_eq!(save(DEMO_FUND).await.status(), 303);
        let fund_id = app
            .query_i64(&format!("SELECT id FROM funds WHERE slug = '{DEMO_FUND}'"))
            .await;
        assert_eq!(
            app.query_i64("SELECT fund_id FROM campaigns WHERE slug = 'free-the-students'")
                .await,
            fund_id
        );
        let (_, editor) = app
            .page_as("/en/admin/campaigns/free-the-students", Some(&cookie))
            .await;
        assert!(
            editor.contains(&format!(r#"<option value="{DEMO_FUND}" selected>"#)),
            "{editor}"
        );
        // And back to none.
        assert_eq!(save("").await.status(), 303);
        assert_eq!(
            app.query_i64("SELECT COUNT(*) FROM campaigns WHERE slug = 'free-the-students' AND fund_id IS NULL").await,
            1
        );
    }
}

/// An admin records money paid out (mistakes explained by the field, nothing stored), takes an
/// entry back with a new one (never deleting), and refunds a donation through Stripe (the ledger
/// changes when Stripe's event arrives); every change is in the audit log. Organizers cannot
/// see or change a fund.
#[tokio::test]
async fn admins_record_money_out_correct_it_and_refund_donations() {
    for backend in backends() {
        let (app, stripe) = app_with_stripe(backend).await;
        give_and_pay(&app, &stripe, &ANNA).await;
        let (cookie, csrf) = app.signed_in("treasurer@example.org", "admin").await;
        let page = format!("/en/admin/funds/{DEMO_FUND}");
        let (status, html) = app.page_as(&page, Some(&cookie)).await;
        assert_eq!(status, 200, "{backend:?}");
        assert!(
            html.contains("Record money paid out") && html.contains("Balance: -€1,525.63"),
            "{html}"
        );
        assert!(
            html.contains(">Anna<"),
            "the donor as the public sees her: {html}"
        );
        assert!(!html.contains("anna.petrova"), "no address");
        let spend = |fields: Vec<(&'static str, String)>| {
            let (cookie, csrf) = (cookie.clone(), csrf.clone());
            let app = &app;
            async move {
                let mut all: Vec<(&str, String)> = vec![
                    ("csrf", csrf),
                    ("locale", "en".into()),
                    ("slug", DEMO_FUND.into()),
                ];
                all.extend(fields);
                let borrowed: Vec<(&str, &str)> =
                    all.iter().map(|(k, v)| (*k, v.as_str())).collect();
                app.post_as("/api/admin/funds/disburse", Some(&cookie), &borrowed)
                    .await
            }
        };
        let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
        let tomorrow = (chrono::Utc::now() + chrono::Duration::days(2))
            .format("%Y-%m-%d")
            .to_string();
        for (fields, expected) in [
            (
                vec![
                    ("spent_on", tomorrow.clone()),
                    ("amount", "100".into()),
                    ("category", "legal-fees".into()),
                    ("description", "Fees".into()),
                ],
                "today or earlier",
            ),
            (
                vec![
                    ("spent_on", today.clone()),
                    ("amount", "lots".into()),
                    ("category", "legal-fees".into()),
                    ("description", "Fees".into()),
                ],
                "Enter the amount as a number",
            ),
            (
                vec![
                    ("spent_on", today.clone()),
                    ("amount", "100".into()),
                    ("category", "bribes".into()),
                    ("description", "Fees".into()),
                ],
                "choose what the money was for",
            ),
            (
                vec![
                    ("spent_on", today.clone()),
                    ("amount", "100".into()),
                    ("category", "legal-fees".into()),
                    ("description", " ".into()),
                ],
                "never whom it helped",
            ),
        ] {
            let res = spend(fields).await;
            assert_eq!(res.status(), 422, "{expected}");
            let body = res.text().await.expect("body");
            assert!(
                body.contains(expected),
                "{expected}: {}",
                body.split_once("<main").map(|x| x.1).unwrap_or(&body)
            );
        }
        assert_eq!(
            app.query_i64("SELECT COUNT(*) FROM disbursements").await,
            2,
            "nothing stored"
        );
        let res = spend(vec![
            ("spent_on", today.clone()),
            ("amount", "400.50".into()),
            ("category", "translation".into()),
            ("description", "Sworn translation of court documents".into()),
        ])
        .await;
        assert_eq!(res.status(), 303, "{backend:?}");
        let public = app
            .get(&format!("/en/funds/{DEMO_FUND}"))
            .await
            .text()
            .await
            .expect("body");
        assert!(
            public.contains("Balance: -€1,926.13") && public.contains("Sworn translation"),
            "{public}"
        );
        // Taken back: a new negative entry, the old one stays; a second click changes nothing.
        let entry = app
            .query_i64("SELECT id FROM disbursements WHERE category = 'translation'")
            .await
            .to_string();
        for _ in 0..2 {
            let res = app
                .post_as(
                    "/api/admin/funds/correct",
                    Some(&cookie),
                    &[
                        ("csrf", &csrf),
                        ("locale", "en"),
                        ("slug", DEMO_FUND),
                        ("entry", &entry),
                    ],
                )
                .await;
            assert_eq!(res.status(), 303);
        }
        assert_eq!(app.query_i64("SELECT COUNT(*) FROM disbursements").await, 4);
        assert_eq!(
            app.query_i64("SELECT amount_minor FROM disbursements WHERE corrects_id IS NOT NULL")
                .await,
            -40_050
        );
        let public = app
            .get(&format!("/en/funds/{DEMO_FUND}"))
            .await
            .text()
            .await
            .expect("body");
        assert!(public.contains("Balance: -€1,525.63"), "{public}");
        let (_, html) = app.page_as(&page, Some(&cookie)).await;
        assert!(
            html.contains("Taken back") && html.contains(&format!("Takes back #{entry}")),
            "{html}"
        );

        // A refund goes through Stripe; the ledger follows Stripe's event.
        let donation = app.query_i64("SELECT id FROM donations").await.to_string();
        for _ in 0..2 {
            let res = app
                .post_as(
                    "/api/admin/funds/refund",
                    Some(&cookie),
                    &[
                        ("csrf", &csrf),
                        ("locale", "en"),
                        ("slug", DEMO_FUND),
                        ("donation", &donation),
                    ],
                )
                .await;
            assert!(
                res.status() == 303 || res.status() == 422,
                "{}",
                res.status()
            );
            app.run_jobs().await;
        }
        let refunds = form_of(&stripe.requests().await, "POST", "/v1/refunds");
        assert_eq!(
            refunds.len(),
            1,
            "asked once: the second click finds it refunded"
        );
        assert_eq!(
            refunds[0]["idempotency_key"],
            format!("refund-donation-{donation}")
        );
        assert_eq!(
            app.query_text("SELECT state FROM donations").await,
            "refunded"
        );
        let public = app
            .get(&format!("/en/funds/{DEMO_FUND}"))
            .await
            .text()
            .await
            .expect("body");
        assert!(public.contains("-€0.63 after Stripe"), "{public}");
        for action in [
            "disbursement_add",
            "disbursement_correct",
            "donation_refund",
        ] {
            assert_eq!(
                app.query_i64(&format!(
                    "SELECT COUNT(*) FROM audit_log WHERE action = '{action}'"
                ))
                .await,
                1,
                "{action}"
            );
        }

        // The donations as CSV, filtered as on the page: audited, the donor as the public sees them.
        let res = app
            .post_as(
                &format!("/admin/funds/{DEMO_FUND}/donations.csv"),
                Some(&cookie),
                &[
                    ("csrf", &csrf),
                    ("locale", "en"),
                    ("kind", "once"),
                    ("state", ""),
                    ("ref", ""),
                    ("month", ""),
                ],
            )
            .await;
        assert_eq!(res.status(), 200, "{backend:?}");
        assert!(
            res.headers()["content-type"]
                .to_str()
                .expect("ascii")
                .starts_with("text/csv")
        );
        let csv = res.text().await.expect("body");
        assert!(
            csv.starts_with(
                "id,date,kind,state,amount,refunded,disputed,fee,currency,campaign,ref,shown_as\r\n"
            ),
            "{csv}"
        );
        assert!(
            csv.contains(&format!("{donation},"))
                && csv.contains(",\"once\",\"refunded\",25.00,25.00,0.00,"),
            "{csv}"
        );
        assert!(
            csv.contains("\"Anna\"") && !csv.contains("anna.petrova"),
            "{csv}"
        );
        let res = app
            .post_as(
                &format!("/admin/funds/{DEMO_FUND}/donations.csv"),
                Some(&cookie),
                &[("csrf", &csrf), ("locale", "en"), ("kind", "monthly")],
            )
            .await;
        assert_eq!(
            res.text().await.expect("body").lines().count(),
            1,
            "no monthly donation"
        );
        assert_eq!(
            app.query_i64("SELECT COUNT(*) FROM audit_log WHERE action = 'donations_export'")
                .await,
            2
        );

        // Organizers cannot see or change a fund; a forged form changes nothing.
        let (org, org_csrf) = app.signed_in("organizer@example.org", "organizer").await;
        let (status, _) = app.page_as(&page, Some(&org)).await;
        assert_eq!(status, 403);
        let res = app
            .post_as(
                "/api/admin/funds/disburse",
                Some(&org),
                &[
                    ("csrf", &org_csrf),
                    ("locale", "en"),
                    ("slug", DEMO_FUND),
                    ("spent_on", &today),
                    ("amount", "1"),
                    ("category", "other"),
                    ("description", "x"),
                ],
            )
            .await;
        assert_eq!(res.status(), 403);
        let res = app
            .post_as(
                "/api/admin/funds/disburse",
                Some(&cookie),
                &[
                    ("csrf", "forged"),
                    ("locale", "en"),
                    ("slug", DEMO_FUND),
                    ("spent_on", &today),
                    ("amount", "1"),
                    ("category", "other"),
                    ("description", "x"),
                ],
            )
            .await;
        assert_eq!(res.status(), 403);
        assert_eq!(app.query_i64("SELECT COUNT(*) FROM disbursements").await, 4);
        let res = app
            .post_as(
                &format!("/admin/funds/{DEMO_FUND}/donations.csv"),
                Some(&org),
                &[("csrf", &org_csrf), ("locale", "en")],
            )
            .await;
        assert_eq!(res.status(), 403, "organizers export nothing");
        app.assert_no_jobs_left().await;
    }
}

/// Retention: ten years after a donor's last payment (a monthly gift: after it stopped) their
/// name, email and message are erased, with their later months' address hash; a gift still
/// running and a recent one are kept; a checkout never paid forgets its donor after a week.
#[tokio::test]
async fn donors_are_forgotten_ten_years_after_their_last_payment() {
    for backend in backends() {
        let (app, stripe) = app_with_stripe(backend).await;
        give_and_pay(&app, &stripe, &ANNA).await;
        give_and_pay(&app, &stripe, &BORIS_MONTHLY).await;
        let sub = app
            .query_text("SELECT subscription_id FROM donations WHERE kind = 'monthly'")
            .await;
        stripe.renew(&sub).await;
        app.run_jobs().await;
        // A checkout left unpaid.
        let res = give(
            &app,
            &aged_token(&app),
            &[("amount", "1000"), ("email", "left@example.org")],
        )
        .await;
        assert_eq!(res.status(), 303);
        let eleven_years = app::ssr::time::now_ms() - 11 * 366 * 24 * 3600 * 1000;
        let eight_days = app::ssr::time::now_ms() - 8 * 24 * 3600 * 1000;
        let forget = |sql: String| {
            let app = &app;
            async move {
                app.db.execute_unprepared(&sql).await.expect("age");
                app::ssr::jobs::enqueue(&app.db, &petrel::worker::ApplyRetention {})
                    .await
                    .expect("enqueue");
                assert_eq!(app.run_jobs().await.succeeded, 1);
            }
        };
        // Nothing old yet, the running gift aged: kept (it still pays).
        forget(format!("UPDATE donations SET paid_at = {eleven_years}, created_at = {eleven_years} WHERE kind = 'monthly'")).await;
        assert_eq!(
            app.query_i64("SELECT COUNT(*) FROM donations WHERE email_hash LIKE 'erased:%'")
                .await,
            0,
            "{backend:?}"
        );
        // The unpaid checkout a week on, the one-off gift and the stopped gift ten years on.
        forget(format!(
            "UPDATE donations SET created_at = {eight_days} WHERE state = 'pending'; \
             UPDATE donations SET paid_at = {eleven_years} WHERE kind = 'once' AND state = 'paid'; \
             UPDATE donations SET ended_at = {eleven_years} WHERE kind = 'monthly' AND checkout_session_id IS NOT NULL"
        ))
        .await;
        assert_eq!(
            app.query_i64("SELECT COUNT(*) FROM donations WHERE donor_sealed IS NOT NULL OR public_name IS NOT NULL").await,
            0,
            "{backend:?}"
        );
        assert_eq!(
            app.query_i64("SELECT COUNT(*) FROM donations WHERE email_hash NOT LIKE 'erased:%'")
                .await,
            0
        );
        assert_eq!(
            app.query_i64(
                "SELECT COUNT(DISTINCT email_hash) FROM donations WHERE kind = 'monthly'"
            )
            .await,
            1,
            "the gift and its months still count as one donor"
        );
        assert_eq!(
            app.query_i64(
                "SELECT CAST(SUM(amount_minor) AS BIGINT) FROM donations WHERE state = 'paid'"
            )
            .await,
            7_500,
            "the amounts stay"
        );
        app.assert_no_jobs_left().await;
    }
}

/// A fund in yen (a zero-decimal currency): amounts are whole yen from the form to Stripe, on
/// the page and in the ledger; a fraction of a yen is refused with a clear error.
#[tokio::test]
async fn a_zero_decimal_currency_is_counted_in_whole_units() {
    for backend in backends() {
        let (app, stripe) = app_with_stripe(backend).await;
        app::donations::ssr::setup::create(
            &app.db,
            &app::donations::ssr::setup::NewFund {
                slug: "yen-fund",
                currency: "jpy",
                goal_minor: Some(1_000_000),
                presets: &[1_000, 3_000],
                min_minor: 500,
                max_minor: 500_000,
                monthly: false,
                texts: &[("en", "Legal aid, Japan", "Lawyers for exiles in Japan.")],
            },
        )
        .await
        .expect("fund");
        let html = app
            .get("/en/funds/yen-fund")
            .await
            .text()
            .await
            .expect("body");
        assert!(
            html.contains("¥1,000") && html.contains("¥3,000"),
            "{backend:?}: {html}"
        );
        let token = aged_token(&app);
        let post = |amount: &'static str| {
            let (app, token) = (&app, token.clone());
            async move {
                app.post_as(
                    "/api/donations/donate",
                    None,
                    &[
                        ("slug", "yen-fund"),
                        ("locale", "en"),
                        ("form_token", &token),
                        ("currency", "jpy"),
                        ("website", ""),
                        ("amount", "other"),
                        ("other_amount", amount),
                        ("kind", "once"),
                        ("email", "yen@example.org"),
                    ],
                )
                .await
            }
        };
        let res = post("1500.5").await;
        assert_eq!(res.status(), 422);
        assert!(
            res.text()
                .await
                .expect("body")
                .contains("Please choose an amount")
        );
        let res = post("1,500").await;
        assert_eq!(res.status(), 303, "{backend:?}");
        let requests = stripe.requests().await;
        assert_eq!(
            requests[0]["form"]["line_items[0][price_data][currency]"],
            "jpy"
        );
        assert_eq!(
            requests[0]["form"]["line_items[0][price_data][unit_amount]"],
            "1500"
        );
        let session = location(&res).rsplit('/').next().expect("id").to_owned();
        stripe.pay(&session).await;
        app.run_jobs().await;
        assert_eq!(
            app.query_i64("SELECT amount_minor FROM donations").await,
            1500
        );
        let html = app
            .get("/en/funds/yen-fund")
            .await
            .text()
            .await
            .expect("body");
        assert!(html.contains("¥1,446 after Stripe"), "{html}");
        let csv = app
            .get("/funds/yen-fund/ledger.csv")
            .await
            .text()
            .await
            .expect("body");
        assert!(csv.contains(",donations,\"\",1500,JPY,"), "{csv}");
        let json: serde_json::Value = app
            .get("/funds/yen-fund/ledger.json")
            .await
            .json()
            .await
            .expect("JSON");
        assert_eq!(json["decimals"], 0);
        assert_eq!(json["totals"]["gross"], 1500);
        let mail = app.smtp().wait_for(1).await;
        let text = parse(&mail[0]).body_text(0).expect("text").into_owned();
        assert!(text.contains("¥1,500"), "{text}");
    }
}

/// Admins create a fund in the browser (every mistake explained by its field, nothing saved
/// until all is right), edit its text and amounts, and close it; the currency stays once money
/// came in. Organizers cannot.
#[tokio::test]
async fn admins_create_edit_and_close_funds() {
    for backend in backends() {
        let (app, stripe) = app_with_stripe(backend).await;
        let (cookie, csrf) = app.signed_in("treasurer@example.org", "admin").await;
        let (status, html) = app.page_as("/en/admin/funds/new", Some(&cookie)).await;
        assert_eq!(status, 200, "{backend:?}");
        assert!(html.contains(r#"name="texts[ru][title]""#), "{html}");
        let save = |fields: Vec<(&'static str, &'static str)>| {
            let (cookie, csrf) = (cookie.clone(), csrf.clone());
            let app = &app;
            async move {
                let mut all: Vec<(&str, &str)> = vec![("csrf", &csrf), ("locale", "en")];
                all.extend(fields);
                app.post_as("/api/admin/funds/save", Some(&cookie), &all)
                    .await
            }
        };
        let res = save(vec![
            ("original", ""),
            ("slug", "Bad Slug!"),
            ("currency", "XYZ"),
            ("presets", "10 lots"),
            ("min", "2"),
            ("max", "1000"),
            ("texts[en][title]", ""),
            ("texts[en][description]", "No title"),
        ])
        .await;
        assert_eq!(res.status(), 422);
        let html = res.text().await.expect("body");
        for expected in [
            "Use 3 to 80 lower-case letters",
            "Enter a currency code Stripe takes",
            "This cannot be empty",
        ] {
            assert!(html.contains(expected), "{expected}: {html}");
        }
        assert!(
            html.contains(r#"value="Bad Slug!""#),
            "what was typed stays"
        );
        let res = save(vec![
            ("original", ""),
            ("slug", "court-costs-fund"),
            ("currency", "usd"),
            ("presets", "20, 50 5000"),
            ("min", "5"),
            ("max", "1000"),
            ("texts[en][title]", "Court costs"),
        ])
        .await;
        assert_eq!(res.status(), 422, "5000 is above the largest gift");
        assert!(
            res.text()
                .await
                .expect("body")
                .contains("Enter one to eight amounts")
        );
        assert_eq!(
            app.query_i64("SELECT COUNT(*) FROM funds").await,
            1,
            "nothing saved"
        );
        let res = save(vec![
            ("original", ""),
            ("slug", "court-costs-fund"),
            ("currency", "usd"),
            ("goal", "20000"),
            ("presets", "20, 50 100"),
            ("min", "5"),
            ("max", "1000"),
            ("monthly", "yes"),
            ("open", "yes"),
            ("texts[en][title]", "Court costs"),
            ("texts[en][description]", "Fees for **appeals**."),
            ("texts[ru][title]", "Судебные расходы"),
            ("texts[ru][description]", ""),
        ])
        .await;
        assert_eq!(res.status(), 303, "{backend:?}");
        assert_eq!(location(&res), "/en/admin/funds/court-costs-fund");
        let public = app
            .get("/en/funds/court-costs-fund")
            .await
            .text()
            .await
            .expect("body");
        assert!(
            public.contains("<h1>Court costs</h1>") && public.contains("<strong>appeals</strong>")
        );
        assert!(
            public.contains("$20.00")
                && public.contains("$100.00")
                && public.contains("of $20,000.00"),
            "{public}"
        );
        assert!(public.contains(r#"value="monthly""#));
        let ru = app
            .get("/ru/funds/court-costs-fund")
            .await
            .text()
            .await
            .expect("body");
        assert!(ru.contains("<h1>Судебные расходы</h1>"));
        // Edited: closed, and the title changed; the public page keeps its ledger, not the form.
        let res = save(vec![
            ("original", "court-costs-fund"),
            ("slug", "court-costs-fund"),
            ("currency", "USD"),
            ("presets", "20 50 100"),
            ("min", "5"),
            ("max", "1000"),
            ("texts[en][title]", "Court costs and fees"),
        ])
        .await;
        assert_eq!(res.status(), 303);
        let public = app
            .get("/en/funds/court-costs-fund")
            .await
            .text()
            .await
            .expect("body");
        assert!(
            public.contains("Court costs and fees") && public.contains("no longer takes donations"),
            "{public}"
        );
        assert!(!public.contains("/api/donations/donate"));
        // A fund with money in keeps its currency; another fund's address is refused.
        give_and_pay(&app, &stripe, &ANNA).await;
        let res = save(vec![
            ("original", DEMO_FUND),
            ("slug", "court-costs-fund"),
            ("currency", "GBP"),
            ("presets", "10 25"),
            ("min", "2"),
            ("max", "10000"),
            ("open", "yes"),
            ("texts[en][title]", "Legal aid for exiles"),
        ])
        .await;
        assert_eq!(res.status(), 422);
        let html = res.text().await.expect("body");
        assert!(
            html.contains("the currency cannot change")
                && html.contains("Another fund uses this web address"),
            "{html}"
        );
        assert_eq!(
            app.query_i64(
                "SELECT COUNT(*) FROM audit_log WHERE action IN ('fund_create', 'fund_update')"
            )
            .await,
            2
        );
        let (org, org_csrf) = app.signed_in("organizer@example.org", "organizer").await;
        assert_eq!(app.page_as("/en/admin/funds/new", Some(&org)).await.0, 403);
        let res = app
            .post_as(
                "/api/admin/funds/save",
                Some(&org),
                &[
                    ("csrf", &org_csrf),
                    ("locale", "en"),
                    ("original", ""),
                    ("slug", "org-fund"),
                    ("currency", "eur"),
                    ("presets", "10"),
                    ("min", "1"),
                    ("max", "100"),
                    ("texts[en][title]", "Mine"),
                ],
            )
            .await;
        assert_eq!(res.status(), 403);
        assert_eq!(app.query_i64("SELECT COUNT(*) FROM funds").await, 2);
    }
}

/// A copy of the database names no donor: after gifts once and monthly, receipts sent, the
/// events stored, a failed month mailed, no address, surname or anonymous donor's name is in
/// any table in plaintext — only the first name a donor chose to show, as the public sees it.
#[tokio::test]
async fn a_database_copy_holds_no_donor_in_plaintext() {
    for backend in backends() {
        let (app, stripe) = app_with_stripe(backend).await;
        give_and_pay(&app, &stripe, &ANNA).await;
        give_and_pay(&app, &stripe, &BORIS_MONTHLY).await;
        let sub = app
            .query_text("SELECT subscription_id FROM donations WHERE kind = 'monthly'")
            .await;
        stripe.renew(&sub).await;
        stripe.fail(&sub).await;
        app.run_jobs().await;
        assert_eq!(
            app.smtp().wait_for(4).await.len(),
            4,
            "{backend:?}: the mail went"
        );
        let text = app.all_text().await;
        assert!(
            text.contains("donations.public_name: Anna"),
            "the name Anna chose to show"
        );
        for secret in ["anna.petrova", "Petrova", "boris", "Boris", "Ivanov"] {
            assert!(!text.contains(secret), "{backend:?}: {secret} in\n{text}");
        }
    }
}
