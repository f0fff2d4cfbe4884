## Emails: every message has these parts
email-footer-why = Вы получили это письмо в связи с действием на сайте { $site }.
email-footer-privacy = Как мы защищаем ваши данные: { $privacy_url }
email-test-subject = Проверочное письмо Petrel
email-test-heading = Доставка почты работает
email-test-body = Это письмо отправлено обработчиком заданий Petrel, чтобы проверить, что почта доходит до получателей. Ничего делать не нужно.
email-confirm-subject = Подтвердите, пожалуйста, подпись
email-confirm-heading = Подтвердите подпись
email-confirm-intro = Вы (или кто-то, указавший ваш адрес) подписали петицию «{ $campaign }». Подпись будет учтена после подтверждения.
email-confirm-button = Подтвердить подпись
email-link-fallback = Если кнопка не работает, откройте этот адрес:
email-confirm-ignore = Если вы не подписывали, просто проигнорируйте письмо: подпись не будет учтена, а данные будут удалены.
email-already-subject = Вы уже подписали
email-already-heading = Вы уже подписали
email-already-intro = Кто-то (вероятно, вы) снова попытался подписать «{ $campaign }» с этим адресом. Ваша подпись уже подтверждена и учтена один раз.
email-already-ignore = Ничего делать не нужно.
email-manage = Отозвать подпись и удалить свои персональные данные можно в любой момент по ссылке:
