## Emails: every message has these parts
email-footer-why = Вы получили это письмо в связи с действием на сайте { $site }.
email-footer-privacy = Как мы защищаем ваши данные: { $privacy_url }
email-test-subject = Проверочное письмо Petrel
email-test-heading = Доставка почты работает
email-test-body = Это письмо отправлено обработчиком заданий Petrel, чтобы проверить, что почта доходит до получателей. Ничего делать не нужно.
