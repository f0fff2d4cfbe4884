//! Validated domain types, compiled for the server and the browser. Parse once at the boundary
//! (a form's strings become these), and pass only these inward.
mod campaign_kind;
mod campaign_state;
mod country_codes;
mod email;
pub mod language;
mod letter_state;
pub mod letter_text;
mod locale;
mod money;
mod person;
mod slug;
mod stored;

pub mod pow;
pub mod record_state;
mod ref_code;
pub mod upload;

pub use campaign_kind::CampaignKind;
pub use campaign_state::CampaignState;
pub use email::{Email, EmailError};
pub use letter_state::{DeliveryState, LetterState};
pub use locale::Locale;
pub use money::Currency;
pub use person::{CountryCode, NameDisplay, NameError, PersonName, PostalCode};
pub use record_state::{
    DisputeState, DonationKind, DonationState, EmailState, FundState, ListState, MailingState,
    RecipientState, SignatureState, SubscriptionState,
};
pub use ref_code::RefCode;
pub use slug::{Slug, SlugError};
