//! The demo campaign the embedded default creates on an empty database, so the first page a
//! newcomer sees is a real one. Seed data lives here, in code that runs after migrations, never
//! in a migration.
use app::campaigns::ssr::{NewCampaign, NewCampaignText};
use app::domain::{Locale, Slug};
use app::kinds::ssr::Setup;
use app::ssr::entities::campaign;
use sea_orm::{DatabaseConnection, DbErr, EntityTrait, PaginatorTrait};

pub const DEMO_SLUG: &str = "protect-russian-anti-war-exiles";
pub const DEMO_FUND: &str = "legal-aid-for-exiles";
pub const DEMO_LIST: &str = "campaign-news";

const EN_BODY: &str = "\
Since February 2022, hundreds of thousands of Russians have left their country because they \
opposed the war against Ukraine. Many were detained at protests, fined or prosecuted for a post, \
a placard or a donation. Some refused to be mobilised. Others are journalists, lawyers and \
human-rights defenders whose work became a crime overnight.

Europe rightly gave people fleeing the war in Ukraine **temporary protection**: a clear status, \
the right to work, and safety without years of uncertainty. Russians who fled *because* they \
stood against the same war have no such status. They depend on short visas, slow asylum \
procedures and the goodwill of each consulate, while their passports expire and Russian \
embassies refuse to renew them.

## What we ask

1. **A protection status** for Russian citizens who can show that they opposed the war: \
   protest records, prosecution, refusal of military service, or their public work.
2. **Humanitarian visas** that can be requested from outside Russia, decided within weeks.
3. **Travel documents** for those whose Russian passports have expired or been withheld.
4. **No deportation to Russia** of anyone who faces prosecution there for opposing the war.

## Why it matters

Returning these people to Russia means prison. Leaving them without status means they cannot \
work, rent a flat or open a bank account — and makes them easy to pressure. Protecting them \
is consistent with the values Western governments defended when they stood with Ukraine.

Your signature is kept private unless you choose to show your name.
";

const RU_BODY: &str = "\
С февраля 2022 года сотни тысяч россиян покинули страну, потому что были против войны с \
Украиной. Многих задерживали на протестах, штрафовали или преследовали за пост, плакат или \
пожертвование. Кто-то отказался идти по мобилизации. Другие — журналисты, юристы и \
правозащитники, чья работа в одночасье стала преступлением.

Европа справедливо предоставила бежавшим от войны в Украине **временную защиту**: понятный \
статус, право на работу и безопасность без многолетней неопределённости. У россиян, уехавших \
*именно потому*, что они выступили против той же войны, такого статуса нет. Они зависят от \
коротких виз, долгих процедур убежища и доброй воли каждого консульства, а тем временем срок \
их паспортов истекает, и российские посольства отказываются их продлевать.

## Чего мы просим

1. **Защитного статуса** для граждан России, которые могут подтвердить, что выступали против \
   войны: задержания на протестах, уголовное преследование, отказ от военной службы или \
   публичная деятельность.
2. **Гуманитарных виз**, которые можно запросить из-за пределов России и получить решение \
   в течение нескольких недель.
3. **Проездных документов** для тех, чьи российские паспорта истекли или были изъяты.
4. **Запрета на высылку в Россию** тех, кому там грозит преследование за позицию против войны.

## Почему это важно

Возвращение этих людей в Россию означает тюрьму. Без статуса они не могут работать, снять \
жильё или открыть счёт в банке — и на них легко давить. Защитить их — значит остаться \
верными ценностям, которые западные правительства отстаивали, поддержав Украину.

Ваша подпись остаётся конфиденциальной, если вы сами не решите показать своё имя.
";

/// Creates the demo campaign if there are no campaigns at all; true if it did.
pub async fn seed_if_empty(db: &DatabaseConnection) -> Result<bool, DbErr> {
    if campaign::Entity::find().count(db).await? > 0 {
        return Ok(false);
    }
    let ru = Locale::from_code("ru").unwrap_or_default();
    let slug = Slug::parse(DEMO_SLUG).map_err(|e| DbErr::Custom(e.to_string()))?;
    let campaign = NewCampaign {
        slug,
        kind: app::domain::CampaignKind::Petition,
        state: app::domain::CampaignState::Open,
        default_locale: Locale::DEFAULT,
        goal: Some(100_000),
        closes_at: Some(chrono::Utc::now() + chrono::Duration::days(180)),
        requires_postcode: false,
        digest: false,
        requires_address: false,
        // The demo fund, when it is there (it is seeded first).
        fund: app::donations::ssr::funds::by_slug(db, DEMO_FUND)
            .await?
            .map(|f| f.slug),
        // The demo list, likewise.
        list: app::lists::ssr::lists::by_slug(db, DEMO_LIST)
            .await?
            .map(|l| l.slug),
        texts: vec![
            NewCampaignText {
                letter: None,
                locale: Locale::DEFAULT,
                title: "Protect Russians who fled because they opposed the war".into(),
                summary: "Give Russian anti-war exiles the protection Europe gave to people \
                          fleeing the war in Ukraine: a clear status, humanitarian visas and \
                          travel documents."
                    .into(),
                body: EN_BODY.into(),
                addressee: "The governments of the European Union member states, the United \
                            Kingdom, Switzerland and Norway"
                    .into(),
            },
            NewCampaignText {
                letter: None,
                locale: ru,
                title: "Защитите россиян, уехавших из-за несогласия с войной".into(),
                summary: "Дайте российским антивоенным эмигрантам ту защиту, которую Европа \
                          дала бежавшим от войны в Украине: понятный статус, гуманитарные \
                          визы и проездные документы."
                    .into(),
                body: RU_BODY.into(),
                addressee: "Правительствам стран Европейского союза, Великобритании, \
                            Швейцарии и Норвегии"
                    .into(),
            },
        ],
    };
    app::kinds::ssr::create(
        db,
        &Setup {
            campaign,
            letters: Default::default(),
        },
    )
    .await?;
    Ok(true)
}

