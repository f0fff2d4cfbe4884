//! Links and tags that name a row: the id and a keyed check of it, so there is nothing to store
//! and nothing to guess.

/// A link or tag naming row `id`: the id and a keyed check of it, `len` characters long
/// (`{id}.{check}`), so there is nothing to store and nothing to guess.
pub(super) fn id_token(
    vault: &crate::ssr::vault::Vault,
    purpose: &str,
    id: i64,
    len: usize,
) -> String {
    let check: String = vault
        .lookup_hash(purpose, &id.to_string())
        .chars()
        .take(len)
        .collect();
    format!("{id}.{check}")
}

/// The id an [`id_token`] names, if its check holds.
pub(super) fn id_of_token(
    vault: &crate::ssr::vault::Vault,
    purpose: &str,
    raw: &str,
    len: usize,
) -> Option<i64> {
    let (id, _) = raw.split_once('.')?;
    let id: i64 = id.parse().ok()?;
    crate::accounts::ssr::auth::constant_time_eq(
        id_token(vault, purpose, id, len).as_bytes(),
        raw.as_bytes(),
    )
    .then_some(id)
}

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
