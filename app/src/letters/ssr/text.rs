//! The letter as a representative gets it: placeholders filled, Petrel's signature block under it
//! and the line saying where it came from.
use super::sealed::Sender;
use crate::domain::Locale;

/// `template` with the placeholders filled in. Without a title, `{title}` goes with the space
/// before it ("Dear {representative} {title}," reads "Dear Ann Smith,").
pub fn fill(template: &str, representative: &str, title: &str, sender: &str, town: &str) -> String {
    let template = if title.is_empty() {
        template.replace(" {title}", "").replace("{title}", "")
    } else {
        template.replace("{title}", title)
    };
    template
        .replace("{representative}", representative)
        .replace("{sender}", sender)
        .replace("{town}", town)
}

/// The writer's signature block, which Petrel puts under every letter whatever its text says,
/// so that a representative can always tell a constituent: their name, postal address (if
/// given), town and postcode (unless the address already says them), and their email for
/// replies. Not editable: the text box holds only the letter.
pub fn signature(sender: &Sender) -> Vec<String> {
    let address: Vec<String> = sender
        .address
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    let said = |v: &str| {
        let v = v.trim().to_lowercase();
        v.is_empty() || address.iter().any(|l| l.to_lowercase().contains(&v))
    };
    let place = [sender.town.trim(), sender.postcode.trim()]
        .into_iter()
        .filter(|v| !said(v))
        .collect::<Vec<_>>()
        .join(" ");
    std::iter::once(sender.name.trim().to_owned())
        .chain(address.iter().cloned())
        .chain((!place.is_empty()).then_some(place))
        .chain(std::iter::once(sender.email.trim().to_owned()))
        .filter(|l| !l.is_empty())
        .collect()
}

/// The line under a letter saying where it came from, in the letter's language (the
/// representative's, not necessarily the writer's pages').
pub fn footer(locale: Locale, campaign: &str, sender: &str) -> String {
    crate::i18n::t_with(
        locale,
        "email-letter-footer",
        &[
            (
                "site",
                crate::i18n::Arg::Str(&crate::i18n::t(locale, "site-name")),
            ),
            ("campaign", crate::i18n::Arg::Str(campaign)),
            ("sender", crate::i18n::Arg::Str(sender)),
        ],
    )
}

/// A suggested letter as the writer sees it in the text box: sign-off lines made only of
/// `{sender}` and `{town}` go, since Petrel adds the signature block itself. (Inside a sentence
/// they stay, and are filled in from the form when the letter is saved.)
pub fn without_sign_off(text: &str) -> String {
    text.lines()
        .filter(|line| {
            let rest = line.replace("{sender}", "").replace("{town}", "");
            line.trim().is_empty() || rest.chars().any(char::is_alphanumeric)
        })
        .collect::<Vec<_>>()
        .join("\n")
        .trim_end()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled() {
        assert_eq!(
            fill(
                "Dear {representative},\n…\n{sender}, {town}",
                "Ann Smith",
                "",
                "Bo",
                "Leeds"
            ),
            "Dear Ann Smith,\n…\nBo, Leeds"
        );
        let letter = "Dear {representative} {title},\n…";
        assert_eq!(
            fill(letter, "Ann Smith", "MP", "", ""),
            "Dear Ann Smith MP,\n…"
        );
        assert_eq!(fill(letter, "Ann Smith", "", "", ""), "Dear Ann Smith,\n…");
    }
    #[test]
    fn the_signature_always_says_who_wrote_and_where_they_live() {
        let mut sender = Sender {
            name: "Jane Writer".into(),
            email: "jane@example.org".into(),
            town: "Windsor".into(),
            address: "1 High Street\n\nWindsor SL4 1AA".into(),
            postcode: "SL4 1AA".into(),
            locale: "ru".into(),
        };
        // The address already names the town and postcode.
        assert_eq!(
            signature(&sender),
            [
                "Jane Writer",
                "1 High Street",
                "Windsor SL4 1AA",
                "jane@example.org"
            ]
        );
        sender.address.clear();
        assert_eq!(
            signature(&sender),
            ["Jane Writer", "Windsor SL4 1AA", "jane@example.org"]
        );
        sender.postcode.clear();
        assert_eq!(
            signature(&sender),
            ["Jane Writer", "Windsor", "jane@example.org"]
        );
    }

    #[test]
    fn the_text_box_shows_no_sign_off_placeholders() {
        assert_eq!(
            without_sign_off(
                "Dear {representative},\n\nPlease help.\n\nYours sincerely,\n{sender}, {town}\n"
            ),
            "Dear {representative},\n\nPlease help.\n\nYours sincerely,"
        );
        assert_eq!(
            without_sign_off("I live in {town} and ask you.\n{sender}"),
            "I live in {town} and ask you."
        );
    }

    #[test]
    fn the_footer_is_in_the_letters_language() {
        let en = Locale::from_code("en").expect("en");
        let ru = Locale::from_code("ru").expect("ru");
        assert!(footer(en, "Protect exiles", "Jane").starts_with("Sent by Jane"));
        assert!(footer(ru, "Защитите", "Jane").starts_with("Отправлено"));
    }
}
