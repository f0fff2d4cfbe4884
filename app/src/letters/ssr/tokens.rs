//! Links and tags that name a row: the id and a keyed check of it, so there is nothing to store
//! and nothing to guess.

pub(super) use crate::ssr::secret::{id_of_token, id_token};

const MANAGE_PURPOSE: &str = "letters.manage";
const MANAGE_CHECK: usize = 22;
pub(super) const DELIVERY_PURPOSE: &str = "letters.delivery";
pub(super) const DELIVERY_CHECK: usize = 16;

/// The link that lets a writer withdraw their letter and erase what they typed.
pub fn manage_token(vault: &crate::ssr::vault::Vault, letter_id: i64) -> String {
    id_token(vault, MANAGE_PURPOSE, letter_id, MANAGE_CHECK)
}

pub(super) fn letter_of_manage_token(vault: &crate::ssr::vault::Vault, raw: &str) -> Option<i64> {
    id_of_token(vault, MANAGE_PURPOSE, raw, MANAGE_CHECK)
}

/// The path of the manage page, for emails to the writer.
pub fn manage_path(vault: &crate::ssr::vault::Vault, letter_id: i64) -> String {
    format!("/letters/manage?token={}", manage_token(vault, letter_id))
}
