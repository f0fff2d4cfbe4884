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
email-login-subject = Ваша ссылка для входа
email-login-heading = Вход в Petrel
email-login-intro = Кто-то (скорее всего, вы) попросил войти в раздел организаторов с этим адресом. Ссылка действует один раз, 15 минут.
email-login-button = Войти
email-login-ignore = Если вы не просили, просто удалите это письмо: без ссылки никто не сможет войти.
email-invite-subject = У вас есть учётная запись для ведения кампаний
email-invite-heading = Добро пожаловать в Petrel
email-invite-intro = Администратор создал для этого адреса учётную запись (роль: { $role }), чтобы вести кампании на этом сайте.
email-invite-button = Войти
email-invite-how = Входите с этим адресом: каждый раз вы будете получать одноразовую ссылку по почте. Если вы не знаете, почему получили это письмо, просто удалите его.
email-letter-confirm-subject = Пожалуйста, подтвердите письмо
email-letter-confirm-heading = Подтвердите письмо
email-letter-confirm-intro = Вы или кто-то, указавший ваш адрес, написали своим депутатам по кампании «{ $campaign }». Письмо будет отправлено, когда вы его подтвердите.
email-letter-confirm-button = Подтвердить и отправить письмо
email-letter-confirm-ignore = Если вы не писали это письмо, просто проигнорируйте это сообщение: ничего не будет отправлено, а письмо удалится в течение недели.
email-letter-footer = Отправлено пользователем { $sender } через { $site } (кампания «{ $campaign }»). Ответьте на это сообщение, чтобы написать { $sender } напрямую.
email-followup-subject = Вам ответили?
email-followup-heading = Вам ответили?
email-followup-reminder = Неделю назад мы спрашивали, ответили ли вам депутаты. Если у вас есть минута:
email-followup-intro = Две недели назад ваше письмо по кампании «{ $campaign }» ушло адресатам: { $representatives }. Они ответили?
email-followup-button = Ответить
email-followup-why = Ваш ответ вместе с ответами других показывает, как часто депутаты отвечают своим избирателям. Кто писал, не показывается никогда.
email-digest-subject = { $count ->
    [one] Письмо от избирателя: { $campaign }
    [few] { $count } письма от избирателей: { $campaign }
   *[many] { $count } писем от избирателей: { $campaign }
}
email-digest-intro = Письма вам за сегодня по кампании «{ $campaign }» ({ $count }). Каждое подтверждено автором; отвечайте по адресу, указанному при письме.
email-digest-from = От
email-digest-subject-label = Тема
email-digest-footer = Отправлено через { $site } раз в день, чтобы эти письма не заполняли ваш ящик по одному.
email-bounced-subject = Письмо не удалось доставить
email-bounced-heading = Письмо не удалось доставить
email-bounced-intro = Почтовый сервер адресата ({ $representative }) вернул ваше письмо по кампании «{ $campaign }». Возможно, адрес изменился.
email-bounced-what = Письмо можно распечатать и отправить по почте или попробовать ещё раз позже со страницы кампании:
