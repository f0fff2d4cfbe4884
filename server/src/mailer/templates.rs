//! Email templates: an HTML and a plain-text template per message, embedded in the binary, with
//! every sentence taken from the Fluent files (`t("key", name=value)`), so each message exists in
//! every language the interface speaks.
use app::domain::Locale;
use app::i18n::{Arg, t, t_with};
use app::ssr::outbox::Template;
use minijinja::value::{Kwargs, Value};
use minijinja::{Environment, State, context};

pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// What every message knows about the site it comes from.
pub struct SiteContext {
    pub public_url: String,
    pub site_name: String,
}

pub struct Renderer {
    env: Environment<'static>,
}

/// The template files, embedded by name.
macro_rules! embed {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("templates/", $name)))),*]
    };
}

const FILES: &[(&str, &str)] = embed!(
    "base.html",
    "base.txt",
    "test_message.html",
    "test_message.txt",
    "confirm_signature.html",
    "confirm_signature.txt",
    "already_signed.html",
    "already_signed.txt",
    "login_link.html",
    "login_link.txt",
    "invitation.html",
    "invitation.txt",
    "confirm_letter.html",
    "confirm_letter.txt",
    "letter_followup.html",
    "letter_followup.txt",
    "letter_bounced.html",
    "letter_bounced.txt",
    "donation_receipt.html",
    "donation_receipt.txt",
    "donation_failed.html",
    "donation_failed.txt",
    "confirm_subscription.html",
    "confirm_subscription.txt",
    "already_subscribed.html",
    "already_subscribed.txt",
    "list_message.html",
    "list_message.txt",
    "letter.txt",
    "letter_digest.txt",
);

fn subject_key(template: Template) -> &'static str {
    match template {
        Template::TestMessage => "email-test-subject",
        Template::ConfirmSignature => "email-confirm-subject",
        Template::AlreadySigned => "email-already-subject",
        Template::LoginLink => "email-login-subject",
        Template::Invitation => "email-invite-subject",
        Template::ConfirmLetter => "email-letter-confirm-subject",
        Template::LetterFollowUp => "email-followup-subject",
        Template::LetterBounced => "email-bounced-subject",
        Template::DonationReceipt => "email-receipt-subject",
        Template::DonationFailed => "email-gift-failed-subject",
        Template::ConfirmSubscription => "email-list-confirm-subject",
        Template::AlreadySubscribed => "email-list-already-subject",
    }
}

/// `t("key", name=value, …)` inside a template, in the language of the message being rendered.
fn translate(state: &State, key: String, kwargs: Kwargs) -> Result<String, minijinja::Error> {
    let code = state
        .lookup("locale")
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    let locale = Locale::from_code(&code).unwrap_or_default();
    let mut owned: Vec<(String, String)> = Vec::new();
    for name in kwargs.args() {
        let value: Value = kwargs.get(name)?;
        owned.push((name.to_owned(), value.to_string()));
    }
    let args: Vec<(&str, Arg<'_>)> = owned
        .iter()
        .map(|(n, v)| (n.as_str(), Arg::Str(v.as_str())))
        .collect();
    Ok(if args.is_empty() {
        t(locale, &key)
    } else {
        t_with(locale, &key, &args)
    })
}

impl Default for Renderer {
    fn default() -> Self {
        Self::new()
    }
}

impl Renderer {
    pub fn new() -> Renderer {
        let mut env = Environment::new();
        for (name, source) in FILES {
            // The templates are compiled into the binary; a syntax error is caught by the tests.
            if let Err(e) = env.add_template(name, source) {
                tracing::error!(template = name, error = %e, "email template does not compile");
            }
        }
        env.add_function("t", translate);
        Renderer { env }
    }

    pub fn render(
        &self,
        template: Template,
        locale: Locale,
        params: &serde_json::Map<String, serde_json::Value>,
        site: &SiteContext,
    ) -> Result<Rendered, minijinja::Error> {
        let subject = t(locale, subject_key(template));
        let ctx = context! {
            locale => locale.code(),
            subject => &subject,
            site_name => &site.site_name,
            public_url => &site.public_url,
            privacy_url => format!("{}{}/privacy", site.public_url.trim_end_matches('/'), locale.prefix()),
            params => Value::from_serialize(params),
        };
        let html = self
            .env
            .get_template(&format!("{}.html", template.name()))?
            .render(&ctx)?;
        let text = self
            .env
            .get_template(&format!("{}.txt", template.name()))?
            .render(&ctx)?;
        Ok(Rendered {
            subject,
            text,
            html,
        })
    }

    /// A list message (a welcome, a mailing): the organizers' Markdown as the plain-text part
    /// and rendered (sanitised) as the HTML part, framed by the list's name and a footer with
    /// the unsubscribe and preferences links.
    pub fn render_list(
        &self,
        message: &app::lists::ssr::message::ListMessage,
        site: &SiteContext,
    ) -> Result<Rendered, minijinja::Error> {
        let locale = message.locale;
        let ctx = context! {
            locale => locale.code(),
            subject => &message.subject,
            site_name => &site.site_name,
            public_url => &site.public_url,
            privacy_url => format!("{}{}/privacy", site.public_url.trim_end_matches('/'), locale.prefix()),
            params => context! {
                list => &message.list.name,
                body_html => match &message.body_html {
                    Some(html) => html.to_string(),
                    None => app::campaigns::ssr::render_markdown(&message.markdown),
                },
                body_text => message.markdown.trim(),
                unsubscribe_url => message.unsubscribe_url(&site.public_url),
                preferences_url => message.preferences_url(&site.public_url),
            },
        };
        Ok(Rendered {
            subject: message.subject.clone(),
            html: self.env.get_template("list_message.html")?.render(&ctx)?,
            text: self.env.get_template("list_message.txt")?.render(&ctx)?,
        })
    }

    /// A plain-text message without the site's frame (`letter.txt`: a letter to a
    /// representative, the writer's text and one line on where it came from;
    /// `letter_digest.txt`: the day's letters in one).
    pub fn render_plain(
        &self,
        name: &str,
        locale: Locale,
        params: &serde_json::Map<String, serde_json::Value>,
        site: &SiteContext,
    ) -> Result<String, minijinja::Error> {
        let ctx = context! {
            locale => locale.code(),
            site_name => &site.site_name,
            public_url => &site.public_url,
            params => Value::from_serialize(params),
        };
        self.env.get_template(name)?.render(&ctx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_renders_in_every_language() {
        let r = Renderer::new();
        let site = SiteContext {
            public_url: "https://petrel.example.org".into(),
            site_name: "Petrel".into(),
        };
        let mut params = serde_json::Map::new();
        params.insert("campaign".into(), "A campaign".into());
        params.insert("campaign_path".into(), "/campaigns/x".into());
        params.insert(
            "confirm_path".into(),
            "/campaigns/x/confirm?token=abc".into(),
        );
        params.insert("representatives".into(), "Ann Smith".into());
        params.insert("reply_path".into(), "/letters/reply?token=abc".into());
        params.insert("reminder".into(), true.into());
        params.insert("representative".into(), "Ann Smith".into());
        params.insert("manage_path".into(), "/letters/manage?token=1.abc".into());
        params.insert("list".into(), "Campaign news".into());
        params.insert(
            "preferences_path".into(),
            "/lists/preferences?token=abc".into(),
        );
        let all = [
            Template::TestMessage,
            Template::ConfirmSignature,
            Template::AlreadySigned,
            Template::ConfirmLetter,
            Template::LetterFollowUp,
            Template::LetterBounced,
            Template::ConfirmSubscription,
            Template::AlreadySubscribed,
        ];
        for (locale, template) in Locale::all().flat_map(|l| all.map(|t| (l, t))) {
            let out = r.render(template, locale, &params, &site).expect("renders");
            assert!(!out.subject.is_empty() && !out.subject.starts_with("email-"));
            assert!(out.html.contains(&format!("lang=\"{}\"", locale.code())));
            assert!(out.text.contains(&format!(
                "https://petrel.example.org/{}/privacy",
                locale.code()
            )));
            assert!(
                !out.text.contains("email-"),
                "untranslated key in {locale}: {}",
                out.text
            );
        }
        let ru = Locale::from_code("ru").expect("ru");
        let out = r
            .render(Template::TestMessage, ru, &serde_json::Map::new(), &site)
            .expect("renders");
        assert!(out.subject.contains("Проверочное"));
    }
}
