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
            "и", "в", "не", "на", "что", "я", "с", "как", "это", "по", "к", "но", "мы", "вы",
            "из", "у", "за", "от", "для", "о", "так", "же", "все", "бы", "был", "они", "меня",
        ],
    ),
    (
        "uk",
        &[
            "і", "й", "та", "в", "у", "не", "на", "що", "з", "це", "як", "до", "за", "від",
            "для", "ми", "ви", "але", "є", "був", "вони", "мене", "які",
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
            "le", "la", "les", "de", "des", "et", "un", "une", "du", "que", "est", "pour",
            "qui", "dans", "ne", "pas", "sur", "je", "nous", "vous", "au", "avec", "sont",
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

/// The language `text` is written in, among the languages Petrel speaks; `None` when it cannot
/// tell (too short, or none of them).
pub fn detect(text: &str) -> Option<Locale> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphabetic() && c != '\'' && c != '’')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let mut best: Option<(usize, Locale)> = None;
    let mut tied = false;
    for locale in Locale::all() {
        let code = locale.code();
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
        let score = words
            .iter()
            .filter(|w| common.contains(&w.as_str()))
            .count()
            * 4
            + text.chars().filter(|c| own.contains(c)).count();
        match best {
            Some((b, _)) if score < b => {}
            Some((b, _)) if score == b => tied = true,
            _ => {
                best = Some((score, locale));
                tied = false;
            }
        }
    }
    best.filter(|(score, _)| *score >= 8 && !tied)
        .map(|(_, l)| l)
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
    fn only_languages_petrel_speaks() {
        for text in [
            "Der Antrag und die Bitte sind in der Sache für uns wichtig, und wir haben sie.",
            "Nous vous demandons de protéger les personnes qui sont dans la détresse.",
        ] {
            let found = detect(text);
            assert!(found.is_none_or(|l| Locale::all().any(|a| a == l)), "{text}");
        }
    }
}