const FUND_EN: &str = "\
Lawyers for Russians who fled because they opposed the war: asylum appeals, residence permits, \
and defence against extradition requests. Every euro goes to legal work; the ledger below shows \
what came in and what was paid out, month by month. We never publish whom we helped.";

const FUND_RU: &str = "\
Юристы для россиян, уехавших из-за несогласия с войной: обжалование отказов в убежище, виды на \
жительство, защита от запросов об экстрадиции. Все деньги идут на юридическую работу; ниже — \
отчёт о поступлениях и расходах по месяцам. Кому мы помогли, мы никогда не публикуем.";

/// Creates the demo fund, with two payments out so that its ledger shows something, if there
/// are no funds at all; true if it did.
pub async fn seed_fund_if_none(db: &DatabaseConnection) -> Result<bool, DbErr> {
    use app::donations::ssr::setup::{NewFund, create, disburse};
    use app::ssr::entities::fund;
    if fund::Entity::find().count(db).await? > 0 {
        return Ok(false);
    }
    let id = create(
        db,
        &NewFund {
            slug: DEMO_FUND,
            currency: "eur",
            goal_minor: Some(5_000_000),
            presets: &[1_000, 2_500, 5_000, 10_000],
            min_minor: 200,
            max_minor: 1_000_000,
            monthly: true,
            texts: &[
                ("en", "Legal aid for exiles", FUND_EN),
                ("ru", "Юридическая помощь эмигрантам", FUND_RU),
            ],
        },
    )
    .await?;
    let last_month = (chrono::Utc::now() - chrono::Duration::days(30))
        .format("%Y-%m-15")
        .to_string();
    disburse(
        db,
        id,
        &last_month,
        120_000,
        "legal-fees",
        "Asylum appeal before an administrative court, Germany",
        None,
    )
    .await?;
    disburse(
        db,
        id,
        &last_month,
        35_000,
        "court-costs",
        "Court fees for a residence-permit case, the Netherlands",
        None,
    )
    .await?;
    Ok(true)
}

const LIST_EN: &str = "\
News of the campaign to protect Russians who fled because they opposed the war: what \
governments decide, when to write or sign, and how the legal aid fund is spent. A few emails \
a month at most. Every email has a link to leave at once.";

const LIST_RU: &str = "\
Новости кампании в защиту россиян, уехавших из-за несогласия с войной: что решают \
правительства, когда писать и подписывать, на что тратится фонд юридической помощи. Не больше \
нескольких писем в месяц. В каждом письме есть ссылка, чтобы сразу отписаться.";

const WELCOME_EN: &str = "\
Thank you for joining **Campaign news**.

We write when there is something to do or to know: a vote coming up, a letter worth writing, \
what the legal aid fund paid for. Nothing else, and never your details to anyone.

You can change which emails you get, or leave, with the links at the bottom of every email.";

const WELCOME_RU: &str = "\
Спасибо, что подписались на **Новости кампании**.

Мы пишем, когда есть что сделать или узнать: предстоящее голосование, письмо, которое стоит \
написать, на что фонд юридической помощи потратил деньги. Больше ничего — и ваши данные мы \
никому не передаём.

Выбрать, какие письма получать, или отписаться можно по ссылкам внизу каждого письма.";

/// Creates the demo mailing list ("Campaign news", public) if there are no lists at all; true
/// if it did.
pub async fn seed_list_if_none(db: &DatabaseConnection) -> Result<bool, DbErr> {
    use app::lists::ssr::setup::{NewList, NewListText, create};
    use app::ssr::entities::list;
    if list::Entity::find().count(db).await? > 0 {
        return Ok(false);
    }
    create(
        db,
        &NewList {
            slug: DEMO_LIST,
            public: true,
            texts: &[
                NewListText {
                    locale: "en",
                    name: "Campaign news",
                    description: LIST_EN,
                    welcome_subject: "Welcome to Campaign news",
                    welcome_body: WELCOME_EN,
                },
                NewListText {
                    locale: "ru",
                    name: "Новости кампании",
                    description: LIST_RU,
                    welcome_subject: "Добро пожаловать в «Новости кампании»",
                    welcome_body: WELCOME_RU,
                },
            ],
        },
    )
    .await?;
    Ok(true)
}
