//! Makes a requested sign-in link, or drops the request (see
//! `app::accounts::ssr::issue_login_link`): the web request did the same work for every
//! address, and this is where an account makes a difference.
use super::{JobContext, JobError, Run};
use app::accounts::ssr::{IssueError, IssueLoginLink, issue_login_link};

impl Run for IssueLoginLink {
    async fn run(self, ctx: &JobContext) -> Result<(), JobError> {
        issue_login_link(&ctx.db, &ctx.vault, self.email_id)
            .await
            .map_err(|e| match e {
                IssueError::Db(e) => JobError::from(e),
                IssueError::Unreadable(e) => JobError::permanent(e),
            })
    }
}
