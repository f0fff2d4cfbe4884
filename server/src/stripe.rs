//! Stripe through its own Rust client (async-stripe): Checkout Sessions for the donation form
//! (the one outside call a request waits for: a short timeout and an idempotency key), and
//! reading the events its webhook delivers into `app::donations::ssr::events::StripeChange`.
//! `api_base` points the client elsewhere (the tests' fake Stripe).
use crate::config::StripeSettings;
use app::domain::{DonationKind, Locale};
use app::donations::ssr::checkout::{
    Checkout, CheckoutError, CheckoutFuture, CheckoutRequest, CheckoutSession,
};
use app::donations::ssr::events::StripeChange;
use secrecy::ExposeSecret;
use std::collections::HashMap;
use std::time::Duration;
use stripe::{Client, ClientBuilder, IdempotencyKey, RequestStrategy, StripeError, StripeRequest};
use stripe_checkout::checkout_session::{
    CreateCheckoutSession, CreateCheckoutSessionLineItems, CreateCheckoutSessionLineItemsPriceData,
    CreateCheckoutSessionLineItemsPriceDataRecurring,
    CreateCheckoutSessionLineItemsPriceDataRecurringInterval,
    CreateCheckoutSessionPaymentIntentData, CreateCheckoutSessionSubscriptionData, ProductData,
};
use stripe_checkout::{CheckoutSessionLocale, CheckoutSessionMode, CheckoutSessionPaymentStatus};
use stripe_webhook::{EventObject, Webhook};

/// Creates Checkout Sessions with the real client.
pub struct StripeCheckout {
    client: Client,
    timeout: Duration,
}

impl StripeCheckout {
    /// The client for `settings`, if Stripe is configured.
    pub fn new(settings: &StripeSettings) -> Result<Option<StripeCheckout>, String> {
        let Some(key) = settings.secret_key.as_ref().filter(|_| settings.enabled()) else {
            return Ok(None);
        };
        let timeout = Duration::from_millis(settings.timeout_ms);
        let client = ClientBuilder::new(key.expose_secret())
            .url(settings.api_base.clone())
            .timeout(timeout)
            .request_strategy(RequestStrategy::Once)
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Some(StripeCheckout { client, timeout }))
    }
}

fn locale(l: Locale) -> CheckoutSessionLocale {
    match l.code() {
        "ru" => CheckoutSessionLocale::Ru,
        "en" => CheckoutSessionLocale::En,
        _ => CheckoutSessionLocale::Auto,
    }
}

impl Checkout for StripeCheckout {
    fn create(&self, request: CheckoutRequest) -> CheckoutFuture<'_> {
        Box::pin(async move {
            let currency: stripe_types::Currency = request
                .currency
                .parse()
                .map_err(|_| CheckoutError::Refused("currency".into()))?;
            let mut price = CreateCheckoutSessionLineItemsPriceData::new(currency);
            price.unit_amount = Some(request.amount_minor);
            price.product_data = Some(ProductData::new(request.product_name.clone()));
            let monthly = request.kind == DonationKind::Monthly;
            if monthly {
                price.recurring = Some(CreateCheckoutSessionLineItemsPriceDataRecurring::new(
                    CreateCheckoutSessionLineItemsPriceDataRecurringInterval::Month,
                ));
            }
            let mut item = CreateCheckoutSessionLineItems::new();
            item.price_data = Some(price);
            item.quantity = Some(1);
            // Only Petrel's own id: nothing about the donor goes to Stripe that Stripe's page
            // does not ask for itself.
            let metadata: HashMap<String, String> =
                HashMap::from([("petrel_donation".into(), request.donation_id.to_string())]);
            let mut create = CreateCheckoutSession::new()
                .line_items(vec![item])
                .success_url(request.success_url.clone())
                .cancel_url(request.cancel_url.clone())
                .client_reference_id(request.donation_id.to_string())
                .metadata(metadata.clone())
                .locale(locale(request.locale));
            create = if monthly {
                create
                    .mode(CheckoutSessionMode::Subscription)
                    .subscription_data(CreateCheckoutSessionSubscriptionData {
                        metadata: Some(metadata),
                        ..Default::default()
                    })
            } else {
                create
                    .mode(CheckoutSessionMode::Payment)
                    .payment_intent_data(CreateCheckoutSessionPaymentIntentData {
                        metadata: Some(metadata),
                        ..Default::default()
                    })
            };
            let key = IdempotencyKey::new(request.idempotency_key.clone())
                .map_err(|e| CheckoutError::Refused(e.to_string()))?;
            let session = create
                .customize()
                .request_strategy(RequestStrategy::Idempotent(key))
                .timeout(self.timeout)
                .send(&self.client)
                .await
                .map_err(|e| match e {
                    StripeError::Stripe(_, status) if status < 500 => {
                        CheckoutError::Refused(format!("status {status}"))
                    }
                    other => CheckoutError::Unavailable(other.to_string()),
                })?;
            let url = session
                .url
                .clone()
                .ok_or_else(|| CheckoutError::Refused("the session has no URL".into()))?;
            Ok(CheckoutSession {
                id: session.id.as_str().to_owned(),
                url,
            })
        })
    }
}

