//! Which of Petrel's languages a text is written in. A letter goes to a representative in the
//! language its writer wrote it in, whatever language the writer's pages were in: a Russian
//! exile may read Petrel in Russian and write to a British MP in English, and the MP must then
//! get English around the letter (the footer, the signature, `Content-Language`).
//!
//! Common function words decide, with the letters only one language uses as tie-breakers
//! (Ukrainian і ї є ґ, Russian ы э ъ ё); a language Petrel does not speak is never the answer.
use super::Locale;

/// Frequent short words of each language, which almost every sentence contains.
const WORDS: &[(&str, &[&str])] = &[
    (
        "en",
        &[
            "the", "and", "of", "to", "in", "is", "that", "for", "it", "you", "with", "are",
            "this", "was", "have", "not", "who", "my", "i", "we", "your", "from", "be", "as",
        ],
    ),
    (
        "ru",
        &[
            "и", "в", "не", "на", "что", "я", "с", "как", "это", "по", "к", "но", "мы", "вы", "из",
            "у", "за", "от", "для", "о", "так", "же", "все", "бы", "был", "они", "меня",
        ],
    ),
    (
        "uk",
        &[
            "і", "й", "та", "в", "у", "не", "на", "що", "з", "це", "як", "до", "за", "від", "для",
            "ми", "ви", "але", "є", "був", "вони", "мене", "які",
        ],
    ),
    (
        "de",
        &[
            "der", "die", "und", "in", "den", "von", "zu", "das", "mit", "sich", "des", "auf",
            "für", "ist", "im", "nicht", "ein", "eine", "ich", "wir", "sie", "dass", "haben",
        ],
    ),
    (
        "fr",
        &[
            "le", "la", "les", "de", "des", "et", "un", "une", "du", "que", "est", "pour", "qui",
            "dans", "ne", "pas", "sur", "je", "nous", "vous", "au", "avec", "sont",
        ],
    ),
];

/// Letters that only this language of those Petrel knows uses.
const OWN_LETTERS: &[(&str, &[char])] = &[
    ("uk", &['і', 'ї', 'є', 'ґ']),
    ("ru", &['ы', 'э', 'ъ', 'ё']),
    ("de", &['ä', 'ö', 'ü', 'ß']),
    ("fr", &['é', 'è', 'ê', 'à', 'ç', 'ù', 'œ']),
];

/// Which alphabet each language is written in.
fn cyrillic(code: &str) -> bool {
    matches!(code, "ru" | "uk" | "be" | "bg" | "sr")
}

/// The language `text` is written in, among the languages Petrel speaks; `None` when it cannot
/// tell (too little text, or none of them). The alphabet most of its letters are in narrows
/// the choice; common words and letters of one language only decide within it.
pub fn detect(text: &str) -> Option<Locale> {
    let (mut cyr, mut lat) = (0usize, 0usize);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        if ('\u{0400}'..='\u{04FF}').contains(&c) {
            cyr += 1;
        } else if c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(&c) {
            lat += 1;
        }
    }
    if cyr + lat < 20 {
        return None;
    }
    let in_cyrillic = cyr > lat;
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphabetic() && c != '\'' && c != '’')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let score = |code: &str| {
        let common = WORDS
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, w)| *w)
            .unwrap_or_default();
        let own = OWN_LETTERS
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, l)| *l)
            .unwrap_or_default();
        words
            .iter()
            .filter(|w| common.contains(&w.as_str()))
            .count()
            * 4
            + text.chars().filter(|c| own.contains(c)).count()
    };
    let mut ranked: Vec<(usize, Locale)> = Locale::all()
        .filter(|l| cyrillic(l.code()) == in_cyrillic)
        .map(|l| (score(l.code()), l))
        .collect();
    ranked.sort_by_key(|r| std::cmp::Reverse(r.0));
    match ranked.as_slice() {
        // The only language Petrel speaks in this alphabet.
        [(_, only)] => Some(*only),
        [(best, l), (next, _), ..] if best > next => Some(*l),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(text: &str) -> Option<&'static str> {
        detect(text).map(Locale::code)
    }

    #[test]
    fn tells_english_from_russian() {
        assert_eq!(
            code("Dear Ms Smith, I am writing to ask you to protect the people who fled."),
            Some("en")
        );
        assert_eq!(
            code("Уважаемая госпожа Смит, я пишу вам, чтобы попросить защитить тех, кто уехал."),
            Some("ru")
        );
    }

    #[test]
    fn an_english_letter_from_a_russian_writer_is_english() {
        // Names and a Russian sign-off do not outweigh the letter's own words.
        let text = "Dear Adam Afriyie MP,\n\nI fled Russia in 2022 because I opposed the war. \
                    Please ask the Home Office to protect people like me.\n\nС уважением";
        assert_eq!(code(text), Some("en"));
    }

    #[test]
    fn too_little_to_tell_is_none() {
        assert_eq!(code(""), None);
        assert_eq!(code("Adam Afriyie"), None);
        assert_eq!(code("12345 !!!"), None);
    }

    #[test]
    fn a_short_russian_note_is_russian() {
        assert_eq!(
            code("Прошу поддержать защиту уехавших россиян."),
            Some("ru")
        );
    }

    #[test]
    fn only_languages_petrel_speaks() {
        for text in [
            "Der Antrag und die Bitte sind in der Sache für uns wichtig, und wir haben sie.",
            "Nous vous demandons de protéger les personnes qui sont dans la détresse.",
        ] {
            let found = detect(text);
            assert!(
                found.is_none_or(|l| Locale::all().any(|a| a == l)),
                "{text}"
            );
        }
    }
}
