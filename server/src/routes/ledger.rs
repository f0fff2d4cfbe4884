//! `GET /funds/<slug>/ledger.csv` and `ledger.json`: a fund's public ledger for anyone to check
//! and to load into a spreadsheet — every month's money in (given, Stripe's fees, refunds,
//! disputes, net) and every payment out (date, amount, category, public description). Nothing
//! about a donor and never a beneficiary's name: the same figures as the fund's page. Cached
//! briefly and open to any origin, like a campaign's `count.json`.
use crate::campaigns::csv_cell;
use crate::startup::ServerState;
use app::domain::Currency;
use app::donations::ssr::ledger::{Ledger, of_fund};
use app::donations::views::{DisbursementRow, FundTotals, LedgerMonth};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// The ledger as JSON: amounts in minor units of `currency` (`decimals` says how many there are).
#[derive(Serialize)]
struct LedgerBody {
    fund: String,
    currency: String,
    decimals: u32,
    totals: FundTotals,
    /// Newest first.
    months: Vec<LedgerMonth>,
    /// Newest first; a correction is an entry of its own (negative to take one back).
    disbursements: Vec<DisbursementRow>,
}

fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        Json(serde_json::json!({"error": "not found"})),
    )
        .into_response()
}

/// The fund's ledger, or the response to give instead.
async fn ledger_of(
    state: &ServerState,
    slug: &str,
) -> Result<(String, Currency, Ledger), Response> {
    let db = &state.app.db;
    let fund = match app::donations::ssr::funds::by_slug(db, slug).await {
        Ok(Some(f)) => f,
        Ok(None) => return Err(not_found()),
        Err(e) => {
            app::ssr::error::internal("ledger", &e);
            return Err(StatusCode::INTERNAL_SERVER_ERROR.into_response());
        }
    };
    let Some(currency) = Currency::parse(&fund.currency) else {
        return Err(StatusCode::INTERNAL_SERVER_ERROR.into_response());
    };
    match of_fund(db, fund.id).await {
        Ok(ledger) => Ok((fund.slug, currency, ledger)),
        Err(e) => {
            app::ssr::error::internal("ledger", &e);
            Err(StatusCode::INTERNAL_SERVER_ERROR.into_response())
        }
    }
}

fn public(mut res: Response) -> Response {
    let h = res.headers_mut();
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=5, stale-while-revalidate=30"),
    );
    h.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    res
}

pub async fn json(State(state): State<ServerState>, Path(slug): Path<String>) -> Response {
    let (fund, currency, ledger) = match ledger_of(&state, &slug).await {
        Ok(found) => found,
        Err(res) => return res,
    };
    public(
        Json(LedgerBody {
            fund,
            currency: currency.code().to_uppercase(),
            decimals: currency.decimals(),
            totals: ledger.totals,
            months: ledger.months,
            disbursements: ledger.disbursements,
        })
        .into_response(),
    )
}

/// One line per month and kind of money in (`donations`, `fees`, `refunds`, `disputes`), then
/// one per payment out; money out and deductions are negative, amounts in the currency's major
/// unit with a `.` (`-1200.00`), so that the column sums to the balance.
pub fn to_csv(currency: &Currency, ledger: &Ledger) -> String {
    let amount = |minor: i64| currency.format_plain(minor, "", ".");
    let code = currency.code().to_uppercase();
    let mut out = String::from("date,type,category,amount,currency,description\r\n");
    let mut line = |date: &str, kind: &str, category: &str, minor: i64, description: &str| {
        out.push_str(&format!(
            "{},{kind},{},{},{code},{}\r\n",
            csv_cell(date),
            csv_cell(category),
            amount(minor),
            csv_cell(description)
        ));
    };
    for m in &ledger.months {
        for (kind, minor) in [
            ("donations", m.gross),
            ("fees", -m.fees),
            ("refunds", -m.refunds),
            ("disputes", -m.disputes),
        ] {
            if minor != 0 {
                line(&m.month, kind, "", minor, "");
            }
        }
    }
    for d in &ledger.disbursements {
        line(
            &d.spent_on,
            "disbursement",
            &d.category,
            -d.amount_minor,
            &d.description,
        );
    }
    out
}

pub async fn csv(State(state): State<ServerState>, Path(slug): Path<String>) -> Response {
    let (fund, currency, ledger) = match ledger_of(&state, &slug).await {
        Ok(found) => found,
        Err(res) => return res,
    };
    public(super::admin_files::csv_download(
        &format!("{fund}-ledger.csv"),
        to_csv(&currency, &ledger),
        "public, max-age=5, stale-while-revalidate=30",
    ))
}
