//! What petition pages show, as sent from the server (wire types: they depend only on `domain`).

/// What a withdraw-and-erase link leads to.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SignatureToManage {
    pub campaign_title: String,
    pub campaign_slug: String,
    pub confirmed: bool,
}
