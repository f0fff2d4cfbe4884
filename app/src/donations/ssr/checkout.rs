//! The outside calls a request waits for: creating a Stripe Checkout Session for a donation,
//! stopping a monthly gift, opening Stripe's customer portal for a donor, refunding a payment.
//! Behind this trait so that `app` does not link Stripe's HTTP client; the server implements it
//! with the real client (`server::stripe`), with a short timeout (and an idempotency key where a
//! repeat must not do twice what was asked once).
use crate::domain::{DonationKind, Locale};
use std::future::Future;
use std::pin::Pin;

/// What Stripe is asked to collect.
#[derive(Debug, Clone)]
pub struct CheckoutRequest {
    /// Petrel's pending donation (`client_reference_id` and metadata).
    pub donation_id: i64,
    pub kind: DonationKind,
    pub amount_minor: i64,
    /// ISO 4217, lower case.
    pub currency: String,
    /// What the donor sees on Stripe's page ("Legal aid for exiles").
    pub product_name: String,
    pub success_url: String,
    pub cancel_url: String,
    pub locale: Locale,
    /// The same for a form sent twice, so Stripe answers with the same session.
    pub idempotency_key: String,
}

/// The session Stripe created: the donor is sent to `url`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckoutSession {
    pub id: String,
    pub url: String,
}

#[derive(Debug, thiserror::Error)]
pub enum CheckoutError {
    /// Stripe did not answer in time, or could not be reached: nothing was charged.
    #[error("Stripe is unavailable: {0}")]
    Unavailable(String),
    /// Stripe refused the request (a configuration problem of ours, or a payment that cannot
    /// be refunded).
    #[error("Stripe refused the request: {0}")]
    Refused(String),
}

pub type CheckoutFuture<'a> = StripeFuture<'a, CheckoutSession>;

/// What a call to Stripe gives back.
pub type StripeFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, CheckoutError>> + Send + 'a>>;

/// Card payments as the request path sees them: the checkout (when Stripe is configured), where
/// its pages are (the form may be sent there), and what bank statements show.
#[derive(Clone, Default)]
pub struct Payments {
    pub checkout: Option<std::sync::Arc<dyn Checkout>>,
    /// `https://checkout.stripe.com`: added to the pages' CSP `form-action`.
    pub checkout_origin: Option<std::sync::Arc<str>>,
    pub statement_descriptor: std::sync::Arc<str>,
}

/// Stripe, as donations use it.
pub trait Checkout: Send + Sync {
    /// A Checkout Session for a pending donation.
    fn create(&self, request: CheckoutRequest) -> CheckoutFuture<'_>;
    /// Stops a monthly gift at once: no further charge.
    fn cancel_subscription(&self, subscription: String) -> StripeFuture<'_, ()>;
    /// The address of a customer-portal session where the donor changes their card or cancels;
    /// Stripe sends them back to `return_url`.
    fn portal(
        &self,
        customer: String,
        return_url: String,
        locale: Locale,
    ) -> StripeFuture<'_, String>;
    /// Gives a payment back in full; the same `idempotency_key` refunds once.
    fn refund(&self, payment_intent: String, idempotency_key: String) -> StripeFuture<'_, ()>;
    /// Stripe's fee on a payment, from its balance transaction (in the payment's minor units).
    fn fee(&self, balance_transaction: String) -> StripeFuture<'_, i64>;
}
