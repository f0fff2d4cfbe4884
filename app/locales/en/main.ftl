## Language and formats
language-name = English
language-switcher-label = Language
number-group-separator = ,
date-long = { $day } { $month } { $year }
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December

## Shell
site-name = Petrel
skip-to-content = Skip to content
loading = Loading…
footer-tagline = Petrel is free software for campaigns that protect the people who take part in them.
footer-nav-label = About this site
footer-privacy = Privacy
footer-contact = Contact and imprint
footer-source = Source code

## Home
home-title = Protection for Russians who fled because they opposed the war
home-intro = Western governments protected the people who fled the war in Ukraine. Many Russians fled too — because they protested, refused to fight, or were persecuted for speaking out. Add your voice to ask for protection for them as well.
home-open-campaigns = Open campaigns
home-no-campaigns = There are no open campaigns at the moment.

## Campaigns
campaign-kind-petition = Petition
campaign-kind-letter = Letter to representatives
campaign-kind-donation = Fundraiser
campaign-addressed-to = Addressed to
campaign-goal-label = Goal
campaign-goal = { $goal ->
    [one] { $goal_text } signature
   *[other] { $goal_text } signatures
}
campaign-closes-label = Closes on
campaign-sign-heading = Sign this petition
campaign-closed = This campaign is closed
campaign-closed-text = It no longer takes signatures. Thank you to everyone who took part.

## Errors
not-found-title = Page not found
not-found-text = There is no page at this address. It may have been moved, or the link may be mistyped.
not-found-home = Go to the home page
error-title = Something went wrong
error-not-found = We could not find what you asked for.
error-unauthorized = Please sign in to continue.
error-forbidden = You are not allowed to do this.
error-validation = Some fields need your attention.
error-conflict = This was changed by someone else in the meantime. Please try again.
error-rate-limited = Too many requests. Please wait a moment and try again.
error-internal = Sorry — something went wrong on our side. Please try again in a few minutes.
error-transport = The site could not be reached. Check your connection and try again.
error-email-missing = Please enter your email address.
error-email-too-long = This email address is too long.
error-email-invalid = This does not look like an email address. Please check it.

## Privacy
privacy-title = Privacy
privacy-intro = Some people who use this site could be prosecuted for doing so. We built it to collect as little as possible, to protect what it must keep, and to let you remove your data at any time.
privacy-collect-heading = What we collect
privacy-collect = When you sign, write or subscribe we keep your name, email address and country, and a postcode where a campaign needs one. We keep only what the action needs.
privacy-protect-heading = How it is protected
privacy-protect = Names, email addresses, postal addresses and the letters you write are encrypted before they are stored, so a copy of our database is unreadable without our keys. Your IP address is never stored: we keep only a scrambled value that changes every day, to stop abuse. Your name is not shown publicly unless you choose to show it.
privacy-never-heading = What we never do
privacy-never = Our pages load nothing from other companies: no advertising, no analytics, no fonts or videos from elsewhere, no social-media buttons. We do not sell or share your data, and we do not track whether you open our emails.
privacy-retention-heading = How long we keep it
privacy-retention = Personal data is deleted on a schedule: signers' details are anonymised some months after a campaign ends, and letters are deleted a few weeks after delivery. Counts are kept; they identify no one.
privacy-rights-heading = Your choices
privacy-rights = Every email we send you has a link to withdraw your signature, unsubscribe, and erase your personal data. You can also write to us.
privacy-contact-heading = Contact
privacy-contact = Questions about your data:

## Contact
contact-title = Contact and imprint
contact-operator = Operated by
contact-address = Address
contact-email = Email
contact-not-configured = The operator of this site has not published contact details yet.

## Signing
campaign-signed-count = { $count ->
    [one] { $count_text } person has signed
   *[other] { $count_text } people have signed
}
sign-name = Your name
sign-email = Email address
sign-email-hint = We send a link to confirm your signature. Your address is never shown.
sign-country = Country where you live
sign-country-choose = Choose a country
sign-postcode = Postcode
sign-display = Show my name on this page
sign-display-hidden = Don't show my name
sign-display-initials = Show my initials only
sign-display-full = Show my full name
sign-subscribe = Email me news about this campaign (you can leave at any time)
sign-website = Leave this field empty
sign-consent = By signing you agree that we keep your name, email address and country to count and deliver your signature, as our privacy page explains.
sign-risk-notice = Signing a petition reveals a political opinion. Your name and email are encrypted, never shown unless you choose so, and deleted after the campaign; you can withdraw at any time.
sign-submit = Sign the petition
campaign-sign-jump = Sign now
signed-title = Check your email
signed-text = We have sent you an email. Click the link in it to confirm your signature: it only counts once confirmed.
signed-spam = Nothing arrived within a few minutes? Look in your spam folder, or sign again with the same address to get a new link.
back-to-campaign = Back to the campaign
confirm-title = Confirm your signature
confirm-text = One more step: press the button to confirm that you signed.
confirm-button = Confirm my signature
confirm-already = This signature is already confirmed. Thank you!
confirm-invalid = This link is not valid any more. Sign again with the same address to get a new one.
thanks-title = Thank you for signing
thanks-text = Your signature is confirmed. It is added to the count within a few seconds.
thanks-share = Ask others to sign
share-text = I signed this petition. Will you sign too?
share-email = By email
share-telegram = Telegram
share-whatsapp = WhatsApp
share-x = X (Twitter)
share-facebook = Facebook
error-name-missing = Please enter your name.
error-name-too-long = Please use at most 100 characters.
error-name-invalid = A name can contain letters, spaces, hyphens and apostrophes only.
error-country-invalid = Please choose a country from the list.
error-postcode-missing = Please enter your postcode.
error-postcode-invalid = This postcode does not look right for the country you chose.
error-display-invalid = Please choose how your name is shown.
error-campaign-closed = This campaign no longer takes signatures.
manage-title = Withdraw your signature
manage-intro = This link lets you withdraw your signature from:
manage-confirmed = Your signature is confirmed and counted.
manage-pending = Your signature is not confirmed yet and is not counted.
manage-erase-explained = Withdrawing removes your signature from the count and erases your name, email address and postcode from our database. This cannot be undone.
manage-erase-button = Withdraw and erase my data
manage-gone = This link is not valid any more: the signature has been withdrawn, or its data has already been erased.
erased-title = Your data has been erased
erased-text = Your signature is withdrawn and your personal data is deleted from our database.
stats-by-country = Signatures by country
stats-country = Country
stats-signatures = Signatures
stats-recent = Recent signers

## Signing in (organizers and admins)
footer-organizers = Organizers
login-title = Sign in
login-intro = Organizers and admins sign in with a link sent to their email address.
login-email = Your email address
login-submit = Email me a sign-in link
login-invite-only = Accounts are by invitation from an admin.
login-or = Or sign in with
login-with = Sign in with { $provider }
login-error-expired = The sign-in took too long or was started in another browser. Please try again.
login-error-provider = The sign-in service did not sign you in. Please try again.
login-error-state = This sign-in answer did not match the sign-in this browser started, so it was refused. Please start again.
login-error-unavailable = The sign-in service cannot be reached just now. Please try again later, or use an emailed link.
login-error-exchange = The sign-in service did not confirm this sign-in (a sign-in answer works only once). Please start again.
login-error-token = The sign-in service's answer could not be verified, so it was refused. Please start again.
login-error-unverified = The sign-in service did not confirm your email address, so it cannot be used here.
login-error-no-account = There is no account for this email address. Accounts are by invitation from an admin.
login-signed-out = You are signed out.
login-sent-title = Check your email
login-sent-text = If this address belongs to an account, a sign-in link is on its way. It works once, for 15 minutes.
login-link-text = Press the button to sign in on this device.
login-link-button = Sign in
login-link-invalid = This sign-in link is not valid any more: it was used, or it expired.
login-again = Ask for a new link
account-title = Your account
role-admin = You are an admin.
role-organizer = You are an organizer.
account-sessions = Where you are signed in
account-browser = Browser
account-signed-in = Signed in
account-last-seen = Last active
account-this-browser = this browser
account-recent-logins = Recent sign-ins
login-method-email = emailed link
login-method-oidc = through { $provider }
account-sign-out = Sign out
account-sign-out-everywhere = Sign out everywhere
admin-title = Campaigns you run
admin-campaigns = Campaigns
admin-no-campaigns = You do not run any campaign yet.
admin-campaign = Campaign
admin-state = State
admin-confirmed = Confirmed signatures
state-draft = Draft
state-open = Open
state-closed = Closed
state-archived = Archived
role-name-admin = admin
role-name-organizer = organizer
users-title = Accounts
users-invite = Invite someone
users-email = Email address
users-role = Role
users-invite-submit = Invite
users-accounts = Accounts
users-last-login = Last sign-in
users-actions = Change
users-never = never
users-disabled = disabled
users-you = this is you
users-make-admin = Make admin
users-make-organizer = Make organizer
users-disable = Disable
users-enable = Enable
error-role-invalid = Choose admin or organizer.
error-user-exists = This address has an account already.
error-user-self = You cannot change your own account here; ask another admin.
audit-title = Audit log
audit-when = When
audit-who = Who
audit-what = What
audit-target = On
audit-detail = Details
audit-command-line = command line
