//! The HTML document around the app, and the app's router.
use crate::accounts::pages::{
    account::AccountPage,
    login::{LoginLinkPage, LoginPage, LoginSentPage},
    users::{AuditPage, UsersPage},
};
use crate::directory::pages::DirectoryPage;
use crate::donations::pages::admin::{FundAdminPage, FundsAdminPage};
use crate::donations::pages::editor::FundEditorPage;
use crate::donations::pages::fund::FundPage;
use crate::donations::pages::manage::GiftManagePage;
use crate::donations::pages::thanks::DonationThanksPage;
use crate::i18n::t;
use crate::letters::pages::{
    LetterConfirmPage, LetterConfirmedPage, LetterErasedPage, LetterManagePage, LetterPreviewPage,
    LetterPrintPage, LetterReplyPage, LetterSentPage, WritePage,
};
use crate::lists::pages::admin::{ListsAdminPage, MailingPage};
use crate::lists::pages::confirm::ListConfirmPage;
use crate::lists::pages::editor::ListEditorPage;
use crate::lists::pages::list::{CheckEmailPage, ListConfirmedPage, ListErasedPage, ListPage};
use crate::lists::pages::preferences::PreferencesPage;
use crate::lists::pages::unsubscribe::UnsubscribePage;
use crate::pages::admin::AdminPage;
use crate::pages::{
    campaign::CampaignPage,
    contact::ContactPage,
    editor::{EditCampaignPage, NewCampaignPage},
    home::HomePage,
    privacy::PrivacyPage,
    source::SourcePage,
};
use crate::petitions::pages::{
    confirm::ConfirmPage,
    dashboard::DashboardPage,
    manage::{ErasedPage, ManagePage},
    signed::SignedPage,
    thanks::ThanksPage,
};
use crate::ui::context::PageLocale;
use crate::ui::layout::{Footer, Header};
use crate::ui::not_found::NotFound;
use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::{
    components::{Route, Router, Routes},
    path,
};

