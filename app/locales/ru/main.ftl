## Language and formats
language-name = Русский
language-switcher-label = Язык
number-group-separator = {"\u00A0"}
date-long = { $day } { $month } { $year } г.
month-1 = января
month-2 = февраля
month-3 = марта
month-4 = апреля
month-5 = мая
month-6 = июня
month-7 = июля
month-8 = августа
month-9 = сентября
month-10 = октября
month-11 = ноября
month-12 = декабря

## Shell
site-name = Petrel
skip-to-content = Перейти к содержанию
loading = Загрузка…
footer-tagline = Petrel — свободная программа для кампаний, которая защищает людей, принимающих в них участие.
footer-nav-label = Об этом сайте
footer-privacy = Конфиденциальность
footer-contact = Контакты и выходные данные
footer-source = Исходный код

## Home
home-title = Защита для россиян, уехавших из-за несогласия с войной
home-intro = Западные страны защитили тех, кто бежал от войны в Украине. Многие россияне тоже были вынуждены уехать — потому что выходили на протесты, отказались воевать или подверглись преследованию за свои слова. Поддержите призыв защитить и их.
home-open-campaigns = Открытые кампании
home-no-campaigns = Сейчас открытых кампаний нет.

## Campaigns
campaign-kind-petition = Петиция
campaign-kind-letter = Письмо депутатам
campaign-kind-donation = Сбор средств
campaign-addressed-to = Адресат
campaign-goal-label = Цель
campaign-goal = { $goal ->
    [one] { $goal_text } подпись
    [few] { $goal_text } подписи
   *[many] { $goal_text } подписей
}
campaign-closes-label = Сбор подписей до
campaign-sign-heading = Подписать петицию
campaign-closed = Кампания завершена
campaign-closed-text = Подписи больше не принимаются. Спасибо всем, кто принял участие.

## Errors
not-found-title = Страница не найдена
not-found-text = По этому адресу ничего нет. Возможно, страницу перенесли или в ссылке опечатка.
not-found-home = На главную
error-title = Что-то пошло не так
error-not-found = Мы не нашли то, что вы искали.
error-unauthorized = Войдите, чтобы продолжить.
error-forbidden = У вас нет прав на это действие.
error-validation = Проверьте, пожалуйста, отмеченные поля.
error-conflict = Пока вы работали, кто-то изменил эти данные. Попробуйте ещё раз.
error-rate-limited = Слишком много запросов. Подождите немного и попробуйте снова.
error-internal = Извините, на нашей стороне произошла ошибка. Попробуйте ещё раз через несколько минут.
error-transport = Не удалось связаться с сайтом. Проверьте подключение и попробуйте снова.
error-email-missing = Укажите адрес электронной почты.
error-email-too-long = Слишком длинный адрес электронной почты.
error-email-invalid = Это не похоже на адрес электронной почты. Проверьте, пожалуйста.

## Privacy
privacy-title = Конфиденциальность
privacy-intro = Некоторых людей, пользующихся этим сайтом, могут за это преследовать. Поэтому сайт собирает как можно меньше данных, защищает то, что вынужден хранить, и позволяет вам в любой момент удалить свои данные.
privacy-collect-heading = Что мы собираем
privacy-collect = Когда вы подписываете петицию, пишете письмо или подписываетесь на рассылку, мы храним ваше имя, адрес электронной почты и страну, а если этого требует кампания, — почтовый индекс. Мы храним только то, что нужно для действия.
privacy-protect-heading = Как это защищено
privacy-protect = Имена, адреса электронной почты, почтовые адреса и тексты писем шифруются до сохранения, поэтому копию нашей базы данных нельзя прочитать без наших ключей. Ваш IP-адрес никогда не сохраняется: для защиты от злоупотреблений мы храним лишь искажённое значение, которое меняется каждый день. Ваше имя не показывается публично, если вы сами этого не выберете.
privacy-never-heading = Чего мы никогда не делаем
privacy-never = Наши страницы ничего не загружают с сайтов других компаний: ни рекламы, ни аналитики, ни чужих шрифтов и видео, ни кнопок соцсетей. Мы не продаём и не передаём ваши данные и не отслеживаем, открываете ли вы наши письма.
privacy-retention-heading = Как долго мы храним данные
privacy-retention = Персональные данные удаляются по расписанию: данные подписавших обезличиваются через несколько месяцев после окончания кампании, а письма удаляются через несколько недель после доставки. Остаются только счётчики — по ним никого нельзя опознать.
privacy-rights-heading = Ваш выбор
privacy-rights = В каждом нашем письме есть ссылка, по которой можно отозвать подпись, отписаться от рассылки и удалить свои персональные данные. Можно также написать нам.
privacy-contact-heading = Контакты
privacy-contact = Вопросы о ваших данных:

## Contact
contact-title = Контакты и выходные данные
contact-operator = Оператор сайта
contact-address = Адрес
contact-email = Электронная почта
contact-not-configured = Оператор этого сайта ещё не опубликовал контактные данные.

## Signing
campaign-signed-count = { $count ->
    [one] Подписал { $count_text } человек
    [few] Подписали { $count_text } человека
   *[many] Подписали { $count_text } человек
}
sign-name = Ваше имя
sign-email = Адрес электронной почты
sign-email-hint = Мы пришлём ссылку для подтверждения подписи. Ваш адрес нигде не показывается.
sign-country = Страна, в которой вы живёте
sign-country-choose = Выберите страну
sign-postcode = Почтовый индекс
sign-display = Показывать моё имя на этой странице
sign-display-hidden = Не показывать моё имя
sign-display-initials = Показывать только инициалы
sign-display-full = Показывать полное имя
sign-subscribe = Присылать мне новости этой кампании (отписаться можно в любой момент)
sign-website = Оставьте это поле пустым
sign-consent = Подписывая, вы соглашаетесь, что мы храним ваше имя, адрес электронной почты и страну, чтобы учесть и передать вашу подпись, как описано на странице о конфиденциальности.
sign-risk-notice = Подпись под петицией раскрывает политические взгляды. Ваше имя и адрес зашифрованы, не показываются без вашего согласия и удаляются после кампании; отозвать подпись можно в любой момент.
sign-submit = Подписать петицию
campaign-sign-jump = Подписать
signed-title = Проверьте почту
signed-text = Мы отправили вам письмо. Перейдите по ссылке в нём, чтобы подтвердить подпись: она учитывается только после подтверждения.
signed-spam = Письмо не пришло за несколько минут? Загляните в папку «Спам» или подпишите ещё раз с тем же адресом, чтобы получить новую ссылку.
back-to-campaign = Вернуться к кампании
confirm-title = Подтвердите подпись
confirm-text = Остался один шаг: нажмите кнопку, чтобы подтвердить, что это вы подписали петицию.
confirm-button = Подтвердить подпись
confirm-already = Эта подпись уже подтверждена. Спасибо!
confirm-invalid = Эта ссылка больше не действует. Подпишите ещё раз с тем же адресом, чтобы получить новую.
thanks-title = Спасибо за подпись
thanks-text = Ваша подпись подтверждена. Через несколько секунд она будет учтена в счётчике.
thanks-share = Попросите других подписать
share-text = Я подписал(а) эту петицию. Подпишете и вы?
share-email = По электронной почте
share-telegram = Telegram
share-whatsapp = WhatsApp
share-x = X (Twitter)
share-facebook = Facebook
error-name-missing = Укажите, пожалуйста, своё имя.
error-name-too-long = Не больше 100 символов, пожалуйста.
error-name-invalid = Имя может содержать только буквы, пробелы, дефисы и апострофы.
error-country-invalid = Выберите страну из списка.
error-postcode-missing = Укажите почтовый индекс.
error-postcode-invalid = Этот индекс не похож на индекс выбранной страны.
error-display-invalid = Выберите, как показывать ваше имя.
error-campaign-closed = Эта кампания больше не принимает подписи.
manage-title = Отозвать подпись
manage-intro = По этой ссылке можно отозвать вашу подпись под петицией:
manage-confirmed = Ваша подпись подтверждена и учтена.
manage-pending = Ваша подпись ещё не подтверждена и не учтена.
manage-erase-explained = Если отозвать подпись, она будет исключена из счётчика, а ваше имя, адрес электронной почты и индекс — удалены из нашей базы данных. Отменить это нельзя.
manage-erase-button = Отозвать подпись и удалить мои данные
manage-gone = Эта ссылка больше не действует: подпись уже отозвана или её данные удалены.
erased-title = Ваши данные удалены
erased-text = Ваша подпись отозвана, а персональные данные удалены из нашей базы данных.
stats-by-country = Подписи по странам
stats-country = Страна
stats-signatures = Подписи
stats-recent = Недавно подписали

## Signing in (organizers and admins)
footer-organizers = Организаторам
login-title = Вход
login-intro = Организаторы и администраторы входят по ссылке, которую получают на свой адрес.
login-email = Ваш адрес электронной почты
login-submit = Прислать ссылку для входа
login-invite-only = Учётные записи создаются по приглашению администратора.
login-or = Или войдите через
login-with = Войти через { $provider }
login-error-expired = Вход занял слишком много времени или был начат в другом браузере. Попробуйте ещё раз.
login-error-provider = Служба входа не выполнила вход. Попробуйте ещё раз.
login-error-state = Ответ службы входа не совпал со входом, начатым в этом браузере, поэтому он отклонён. Начните заново.
login-error-unavailable = Служба входа сейчас недоступна. Попробуйте позже или войдите по ссылке из письма.
login-error-exchange = Служба входа не подтвердила этот вход (ответ действует только один раз). Начните заново.
login-error-token = Ответ службы входа не удалось проверить, поэтому он отклонён. Начните заново.
login-error-unverified = Служба входа не подтвердила ваш адрес электронной почты, поэтому его нельзя использовать здесь.
login-error-no-account = Для этого адреса нет учётной записи. Учётные записи создаются по приглашению администратора.
login-signed-out = Вы вышли.
login-sent-title = Проверьте почту
login-sent-text = Если этот адрес принадлежит учётной записи, ссылка для входа уже в пути. Она действует один раз, 15 минут.
login-link-text = Нажмите кнопку, чтобы войти на этом устройстве.
login-link-button = Войти
login-link-invalid = Эта ссылка для входа больше не действует: ею уже воспользовались или её срок истёк.
login-again = Запросить новую ссылку
account-title = Ваша учётная запись
role-admin = Вы администратор.
role-organizer = Вы организатор.
account-sessions = Где выполнен вход
account-browser = Браузер
account-signed-in = Вход
account-last-seen = Последняя активность
account-this-browser = этот браузер
account-recent-logins = Последние входы
login-method-email = ссылка из письма
login-method-oidc = через { $provider }
account-sign-out = Выйти
account-sign-out-everywhere = Выйти на всех устройствах
admin-title = Ваши кампании
admin-campaigns = Кампании
admin-no-campaigns = У вас пока нет кампаний.
admin-campaign = Кампания
admin-state = Состояние
admin-confirmed = Подтверждённые подписи
state-draft = Черновик
state-open = Открыта
state-closed = Закрыта
state-archived = В архиве
role-name-admin = администратор
role-name-organizer = организатор
users-title = Учётные записи
users-invite = Пригласить
users-email = Адрес электронной почты
users-role = Роль
users-invite-submit = Пригласить
users-accounts = Учётные записи
users-last-login = Последний вход
users-actions = Изменить
users-never = никогда
users-disabled = отключена
users-you = это вы
users-make-admin = Сделать администратором
users-make-organizer = Сделать организатором
users-disable = Отключить
users-enable = Включить
error-role-invalid = Выберите: администратор или организатор.
error-user-exists = У этого адреса уже есть учётная запись.
error-user-self = Свою учётную запись здесь изменить нельзя; попросите другого администратора.
audit-title = Журнал действий
audit-when = Когда
audit-who = Кто
audit-what = Что
audit-target = С чем
audit-detail = Подробности
audit-command-line = командная строка
state-submitted = Ждёт проверки
state-rejected = Возвращена
admin-queue = Ждут проверки
admin-waiting = { $hours ->
    [one] ждёт { $hours_text } час
    [few] ждёт { $hours_text } часа
   *[many] ждёт { $hours_text } часов
}
author-new-title = Новая петиция
author-edit-title = Редактирование кампании
author-slug = Веб-адрес
author-slug-hint = Строчные латинские буквы, цифры и дефисы, как в /campaigns/free-the-prisoners. Позже изменить нельзя.
author-default-language = Основной язык
author-create = Создать черновик
author-public-page = публичная страница
author-rejected = Администратор вернул кампанию
author-settings = Цель и срок
author-requires-postcode = Спрашивать у подписантов почтовый индекс
author-save = Сохранить
author-default = основной язык
author-not-written = Ещё не написан. Читатели на этом языке видят текст на основном языке.
author-field-title = Заголовок
author-field-summary = Кратко (одно-два предложения)
author-field-addressee = Адресат
author-field-body = Текст
author-markdown-hint = Текст в формате Markdown: # для заголовков, **жирный**, [ссылка](https://…), пустая строка между абзацами. Изображения с других сайтов удаляются.
author-save-text = Сохранить этот язык
author-preview = Предпросмотр (сохранённого)
author-submit-heading = Готово?
author-submit-text = Администраторы проверяют каждую кампанию перед публикацией. Если кампанию вернут, её можно будет исправить.
author-submit = Отправить на проверку
author-review = Проверка
author-approve = Одобрить и опубликовать
author-reject = Вернуть
author-reason = Причина
author-note = Комментарий для организатора
reject-incomplete = Не хватает сведений или текст не закончен.
reject-unclear-target = Неясно, к кому обращается кампания или чего она просит.
reject-misleading = Некоторые утверждения неточны или вводят в заблуждение.
reject-off-mission = Кампания не соответствует назначению сайта.
reject-other = См. комментарий.
error-slug-invalid = Используйте от 3 до 80 строчных латинских букв, цифр и одиночных дефисов (кроме «new» и «admin»).
error-slug-taken = Этот веб-адрес уже занят другой кампанией.
error-language-invalid = Выберите язык из списка.
error-goal-invalid = Введите целое число больше нуля или оставьте поле пустым.
error-date-invalid = Введите дату в будущем (ГГГГ-ММ-ДД) или оставьте поле пустым.
error-text-missing = Это поле не может быть пустым.
error-text-too-long = Слишком длинно.
error-campaign-not-editable = Эту кампанию больше нельзя редактировать: она ждёт проверки или опубликована.
error-default-text-missing = Сначала напишите текст на основном языке.
error-campaign-not-submitted = Эта кампания не ждёт проверки.
error-reason-invalid = Выберите причину из списка.
dashboard-title = Сводка
dashboard-open = Цифры
dashboard-confirmed = Подтверждено
dashboard-pending = Ждут подтверждения
dashboard-suspect = Подозрительные (не учитываются)
dashboard-per-day = Подтверждения по дням, последние 30 дней (UTC)
dashboard-as-table = Таблицей
dashboard-day = День
dashboard-suspect-by-rule = Подозрительные подписи по правилам
dashboard-no-suspect = Пока нет.
dashboard-rule = Правило
suspect-honeypot = Заполнено поле, которое видят только боты
suspect-form-token = Форма без действительного токена
suspect-too-fast = Отправлено быстрее, чем человек может заполнить форму
suspect-ip-rate = Превышен часовой лимит для одного сетевого адреса
suspect-blocked-domain = Почтовый домен в чёрном списке
suspect-blocked-ip = Сетевой адрес в чёрном списке
