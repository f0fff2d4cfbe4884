## Emails: every message has these parts
email-footer-why = You receive this email because of an action on { $site }.
email-footer-privacy = How we protect your data: { $privacy_url }
email-test-subject = Petrel test message
email-test-heading = Mail delivery works
email-test-body = This message was sent by the Petrel worker to check that email reaches its recipients. You do not need to do anything.
