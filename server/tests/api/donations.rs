//! Funds: the public page with what was raised and spent, the ledger month by month, the
//! donors who chose to be named (and nobody else), in the reader's language and currency
//! format; without Stripe, the configured way to give instead of a card form.
use crate::helpers::{TestApp, backends, spawn_app, spawn_app_with};
use app::domain::{DonationKind, DonationState};
use app::ssr::entities::donation;
use petrel::demo::DEMO_FUND;
use sea_orm::{ActiveModelTrait, Set};

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
        assert!(html.contains("Balance: €-1,419.70"), "balance: {html}");
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