/// Why a webhook delivery was refused.
#[derive(Debug)]
pub enum Refused {
    /// The signature is missing, malformed, wrong, or older than 300 s.
    Signature,
    /// Signed, but not an event Stripe's types can read.
    Unreadable,
}

/// A verified event: its id and type, for storing it once.
pub struct Verified {
    pub id: String,
    pub kind: String,
}

/// Checks `Stripe-Signature` over the raw body with Stripe's own code: every `v1` signature,
/// 300 s tolerance, constant-time comparison.
pub fn verify(payload: &str, signature: &str, secret: &str) -> Result<Verified, Refused> {
    use stripe_webhook::WebhookError;
    match Webhook::construct_event(payload, signature, secret) {
        Ok(event) => Ok(Verified {
            id: event.id.as_str().to_owned(),
            kind: event.type_.to_string(),
        }),
        Err(WebhookError::BadParse(_)) => Err(Refused::Unreadable),
        Err(_) => Err(Refused::Signature),
    }
}

fn id_of<T: stripe_types::Object>(e: &Option<stripe_types::Expandable<T>>) -> Option<String>
where
    T::Id: AsRef<str>,
{
    e.as_ref().map(|x| x.id().as_ref().to_owned())
}

/// What a stored (already verified) event changes.
pub fn change_of(payload: &str) -> Result<StripeChange, String> {
    let event = Webhook::insecure(payload).map_err(|e| e.to_string())?;
    Ok(match event.data.object {
        EventObject::CheckoutSessionCompleted(s)
        | EventObject::CheckoutSessionAsyncPaymentSucceeded(s)
            if s.payment_status == CheckoutSessionPaymentStatus::Paid
                || s.payment_status == CheckoutSessionPaymentStatus::NoPaymentRequired =>
        {
            StripeChange::CheckoutPaid {
                session_id: s.id.as_str().to_owned(),
                payment_intent: id_of(&s.payment_intent),
                subscription: id_of(&s.subscription),
                customer: id_of(&s.customer),
                amount_total: s.amount_total,
            }
        }
        EventObject::CheckoutSessionAsyncPaymentFailed(s)
        | EventObject::CheckoutSessionExpired(s) => StripeChange::CheckoutFailed {
            session_id: s.id.as_str().to_owned(),
        },
        EventObject::ChargeRefunded(c) => match id_of(&c.payment_intent) {
            Some(payment_intent) => StripeChange::Refunded {
                payment_intent,
                amount_refunded: c.amount_refunded,
            },
            None => StripeChange::Nothing,
        },
        _ => StripeChange::Nothing,
    })
}
