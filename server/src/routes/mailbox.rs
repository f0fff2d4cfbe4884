//! `/dev/mailbox`: the file mailbox of the embedded default, so a newcomer can read the emails
//! Petrel would have sent. Only routed when the file mailbox is configured, which configuration
//! refuses in production.
use crate::startup::ServerState;
use app::html::escape;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

fn page(state: &ServerState, title: &str, body: &str) -> Html<String> {
    Html(format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title><link rel=\"stylesheet\" href=\"/pkg/{}/petrel.css\"></head>\
         <body><main id=\"main\" class=\"container page\">{body}</main></body></html>",
        escape(title),
        state.asset_version
    ))
}

/// When a message was kept, from its file name (`20261207T043817.552Z-….eml`), as people
/// write it: `2026-12-07 04:38:17`.
fn sent_at(name: &str) -> String {
    let c: Vec<char> = name.chars().take(15).collect();
    if c.len() < 15
        || c[8] != 'T'
        || !c
            .iter()
            .enumerate()
            .all(|(i, c)| i == 8 || c.is_ascii_digit())
    {
        return name.chars().take(20).collect();
    }
    let part = |a: usize, b: usize| c[a..b].iter().collect::<String>();
    format!(
        "{}-{}-{} {}:{}:{}",
        part(0, 4),
        part(4, 6),
        part(6, 8),
        part(9, 11),
        part(11, 13),
        part(13, 15)
    )
}

pub async fn index(State(state): State<ServerState>) -> Response {
    let Some(dir) = state.mailbox_dir.clone() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".eml"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files.reverse();
    let mut rows = String::new();
    for name in files.iter().take(200) {
        let raw = std::fs::read(dir.join(name)).unwrap_or_default();
        let parsed = mail_parser::MessageParser::default().parse(&raw);
        let subject = parsed
            .as_ref()
            .and_then(|m| m.subject())
            .unwrap_or("(no subject)");
        let to = parsed
            .as_ref()
            .and_then(|m| m.to())
            .and_then(|a| a.first())
            .and_then(|a| a.address())
            .unwrap_or("");
        rows.push_str(&format!(
            "<tr><td><a href=\"/dev/mailbox/{n}\">{s}</a></td><td class=\"address\">{t}</td><td>{d}</td></tr>",
            n = escape(name),
            s = escape(subject),
            t = escape(to),
            d = escape(&sent_at(name)),
        ));
    }
    let body = if rows.is_empty() {
        "<h1>Development mailbox</h1><p>No messages yet. Emails Petrel sends appear here \
         instead of being delivered.</p>"
            .to_owned()
    } else {
        format!(
            "<h1>Development mailbox</h1><p>Emails Petrel sent, kept here instead of being \
             delivered.</p><div class=\"table-scroll\" role=\"region\" aria-label=\"Messages\" \
             tabindex=\"0\"><table><thead><tr><th>Subject</th><th>To</th><th>Time</th></tr></thead>\
             <tbody>{rows}</tbody></table></div>"
        )
    };
    page(&state, "Development mailbox", &body).into_response()
}

pub async fn show(State(state): State<ServerState>, Path(file): Path<String>) -> Response {
    let Some(dir) = state.mailbox_dir.clone() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if !file.ends_with(".eml") || file.contains('/') || file.contains("..") {
        return StatusCode::NOT_FOUND.into_response();
    }
    let Ok(raw) = std::fs::read(dir.join(&file)) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let Some(message) = mail_parser::MessageParser::default().parse(&raw) else {
        return StatusCode::UNPROCESSABLE_ENTITY.into_response();
    };
    let subject = message.subject().unwrap_or("(no subject)");
    let text = message.body_text(0).unwrap_or_default();
    let body = format!(
        "<p><a href=\"/dev/mailbox\">← All messages</a></p><h1>{}</h1><pre class=\"mail\">{}</pre>\
         <details><summary>Raw message</summary><pre class=\"mail\">{}</pre></details>",
        escape(subject),
        escape(&text),
        escape(&String::from_utf8_lossy(&raw)),
    );
    page(&state, subject, &body).into_response()
}
