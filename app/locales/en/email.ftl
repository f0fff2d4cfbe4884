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
