//! Reading a directory file into a [`Roster`]: one entry per person with their party history,
//! whatever the format. Two formats: the EveryPolitician term CSV (one row per member per party
//! period; rows of one person share its `id`) and Popolo JSON (persons, organizations,
//! memberships, areas). A malformed row or membership is reported with where it is (the CSV's
//! line, the membership's index) and left out; only a file that cannot be read at all fails.
use crate::domain::Email;
use chrono::NaiveDate;
use std::collections::HashMap;

/// A thing by the source's id and its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    pub external_id: String,
    pub name: String,
}

/// One period of a person in the legislature (and in a party, if known).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    pub party: Option<Named>,
    pub area: Option<Named>,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub external_id: String,
    pub name: String,
    pub sort_name: String,
    pub email: Option<String>,
    /// Oldest first; the last one is the current (or latest) period.
    pub periods: Vec<Period>,
}

impl Person {
    /// The period that describes them now: one without an end, else the one that ended last.
    pub fn current(&self) -> Option<&Period> {
        self.periods.last()
    }

    /// Whether any period is still open.
    pub fn serving(&self) -> bool {
        self.periods.iter().any(|p| p.end.is_none())
    }
}

/// Something in the file that was left out, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// `line 12` for CSV, `memberships[3]` for JSON.
    pub at: String,
    pub message: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Roster {
    pub people: Vec<Person>,
    pub problems: Vec<Problem>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    EveryPoliticianCsv,
    PopoloJson,
}

impl Format {
    /// By the file's name, else by its first character.
    pub fn detect(name: &str, bytes: &[u8]) -> Format {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".json") {
            return Format::PopoloJson;
        }
        if lower.ends_with(".csv") {
            return Format::EveryPoliticianCsv;
        }
        match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'{') => Format::PopoloJson,
            _ => Format::EveryPoliticianCsv,
        }
    }
}

fn date(value: &str) -> Result<Option<NaiveDate>, String> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    // Sources give whole dates, and sometimes only a year or a month.
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(&format!("{value}-01"), "%Y-%m-%d"))
        .or_else(|_| NaiveDate::parse_from_str(&format!("{value}-01-01"), "%Y-%m-%d"))
        .map(Some)
        .map_err(|_| format!("{value:?} is not a date (YYYY-MM-DD)"))
}

fn named(id: &str, name: &str) -> Option<Named> {
    let (id, name) = (id.trim(), name.trim());
    match (id.is_empty(), name.is_empty()) {
        (true, true) => None,
        // A source without ids for parties or areas: the name is the id.
        (true, false) => Some(Named {
            external_id: name.to_owned(),
            name: name.to_owned(),
        }),
        (false, true) => Some(Named {
            external_id: id.to_owned(),
            name: id.to_owned(),
        }),
        (false, false) => Some(Named {
            external_id: id.to_owned(),
            name: name.to_owned(),
        }),
    }
}

/// The address if it is one; a problem otherwise.
fn email(value: &str, at: &str, problems: &mut Vec<Problem>) -> Option<String> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    match Email::parse(value) {
        Ok(e) => Some(e.as_str().to_owned()),
        Err(_) => {
            problems.push(Problem {
                at: at.to_owned(),
                message: format!("{value:?} is not an email address; imported without one"),
            });
            None
        }
    }
}

/// Collects people by id in the order first seen, each person's periods ordered by time.
#[derive(Default)]
struct People {
    order: Vec<String>,
    by_id: HashMap<String, Person>,
}

impl People {
    fn add(&mut self, mut person: Person) {
        match self.by_id.get_mut(&person.external_id) {
            Some(known) => {
                // The later period's details win (names and addresses change).
                let newer = person
                    .periods
                    .iter()
                    .any(|p| ends_after(p, known.current()));
                known.periods.append(&mut person.periods);
                if newer {
                    known.name = person.name;
                    known.sort_name = person.sort_name;
                    if person.email.is_some() {
                        known.email = person.email;
                    }
                } else if known.email.is_none() {
                    known.email = person.email;
                }
            }
            None => {
                self.order.push(person.external_id.clone());
                self.by_id.insert(person.external_id.clone(), person);
            }
        }
    }

    fn finish(mut self) -> Vec<Person> {
        self.order
            .iter()
            .filter_map(|id| self.by_id.remove(id))
            .map(|mut p| {
                // Open periods last; closed ones by end, then start.
                p.periods.sort_by_key(|x| (x.end.is_none(), x.end, x.start));
                p
            })
            .collect()
    }
}

fn ends_after(p: &Period, than: Option<&Period>) -> bool {
    match than {
        None => true,
        Some(t) => match (p.end, t.end) {
            (None, Some(_)) => true,
            (Some(a), Some(b)) => a > b,
            (None, None) => p.start >= t.start,
            (Some(_), None) => false,
        },
    }
}

/// Reads `bytes` in `format`; `term` keeps only Popolo memberships of that legislative period.
pub fn parse(bytes: &[u8], format: Format, term: Option<&str>) -> Result<Roster, String> {
    match format {
        Format::EveryPoliticianCsv => parse_csv(bytes),
        Format::PopoloJson => parse_popolo(bytes, term),
    }
}

