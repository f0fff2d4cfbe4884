//! Reading stored campaign images: a page's image path and size, and a file's bytes for
//! `/media/{name}` (uploads are `media`).
use crate::ssr::entities::media;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};

/// The image's URL path, size, for pages.
pub async fn describe<C: sea_orm::ConnectionTrait>(
    db: &C,
    id: i64,
) -> Result<Option<(String, i32, i32)>, sea_orm::DbErr> {
    media::Entity::find_by_id(id)
        .select_only()
        .column(media::Column::Name)
        .column(media::Column::Width)
        .column(media::Column::Height)
        .into_tuple::<(String, i32, i32)>()
        .one(db)
        .await
        .map(|found| found.map(|(name, w, h)| (format!("/media/{name}"), w, h)))
}

/// The stored file called `name`: its type and bytes.
pub async fn load<C: sea_orm::ConnectionTrait>(
    db: &C,
    name: &str,
) -> Result<Option<(String, Vec<u8>)>, sea_orm::DbErr> {
    media::Entity::find()
        .filter(media::Column::Name.eq(name))
        .select_only()
        .column(media::Column::ContentType)
        .column(media::Column::Bytes)
        .into_tuple::<(String, Vec<u8>)>()
        .one(db)
        .await
}
