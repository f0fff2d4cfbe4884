## Emails: every message has these parts
email-footer-why = You receive this email because of an action on { $site }.
email-footer-privacy = How we protect your data: { $privacy_url }
email-test-subject = Petrel test message
email-test-heading = Mail delivery works
email-test-body = This message was sent by the Petrel worker to check that email reaches its recipients. You do not need to do anything.
email-confirm-subject = Please confirm your signature
email-confirm-heading = Confirm your signature
email-confirm-intro = You, or someone using your address, signed “{ $campaign }”. Your signature counts once you confirm it.
email-confirm-button = Confirm my signature
email-link-fallback = If the button does not work, open this address:
email-confirm-ignore = If you did not sign, ignore this email: nothing will be counted, and the details will be deleted.
email-already-subject = You have already signed
email-already-heading = You have already signed
email-already-intro = Someone (probably you) tried to sign “{ $campaign }” again with this address. Your signature is already confirmed and counted once.
email-already-ignore = You do not need to do anything.
email-manage = To withdraw your signature and erase your personal data at any time:
email-login-subject = Your sign-in link
email-login-heading = Sign in to Petrel
email-login-intro = Someone (probably you) asked to sign in to the organizers' area with this address. The link works once, for 15 minutes.
email-login-button = Sign in
email-login-ignore = If you did not ask for it, ignore this email: nobody can sign in without the link.
email-invite-subject = You have an account for running campaigns
email-invite-heading = Welcome to Petrel
email-invite-intro = An admin gave this address an account as { $role }, to run campaigns on this site.
email-invite-button = Sign in
email-invite-how = Sign in with this address: you will get a one-time link by email each time. If you do not know why you received this, ignore it.
email-letter-confirm-subject = Please confirm your letter
email-letter-confirm-heading = Confirm your letter
email-letter-confirm-intro = You, or someone using your address, wrote to their representatives about “{ $campaign }”. The letter is sent once you confirm it.
email-letter-confirm-button = Confirm and send my letter
email-letter-confirm-ignore = If you did not write it, ignore this email: nothing will be sent, and the letter will be deleted within a week.
email-letter-footer = Sent by { $sender } through { $site } (campaign “{ $campaign }”). Reply to this message to answer { $sender } directly.
email-followup-subject = Did you get a reply?
email-followup-heading = Did you get a reply?
email-followup-reminder = A week ago we asked whether your representatives answered. If you have a moment:
email-followup-intro = Two weeks ago your letter about “{ $campaign }” went to { $representatives }. Did they reply?
email-followup-button = Tell us
email-followup-why = Your answer, added up with others', shows publicly how often representatives answer their constituents. It never shows who wrote.
email-digest-subject = { $count ->
    [one] A letter from a constituent: { $campaign }
   *[other] { $count } letters from constituents: { $campaign }
}
email-digest-intro = Today's letters to you about “{ $campaign }” ({ $count }). Each was confirmed by its writer; answer them at the address given with each letter.
email-digest-from = From
email-digest-subject-label = Subject
email-digest-footer = Sent through { $site }, once a day, so that these letters do not fill your inbox one by one.
