//! Stripe through its own Rust client (async-stripe): Checkout Sessions for the donation form,
//! cancelling a monthly gift, customer-portal sessions and refunds (the outside calls a request
//! waits for: a short timeout, and an idempotency key where a repeat must not act twice), and
//! reading the events its webhook delivers into `app::donations::ssr::events::StripeChange`.
//! `api_base` points the client elsewhere (the tests' fake Stripe).
use crate::config::StripeSettings;
use app::domain::DisputeState;
use app::domain::{DonationKind, Locale};
use app::donations::ssr::checkout::{
    Checkout, CheckoutError, CheckoutFuture, CheckoutRequest, CheckoutSession, StripeFuture,
};
use app::donations::ssr::events::StripeChange;
use secrecy::ExposeSecret;
use std::collections::HashMap;
use std::time::Duration;
use stripe::{Client, ClientBuilder, IdempotencyKey, RequestStrategy, StripeError, StripeRequest};
use stripe_billing::billing_portal_session::CreateBillingPortalSession;
use stripe_billing::subscription::CancelSubscription;
use stripe_checkout::checkout_session::{
    CreateCheckoutSession, CreateCheckoutSessionLineItems, CreateCheckoutSessionLineItemsPriceData,
    CreateCheckoutSessionLineItemsPriceDataRecurring,
    CreateCheckoutSessionLineItemsPriceDataRecurringInterval,
    CreateCheckoutSessionPaymentIntentData, CreateCheckoutSessionSubscriptionData, ProductData,
};
use stripe_checkout::{CheckoutSessionLocale, CheckoutSessionMode, CheckoutSessionPaymentStatus};
use stripe_core::balance_transaction::RetrieveBalanceTransaction;
use stripe_core::refund::CreateRefund;
use stripe_shared::{DisputeStatus, InvoiceBillingReason, SubscriptionStatus};
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

/// A failed call: Stripe's own refusal (4xx) is ours to fix; anything else may pass.
fn failure(e: StripeError) -> CheckoutError {
    match e {
        StripeError::Stripe(_, status) if status < 500 => {
            CheckoutError::Refused(format!("status {status}"))
        }
        other => CheckoutError::Unavailable(other.to_string()),
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
                .map_err(failure)?;
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

    fn cancel_subscription(&self, subscription: String) -> StripeFuture<'_, ()> {
        Box::pin(async move {
            CancelSubscription::new(subscription.as_str())
                .customize()
                .timeout(self.timeout)
                .send(&self.client)
                .await
                .map_err(failure)?;
            Ok(())
        })
    }

    fn portal(
        &self,
        customer: String,
        return_url: String,
        locale: Locale,
    ) -> StripeFuture<'_, String> {
        use stripe_billing::BillingPortalSessionLocale as L;
        Box::pin(async move {
            let session = CreateBillingPortalSession::new()
                .customer(customer)
                .return_url(return_url)
                .locale(match locale.code() {
                    "ru" => L::Ru,
                    "en" => L::En,
                    _ => L::Auto,
                })
                .customize()
                .timeout(self.timeout)
                .send(&self.client)
                .await
                .map_err(failure)?;
            Ok(session.url)
        })
    }

    fn fee(&self, balance_transaction: String) -> StripeFuture<'_, i64> {
        Box::pin(async move {
            let txn = RetrieveBalanceTransaction::new(balance_transaction.as_str())
                .customize()
                .timeout(self.timeout)
                .send(&self.client)
                .await
                .map_err(failure)?;
            Ok(txn.fee)
        })
    }

    fn refund(&self, payment_intent: String, idempotency_key: String) -> StripeFuture<'_, ()> {
        Box::pin(async move {
            let key = IdempotencyKey::new(idempotency_key)
                .map_err(|e| CheckoutError::Refused(e.to_string()))?;
            CreateRefund::new()
                .payment_intent(payment_intent)
                .customize()
                .request_strategy(RequestStrategy::Idempotent(key))
                .timeout(self.timeout)
                .send(&self.client)
                .await
                .map_err(failure)?;
            Ok(())
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
        EventObject::ChargeSucceeded(c) | EventObject::ChargeUpdated(c) => {
            match (id_of(&c.payment_intent), &c.balance_transaction) {
                (Some(payment_intent), Some(stripe_types::Expandable::Object(txn))) => {
                    StripeChange::Fee {
                        payment_intent,
                        fee: txn.fee,
                    }
                }
                (Some(payment_intent), Some(stripe_types::Expandable::Id(txn))) => {
                    StripeChange::Settled {
                        payment_intent,
                        balance_transaction: txn.as_str().to_owned(),
                    }
                }
                _ => StripeChange::Nothing,
            }
        }
        EventObject::InvoicePaid(inv) => match (invoice_subscription(&inv), &inv.id) {
            (Some(subscription), Some(id)) => StripeChange::InvoicePaid {
                invoice_id: id.as_str().to_owned(),
                subscription,
                payment_intent: inv
                    .payments
                    .as_ref()
                    .and_then(|p| p.data.iter().find_map(|p| id_of(&p.payment.payment_intent))),
                amount_paid: inv.amount_paid,
                first: inv.billing_reason == Some(InvoiceBillingReason::SubscriptionCreate),
            },
            _ => StripeChange::Nothing,
        },
        EventObject::InvoicePaymentFailed(inv) => match (invoice_subscription(&inv), &inv.id) {
            (Some(subscription), Some(id)) => StripeChange::InvoiceFailed {
                invoice_id: id.as_str().to_owned(),
                subscription,
            },
            _ => StripeChange::Nothing,
        },
        EventObject::CustomerSubscriptionDeleted(sub) => StripeChange::GiftEnded {
            subscription: sub.id.as_str().to_owned(),
        },
        EventObject::CustomerSubscriptionUpdated(sub)
            if matches!(
                sub.status,
                SubscriptionStatus::Canceled | SubscriptionStatus::IncompleteExpired
            ) =>
        {
            StripeChange::GiftEnded {
                subscription: sub.id.as_str().to_owned(),
            }
        }
        EventObject::ChargeDisputeCreated(d) | EventObject::ChargeDisputeClosed(d) => {
            let state = match d.status {
                DisputeStatus::Won | DisputeStatus::WarningClosed | DisputeStatus::Prevented => {
                    DisputeState::Won
                }
                DisputeStatus::Lost => DisputeState::Lost,
                _ => DisputeState::Open,
            };
            match id_of(&d.payment_intent) {
                Some(payment_intent) => StripeChange::Disputed {
                    payment_intent,
                    amount: d.amount,
                    state,
                },
                None => StripeChange::Nothing,
            }
        }
        _ => StripeChange::Nothing,
    })
}

/// The subscription an invoice bills, where Stripe's current API puts it (under `parent`) or
/// where older versions did.
fn invoice_subscription(inv: &stripe_shared::Invoice) -> Option<String> {
    inv.parent
        .as_ref()
        .and_then(|p| p.subscription_details.as_ref())
        .map(|d| d.subscription.id().as_str().to_owned())
        .or_else(|| id_of(&inv.subscription))
}