fn parse_csv(bytes: &[u8]) -> Result<Roster, String> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let headers = reader
        .headers()
        .map_err(|e| format!("cannot read the header row: {e}"))?
        .clone();
    let column = |name: &str| headers.iter().position(|h| h.trim() == name);
    let (Some(id_col), Some(name_col)) = (column("id"), column("name")) else {
        return Err(
            "the header row has no `id` and `name` columns: not an EveryPolitician term CSV".into(),
        );
    };
    let cols: HashMap<&str, usize> = [
        "sort_name",
        "email",
        "group",
        "group_id",
        "area",
        "area_id",
        "start_date",
        "end_date",
    ]
    .into_iter()
    .filter_map(|c| column(c).map(|i| (c, i)))
    .collect();
    let mut roster = Roster::default();
    let mut people = People::default();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let at = e
                    .position()
                    .map(|p| format!("line {}", p.line()))
                    .unwrap_or_else(|| "a row".into());
                roster.problems.push(Problem {
                    at,
                    message: format!("unreadable row: {e}"),
                });
                continue;
            }
        };
        let at = format!(
            "line {}",
            record.position().map(|p| p.line()).unwrap_or_default()
        );
        if record.len() != headers.len() {
            roster.problems.push(Problem {
                at,
                message: format!(
                    "{} fields where the header has {}",
                    record.len(),
                    headers.len()
                ),
            });
            continue;
        }
        let get = |c: &str| {
            cols.get(c)
                .and_then(|i| record.get(*i))
                .unwrap_or_default()
                .trim()
        };
        let id = record.get(id_col).unwrap_or_default().trim();
        let name = record.get(name_col).unwrap_or_default().trim();
        if id.is_empty() || name.is_empty() {
            roster.problems.push(Problem {
                at,
                message: "no id or no name".into(),
            });
            continue;
        }
        let (start, end) = match (date(get("start_date")), date(get("end_date"))) {
            (Ok(s), Ok(e)) => (s, e),
            (Err(m), _) | (_, Err(m)) => {
                roster.problems.push(Problem { at, message: m });
                continue;
            }
        };
        if let (Some(s), Some(e)) = (start, end)
            && e < s
        {
            roster.problems.push(Problem {
                at,
                message: "the end date is before the start date".into(),
            });
            continue;
        }
        let email = email(get("email"), &at, &mut roster.problems);
        let sort_name = match get("sort_name") {
            "" => name.to_owned(),
            s => s.to_owned(),
        };
        people.add(Person {
            external_id: id.to_owned(),
            name: name.to_owned(),
            sort_name,
            email,
            periods: vec![Period {
                party: named(get("group_id"), get("group")),
                area: named(get("area_id"), get("area")),
                start,
                end,
            }],
        });
    }
    roster.people = people.finish();
    Ok(roster)
}