/// The whole document, rendered on the server. Also sets the Content-Security-Policy header,
/// since only here is the nonce of this response's inline hydration script known.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let page = PageLocale::detect();
    #[cfg(feature = "ssr")]
    set_csp_header();
    view! {
        <!DOCTYPE html>
        <html lang=page.locale.code()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="referrer" content="no-referrer" />
                <meta name="color-scheme" content="light dark" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <link rel="stylesheet" href=format!("/{}/petrel.css", options.site_pkg_dir) />
                <HydrationScript options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The one script that makes the page interactive: it loads the app's module and its wasm and
/// hydrates. Unlike Leptos' `HydrationScripts` it writes no `<link rel=preload>` for them: a
/// browser with JavaScript off (Tor Browser's safest mode) would download the whole app for
/// nothing, over a slow circuit, and the script asks for both files at once anyway.
#[component]
fn HydrationScript(options: LeptosOptions) -> impl IntoView {
    let name = options.output_name.to_string();
    // Without cargo-leptos' variable the wasm is wasm-bindgen's `<name>_bg.wasm`, as in Leptos.
    let wasm = if option_env!("LEPTOS_OUTPUT_NAME").is_some() {
        name.clone()
    } else {
        format!("{name}_bg")
    };
    let pkg = format!("/{}", options.site_pkg_dir);
    let script = format!(
        "import(\"{pkg}/{name}.js\").then(m=>m.default({{module_or_path:\"{pkg}/{wasm}.wasm\"}}).then(()=>m.hydrate()));"
    );
    let nonce = leptos::nonce::use_nonce();
    view! { <script type="module" nonce=nonce>{script}</script> }
}

#[cfg(feature = "ssr")]
fn set_csp_header() {
    let nonce = leptos::nonce::use_nonce()
        .map(|n| format!(" 'nonce-{n}'"))
        .unwrap_or_default();
    // The donation form is answered with a redirect to Stripe's checkout, which browsers
    // check against `form-action` too.
    let checkout = use_context::<crate::ssr::state::AppState>()
        .and_then(|s| s.payments.checkout_origin.clone())
        .map(|o| format!(" {o}"))
        .unwrap_or_default();
    let policy = format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{nonce}; \
         style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
         form-action 'self'{checkout}; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
    );
    if let (Some(res), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(&policy),
    ) {
        res.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let page = PageLocale::detect();
    provide_context(page);
    let locale = page.locale;

    // Tells end-to-end tests (and nothing else) that the page is interactive.
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-hydrated", "true");
        }
    });

    view! {
        // Every page's title passes through here. On the server leptos_meta writes it into
        // `<title>` verbatim, so an organizer's campaign title is escaped here, once for all
        // pages; in the browser it becomes `document.title`, which is text already.
        <Title formatter=move |title: String| {
            let full = if title.is_empty() {
                t(locale, "site-name")
            } else {
                format!("{title} · {}", t(locale, "site-name"))
            };
            if cfg!(feature = "ssr") { crate::html::escape(&full) } else { full }
        } />
        <Router base=page.base().unwrap_or_default()>
            <a class="skip-link" href="#main">
                {t(locale, "skip-to-content")}
            </a>
            <Header />
            <main id="main" tabindex="-1">
                <Routes fallback=|| view! { <NotFound /> }>
                    <Route path=path!("/") view=HomePage />
                    <Route path=path!("/campaigns/:slug") view=CampaignPage />
                    <Route path=path!("/campaigns/:slug/signed") view=SignedPage />
                    <Route path=path!("/campaigns/:slug/confirm") view=ConfirmPage />
                    <Route path=path!("/campaigns/:slug/thanks") view=ThanksPage />
                    <Route path=path!("/campaigns/:slug/write") view=WritePage />
                    <Route path=path!("/campaigns/:slug/letter-sent") view=LetterSentPage />
                    <Route path=path!("/campaigns/:slug/letter-confirmed") view=LetterConfirmedPage />
                    <Route path=path!("/letters/preview") view=LetterPreviewPage />
                    <Route path=path!("/letters/confirm") view=LetterConfirmPage />
                    <Route path=path!("/letters/reply") view=LetterReplyPage />
                    <Route path=path!("/letters/manage") view=LetterManagePage />
                    <Route path=path!("/letters/erased") view=LetterErasedPage />
                    <Route path=path!("/letters/print") view=LetterPrintPage />
                    <Route path=path!("/signatures/manage") view=ManagePage />
                    <Route path=path!("/signatures/erased") view=ErasedPage />
                    <Route path=path!("/funds/:slug") view=FundPage />
                    <Route path=path!("/funds/:slug/thanks") view=DonationThanksPage />
                    <Route path=path!("/donations/manage") view=GiftManagePage />
                    <Route path=path!("/lists/confirm") view=ListConfirmPage />
                    <Route path=path!("/lists/unsubscribe") view=UnsubscribePage />
                    <Route path=path!("/lists/preferences") view=PreferencesPage />
                    <Route path=path!("/lists/erased") view=ListErasedPage />
                    <Route path=path!("/lists/:slug") view=ListPage />
                    <Route path=path!("/lists/:slug/check-email") view=CheckEmailPage />
                    <Route path=path!("/lists/:slug/confirmed") view=ListConfirmedPage />
                    <Route path=path!("/privacy") view=PrivacyPage />
                    <Route path=path!("/contact") view=ContactPage />
                    <Route path=path!("/source") view=SourcePage />
                    <Route path=path!("/login") view=LoginPage />
                    <Route path=path!("/login/sent") view=LoginSentPage />
                    <Route path=path!("/login/link") view=LoginLinkPage />
                    <Route path=path!("/account") view=AccountPage />
                    <Route path=path!("/admin") view=AdminPage />
                    <Route path=path!("/admin/users") view=UsersPage />
                    <Route path=path!("/admin/campaigns/new") view=NewCampaignPage />
                    <Route path=path!("/admin/campaigns/:slug") view=EditCampaignPage />
                    <Route path=path!("/admin/campaigns/:slug/stats") view=DashboardPage />
                    <Route path=path!("/admin/audit") view=AuditPage />
                    <Route path=path!("/admin/funds") view=FundsAdminPage />
                    <Route path=path!("/admin/funds/new") view=FundEditorPage />
                    <Route path=path!("/admin/funds/:slug") view=FundAdminPage />
                    <Route path=path!("/admin/funds/:slug/edit") view=FundEditorPage />
                    <Route path=path!("/admin/directory") view=DirectoryPage />
                    <Route path=path!("/admin/lists") view=ListsAdminPage />
                    <Route path=path!("/admin/lists/new") view=ListEditorPage />
                    <Route path=path!("/admin/lists/:slug/edit") view=ListEditorPage />
                    <Route path=path!("/admin/mailings/:id") view=MailingPage />
                </Routes>
            </main>
            <Footer />
        </Router>
    }
}
