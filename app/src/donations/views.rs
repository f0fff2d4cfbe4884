//! What the donation pages receive from the server.
use crate::domain::Locale;
use serde::{Deserialize, Serialize};

/// A fund's public page: what it is for, what was raised and spent, and the way to give.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FundView {
    pub slug: String,
    pub title: String,
    /// The description, rendered from Markdown and sanitised on the server.
    pub description_html: String,
    /// The language the fund's text is in (the reader's, else the fund's first).
    pub text_locale: Locale,
    /// ISO 4217, lower case.
    pub currency: String,
    pub goal_minor: Option<i64>,
    pub totals: FundTotals,
    /// Money in and out per month, newest first.
    pub months: Vec<LedgerMonth>,
    /// Money out, newest first.
    pub disbursements: Vec<DisbursementRow>,
    /// Donors who chose to be named, newest first (name as chosen, and their message).
    pub named: Vec<NamedDonor>,
    /// Whether donations are taken (the fund is open).
    pub open: bool,
    /// How to give without a card payment (shown while Stripe is not configured).
    pub alternative: String,
    /// The card form, when Stripe is configured and the fund is open.
    pub offer: Option<DonateOffer>,
}

/// What the donation form offers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DonateOffer {
    pub form_token: String,
    /// Preset amounts, in minor units.
    pub presets: Vec<i64>,
    pub min_minor: i64,
    pub max_minor: i64,
    /// Whether monthly gifts are offered.
    pub monthly: bool,
    /// What the donor's bank statement will show.
    pub statement_descriptor: String,
}

/// A fund's figures, in minor units of its currency.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FundTotals {
    /// Paid donations before fees, refunds and disputes.
    pub gross: i64,
    /// Stripe's fees, where Stripe reported them.
    pub fees: i64,
    pub refunds: i64,
    pub disputes: i64,
    /// Gross less fees, refunds and disputes.
    pub net: i64,
    /// Money paid out of the fund.
    pub spent: i64,
    /// Net less spent.
    pub balance: i64,
    /// People who gave (by address), and those giving monthly.
    pub donors: i64,
    pub monthly_donors: i64,
}

/// One month of the ledger (`2026-11`), in minor units.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LedgerMonth {
    pub month: String,
    pub gross: i64,
    pub fees: i64,
    pub refunds: i64,
    pub disputes: i64,
    pub net: i64,
    pub spent: i64,
}

/// Money paid out: when, how much, what for — never to whom.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DisbursementRow {
    /// `YYYY-MM-DD`.
    pub spent_on: String,
    pub amount_minor: i64,
    /// `legal-fees`, `court-costs`, `translation` or `other`.
    pub category: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NamedDonor {
    pub name: String,
    pub message: Option<String>,
}

/// A fund as the home page lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FundCard {
    pub slug: String,
    pub title: String,
}

/// A donor's own page (from the link in their receipt): the gift, and what they can do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GiftView {
    /// The link's token, for the page's buttons.
    pub token: String,
    pub fund_title: String,
    pub fund_slug: String,
    /// One payment (a monthly gift's monthly amount), in minor units of `currency`.
    pub amount_minor: i64,
    pub currency: String,
    pub monthly: bool,
    /// A monthly gift still being charged.
    pub running: bool,
    /// The first payment's date, in the reader's language.
    pub since: String,
    /// When a monthly gift stopped.
    pub ended: Option<String>,
    /// Months paid so far (monthly gifts).
    pub months_paid: i64,
    /// The donor's name, email and message are gone.
    pub erased: bool,
    /// Stripe's customer portal can be opened (to change the card).
    pub portal: bool,
}

/// The longest description of money out.
pub const DESCRIPTION_MAX: usize = 300;

/// What money out can be for (`fund-category-<name>` is its label).
pub const CATEGORIES: [&str; 4] = ["legal-fees", "court-costs", "translation", "other"];

/// The donations an admin lists: empty fields match all.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DonationFilter {
    /// `once` or `monthly`.
    pub kind: String,
    /// A `DonationState`'s name.
    pub state: String,
    pub ref_code: String,
    /// `YYYY-MM`.
    pub month: String,
}

/// A fund's admin page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FundAdminView {
    pub slug: String,
    pub title: String,
    pub currency: String,
    pub open: bool,
    pub totals: FundTotals,
    /// Newest entry first.
    pub disbursements: Vec<AdminDisbursement>,
    /// The newest donations that match `filter` (at most 200).
    pub donations: Vec<AdminDonation>,
    /// Money given per month and per day (the last 31 days), with monthly donors gained and
    /// lost; newest first.
    pub by_month: Vec<ActivityRow>,
    pub by_day: Vec<ActivityRow>,
    /// Money given by the campaign and share code that brought it, largest first.
    pub by_source: Vec<SourceRow>,
    pub filter: DonationFilter,
    /// `YYYY-MM-DD`, the server's today (the money-out form's default date).
    pub today: String,
    pub csrf: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdminDisbursement {
    pub id: i64,
    pub spent_on: String,
    pub amount_minor: i64,
    pub category: String,
    pub description: String,
    /// The entry this one takes back.
    pub corrects: Option<i64>,
    /// Taken back by a later entry.
    pub corrected: bool,
}

/// A donation as admins see it: amounts and where it came from; the donor only as the public
/// sees them (their name, if they chose to be named).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdminDonation {
    pub id: i64,
    /// `YYYY-MM-DD`, paid (or created, if never paid).
    pub date: String,
    pub kind: crate::domain::DonationKind,
    pub state: crate::domain::DonationState,
    pub amount_minor: i64,
    pub refunded_minor: i64,
    pub disputed_minor: i64,
    /// The campaign that sent the donor, by slug.
    pub campaign: Option<String>,
    pub ref_code: Option<String>,
    pub public_name: Option<String>,
    pub refundable: bool,
}

/// One period of a fund's dashboard.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ActivityRow {
    /// `YYYY-MM` or `YYYY-MM-DD`.
    pub period: String,
    /// Payments received (a monthly gift's every month counts).
    pub donations: i64,
    pub gross: i64,
    /// Monthly gifts started and stopped.
    pub gained: i64,
    pub lost: i64,
}

/// What one campaign and share code brought.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceRow {
    /// The campaign's slug; none: the fund's own page.
    pub campaign: Option<String>,
    pub ref_code: Option<String>,
    pub donations: i64,
    pub gross: i64,
}

/// The longest fund title and description.
pub const FUND_TITLE_MAX: usize = 120;
pub const FUND_DESCRIPTION_MAX: usize = 10_000;

/// A fund's editor (admins): every field as text, as typed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FundEditorView {
    /// The fund's slug before this edit; empty for a new fund.
    pub original: String,
    pub slug: String,
    /// ISO 4217, upper case.
    pub currency: String,
    /// Money came in: the currency stays.
    pub currency_locked: bool,
    pub goal: String,
    /// Comma-separated amounts.
    pub presets: String,
    pub min: String,
    pub max: String,
    pub monthly: bool,
    pub open: bool,
    /// Every language the site speaks.
    pub texts: Vec<FundTextView>,
    pub csrf: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FundTextView {
    pub locale: Locale,
    pub title: String,
    /// Markdown.
    pub description: String,
}

/// One language's text as the editor sends it (`texts[<code>][title]`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FundTextInput {
    pub title: String,
    pub description: String,
}