fn parse_popolo(bytes: &[u8], term: Option<&str>) -> Result<Roster, String> {
    use serde_json::Value;
    let root: Value = serde_json::from_slice(bytes).map_err(|e| format!("not JSON: {e}"))?;
    let list = |key: &str| -> Vec<Value> {
        root.get(key)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    let text = |v: &Value, key: &str| -> String {
        v.get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .trim()
            .to_owned()
    };
    let memberships = list("memberships");
    if root.get("persons").is_none() || root.get("memberships").is_none() {
        return Err("no `persons` and `memberships`: not a Popolo export".into());
    }
    let mut roster = Roster::default();
    let organizations: HashMap<String, (String, String)> = list("organizations")
        .iter()
        .map(|o| {
            (
                text(o, "id"),
                (
                    text(o, "name"),
                    text(o, "classification").to_ascii_lowercase(),
                ),
            )
        })
        .collect();
    let areas: HashMap<String, String> = list("areas")
        .iter()
        .map(|a| (text(a, "id"), text(a, "name")))
        .collect();
    let mut persons: HashMap<String, (String, String, Option<String>)> = HashMap::new();
    for (i, p) in list("persons").iter().enumerate() {
        let at = format!("persons[{i}]");
        let (id, name) = (text(p, "id"), text(p, "name"));
        if id.is_empty() || name.is_empty() {
            roster.problems.push(Problem {
                at,
                message: "no id or no name".into(),
            });
            continue;
        }
        let address = match text(p, "email") {
            e if !e.is_empty() => e,
            _ => p
                .get("contact_details")
                .and_then(Value::as_array)
                .and_then(|cs| {
                    cs.iter()
                        .find(|c| text(c, "type").eq_ignore_ascii_case("email"))
                        .map(|c| text(c, "value"))
                })
                .unwrap_or_default(),
        };
        let sort_name = match text(p, "sort_name") {
            s if s.is_empty() => name.clone(),
            s => s,
        };
        let email = email(&address, &at, &mut roster.problems);
        persons.insert(id, (name, sort_name, email));
    }
    let in_term = |m: &Value| match term {
        None => true,
        Some(t) => {
            let period = text(m, "legislative_period_id");
            period == t || period.ends_with(&format!("/{t}"))
        }
    };
    let mut people = People::default();
    for (i, m) in memberships.iter().enumerate() {
        let at = format!("memberships[{i}]");
        if !in_term(m) {
            continue;
        }
        let organization = organizations.get(&text(m, "organization_id"));
        let classification = organization.map(|o| o.1.as_str()).unwrap_or_default();
        let on_behalf_of = text(m, "on_behalf_of_id");
        let party = if !on_behalf_of.is_empty() {
            let name = organizations
                .get(&on_behalf_of)
                .map(|o| o.0.clone())
                .unwrap_or_default();
            named(&on_behalf_of, &name)
        } else if classification == "party" {
            organization.and_then(|o| named(&text(m, "organization_id"), &o.0))
        } else {
            None
        };
        let area_id = text(m, "area_id");
        // A seat in the legislature: a membership of the legislature itself, or one that names
        // a party it was held for or an area it was held in.
        let seat = matches!(
            classification,
            "legislature" | "chamber" | "lower house" | "upper house"
        ) || !on_behalf_of.is_empty()
            || !area_id.is_empty();
        if !seat {
            continue;
        }
        let person_id = text(m, "person_id");
        let Some((name, sort_name, email)) = persons.get(&person_id).cloned() else {
            roster.problems.push(Problem {
                at,
                message: if person_id.is_empty() {
                    "no person_id".into()
                } else {
                    format!("person {person_id:?} is not among the persons")
                },
            });
            continue;
        };
        let (start, end) = match (date(&text(m, "start_date")), date(&text(m, "end_date"))) {
            (Ok(s), Ok(e)) => (s, e),
            (Err(msg), _) | (_, Err(msg)) => {
                roster.problems.push(Problem { at, message: msg });
                continue;
            }
        };
        let area = if area_id.is_empty() {
            None
        } else {
            named(
                &area_id,
                areas.get(&area_id).map(String::as_str).unwrap_or_default(),
            )
        };
        people.add(Person {
            external_id: person_id,
            name,
            sort_name,
            email,
            periods: vec![Period {
                party,
                area,
                start,
                end,
            }],
        });
    }
    roster.people = people.finish();
    Ok(roster)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CSV: &str = "\
id,name,sort_name,email,group,group_id,area_id,area,start_date,end_date
a1,Ann Smith,\"Smith, Ann\",ann@parliament.example,Labour,labour,c/1,North,,2018-05-01
a1,Ann Smith,\"Smith, Ann\",ann@parliament.example,Independent,independent,c/1,North,2018-05-02,
b2,Bob Jones,,,Green,green,c/2,South,,
,No Id,,,Green,green,c/2,South,,
c3,Cat Bad Date,,,Green,green,c/3,East,soon,
d4,Dan Bad Mail,,not-an-address,Green,green,c/4,West,,
e5,Too,Few
";

    #[test]
    fn csv_rows_are_grouped_by_person_and_bad_rows_reported_by_line() {
        let r = parse(CSV.as_bytes(), Format::EveryPoliticianCsv, None).expect("parsed");
        let ids: Vec<&str> = r.people.iter().map(|p| p.external_id.as_str()).collect();
        assert_eq!(ids, ["a1", "b2", "d4"]);
        let ann = &r.people[0];
        assert_eq!(ann.periods.len(), 2);
        assert_eq!(
            ann.current()
                .and_then(|p| p.party.as_ref())
                .map(|p| p.name.as_str()),
            Some("Independent")
        );
        assert!(ann.serving());
        assert_eq!(ann.sort_name, "Smith, Ann");
        assert_eq!(r.people[1].sort_name, "Bob Jones");
        assert_eq!(r.people[1].email, None);
        assert_eq!(r.people[2].email, None, "the bad address is dropped");
        let at: Vec<&str> = r.problems.iter().map(|p| p.at.as_str()).collect();
        assert_eq!(
            at,
            ["line 5", "line 6", "line 7", "line 8"],
            "{:?}",
            r.problems
        );
        assert!(r.problems[1].message.contains("\"soon\" is not a date"));
        assert!(
            r.problems[3]
                .message
                .contains("3 fields where the header has 10")
        );
    }

    #[test]
    fn files_that_are_not_directories_fail_as_a_whole() {
        assert!(parse(b"a,b\n1,2\n", Format::EveryPoliticianCsv, None).is_err());
        assert!(parse(b"{not json", Format::PopoloJson, None).is_err());
        assert!(parse(b"{\"x\": 1}", Format::PopoloJson, None).is_err());
        assert_eq!(Format::detect("x.JSON", b""), Format::PopoloJson);
        assert_eq!(
            Format::detect("upload", b"  {\"persons\""),
            Format::PopoloJson
        );
        assert_eq!(
            Format::detect("upload", b"id,name"),
            Format::EveryPoliticianCsv
        );
    }
}
