//! Escaping text for HTML that is written by hand rather than by the view macros (which escape
//! on their own): the document title (leptos_meta writes it verbatim on the server), the widget
//! and the development mailbox. One function, so every such place escapes the same characters.

/// `text` safe inside an element or a double- or single-quoted attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn markup_becomes_text() {
        assert_eq!(
            super::escape(r#"a</title><meta http-equiv="refresh" content='0'>&"#),
            "a&lt;/title&gt;&lt;meta http-equiv=&quot;refresh&quot; content=&#39;0&#39;&gt;&amp;"
        );
        assert_eq!(super::escape("Защитите «их»"), "Защитите «их»");
    }
}
