//! Campaign images. Organizers upload a JPEG, PNG or WebP; Petrel decodes it (within limits, so
//! a small file cannot ask for gigabytes), scales it down to at most `MAX_WIDTH` pixels wide and
//! encodes it again, which drops every piece of metadata of the original (camera, time, GPS
//! position). The result lives in the database (so backups hold it) and is served by Petrel from
//! `/media/{name}`, named by its hash: pages never ask another site for an image.
use crate::accounts::ssr::{Authenticated, audit};
use crate::error::AppError;
use crate::ssr::entities::{campaign, media};
use crate::ssr::state::AppState;
use crate::ssr::time::now_ms;
use image::{DynamicImage, ImageFormat, ImageReader, Limits};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QuerySelect, Set};
use sha2::{Digest, Sha256};
use std::io::Cursor;

/// The largest upload accepted, in bytes.
pub const MAX_UPLOAD_BYTES: usize = 5 * 1024 * 1024;
/// Images wider than this are scaled down.
pub const MAX_WIDTH: u32 = 1600;
/// Larger pictures are refused before decoding: no side over `MAX_SIDE`, no more than
/// `MAX_PIXELS` in all (a 12000 × 12000 PNG of 420 KB took a minute of CPU and half a gigabyte).
const MAX_SIDE: u32 = 12_000;
const MAX_PIXELS: u64 = 40_000_000;
/// Memory the decoder may take for one picture (40 MP of 16-bit RGBA would not fit: refused).
const MAX_DECODER_BYTES: u64 = 256 * 1024 * 1024;

/// One picture is decoded at a time, whoever uploads: each may take `MAX_DECODER_BYTES`.
static DECODING: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// An image made ready to serve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Processed {
    pub bytes: Vec<u8>,
    pub content_type: &'static str,
    pub extension: &'static str,
    pub width: u32,
    pub height: u32,
}

/// Decodes, scales and re-encodes an uploaded file; user mistakes come back as field errors
/// on `image`.
pub fn process(upload: &[u8]) -> Result<Processed, AppError> {
    if upload.is_empty() {
        return Err(AppError::field("image", "error-image-missing"));
    }
    if upload.len() > MAX_UPLOAD_BYTES {
        return Err(AppError::field("image", "error-image-too-large"));
    }
    let invalid = || AppError::field("image", "error-image-invalid");
    let mut reader = ImageReader::new(Cursor::new(upload))
        .with_guessed_format()
        .map_err(|_| invalid())?;
    if !matches!(
        reader.format(),
        Some(ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)
    ) {
        return Err(invalid());
    }
    // The header's size, read before any pixel is.
    let (w, h) = ImageReader::new(Cursor::new(upload))
        .with_guessed_format()
        .map_err(|_| invalid())?
        .into_dimensions()
        .map_err(|_| invalid())?;
    if w > MAX_SIDE || h > MAX_SIDE || u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(AppError::field("image", "error-image-too-many-pixels"));
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODER_BYTES);
    reader.limits(limits);
    let _one_at_a_time = DECODING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let decoded = reader.decode().map_err(|_| invalid())?;
    let scaled = if decoded.width() > MAX_WIDTH {
        decoded.resize(MAX_WIDTH, MAX_SIDE, image::imageops::FilterType::Triangle)
    } else {
        decoded
    };
    let (width, height) = (scaled.width(), scaled.height());
    let mut bytes = Vec::new();
    let (content_type, extension) = if scaled.color().has_alpha() {
        DynamicImage::ImageRgba8(scaled.to_rgba8())
            .write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png)
            .map_err(|_| invalid())?;
        ("image/png", "png")
    } else {
        let rgb = DynamicImage::ImageRgb8(scaled.to_rgb8());
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 85)
            .encode_image(&rgb)
            .map_err(|_| invalid())?;
        ("image/jpeg", "jpg")
    };
    Ok(Processed {
        bytes,
        content_type,
        extension,
        width,
        height,
    })
}

/// Processes `upload` and makes it campaign `c`'s image (replacing any earlier one).
pub async fn set_campaign_image(
    state: &AppState,
    user: &Authenticated,
    c: campaign::Model,
    upload: &[u8],
) -> Result<String, AppError> {
    crate::campaigns::ssr::editor::ensure_editable(&c)?;
    // Decoding and re-encoding takes up to a second of CPU: off the async workers.
    let owned = upload.to_vec();
    let processed = tokio::task::spawn_blocking(move || process(&owned))
        .await
        .map_err(|e| crate::ssr::error::internal("image processing", &e))??;
    let digest = Sha256::digest(&processed.bytes);
    let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    let name = format!("{hex}.{}", processed.extension);
    let existing = media::Entity::find()
        .filter(media::Column::Name.eq(&name))
        .select_only()
        .column(media::Column::Id)
        .into_tuple::<i64>()
        .one(&state.db)
        .await?;
    let media_id = match existing {
        Some(id) => id,
        None => {
            media::ActiveModel {
                name: Set(name.clone()),
                content_type: Set(processed.content_type.to_owned()),
                width: Set(processed.width as i32),
                height: Set(processed.height as i32),
                bytes: Set(processed.bytes),
                created_by: Set(Some(user.user_id)),
                created_at: Set(now_ms()),
                ..Default::default()
            }
            .insert(&state.db)
            .await?
            .id
        }
    };
    let id = c.id;
    let mut row: campaign::ActiveModel = c.into();
    row.image_id = Set(Some(media_id));
    row.update(&state.db).await?;
    audit(
        &state.db,
        Some(user.user_id),
        "campaign_image",
        &format!("campaign:{id}"),
        serde_json::json!({ "media": name }),
    )
    .await?;
    Ok(name)
}

/// Removes campaign `c`'s image (the file stays for other campaigns that use it).
pub async fn remove_campaign_image(
    state: &AppState,
    user: &Authenticated,
    c: campaign::Model,
) -> Result<(), AppError> {
    crate::campaigns::ssr::editor::ensure_editable(&c)?;
    let id = c.id;
    let mut row: campaign::ActiveModel = c.into();
    row.image_id = Set(None);
    row.update(&state.db).await?;
    audit(
        &state.db,
        Some(user.user_id),
        "campaign_image_removed",
        &format!("campaign:{id}"),
        serde_json::json!({}),
    )
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32, alpha: bool) -> Vec<u8> {
        let mut out = Vec::new();
        let img = if alpha {
            DynamicImage::ImageRgba8(image::RgbaImage::from_pixel(
                width,
                height,
                image::Rgba([10, 20, 30, 128]),
            ))
        } else {
            DynamicImage::ImageRgb8(image::RgbImage::from_pixel(
                width,
                height,
                image::Rgb([200, 30, 30]),
            ))
        };
        img.write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .expect("ok");
        out
    }

    /// PNG's chunk checksum (over the chunk type and data).
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for b in bytes {
            crc ^= u32::from(*b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    fn error_key(e: AppError) -> String {
        match e {
            AppError::Validation(f) => f["image"][0].clone(),
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn opaque_pictures_become_jpeg_and_wide_ones_are_scaled() {
        let p = process(&png(2000, 1000, false)).expect("ok");
        assert_eq!(
            (p.content_type, p.width, p.height),
            ("image/jpeg", 1600, 800)
        );
        assert_eq!(&p.bytes[..3], &[0xFF, 0xD8, 0xFF]);
        let small = process(&png(40, 30, false)).expect("ok");
        assert_eq!((small.width, small.height), (40, 30));
    }

    #[test]
    fn transparency_is_kept_as_png() {
        let p = process(&png(20, 20, true)).expect("ok");
        assert_eq!(p.content_type, "image/png");
        assert_eq!(&p.bytes[1..4], b"PNG");
    }

    #[test]
    fn metadata_of_the_original_does_not_survive() {
        // A PNG with a text chunk naming a place: the re-encoded file has no trace of it.
        let mut original = png(10, 10, false);
        let chunk_data = b"Comment\0taken at Tverskaya 13, Moscow";
        let mut chunk = (chunk_data.len() as u32).to_be_bytes().to_vec();
        chunk.extend_from_slice(b"tEXt");
        chunk.extend_from_slice(chunk_data);
        let crc = crc32(&chunk[4..]);
        chunk.extend_from_slice(&crc.to_be_bytes());
        // After the 8-byte signature and the 25-byte IHDR chunk.
        original.splice(33..33, chunk);
        assert!(
            original.windows(10).any(|w| w == b"Tverskaya "),
            "the test image carries the text"
        );
        let p = process(&original).expect("ok");
        assert!(!p.bytes.windows(9).any(|w| w == b"Tverskaya"));
    }

    #[test]
    fn other_files_are_refused_with_a_reason() {
        assert_eq!(
            error_key(process(b"").expect_err("refused")),
            "error-image-missing"
        );
        assert_eq!(
            error_key(process(b"<svg xmlns='http://www.w3.org/2000/svg'/>").expect_err("refused")),
            "error-image-invalid"
        );
        assert_eq!(
            error_key(process(b"GIF89a....").expect_err("refused")),
            "error-image-invalid"
        );
        let mut truncated = png(50, 50, false);
        truncated.truncate(60);
        assert_eq!(
            error_key(process(&truncated).expect_err("refused")),
            "error-image-invalid"
        );
        assert_eq!(
            error_key(process(&vec![0u8; MAX_UPLOAD_BYTES + 1]).expect_err("refused")),
            "error-image-too-large"
        );
    }

    /// A PNG of one pixel whose header claims `w` × `h`.
    fn claiming(w: u32, h: u32) -> Vec<u8> {
        let mut bomb = png(1, 1, false);
        bomb[16..20].copy_from_slice(&w.to_be_bytes());
        bomb[20..24].copy_from_slice(&h.to_be_bytes());
        let crc = crc32(&bomb[12..29]);
        bomb[29..33].copy_from_slice(&crc.to_be_bytes());
        bomb
    }

    #[test]
    fn a_huge_canvas_in_a_small_file_is_refused_before_decoding() {
        for (w, h) in [(50_000, 50_000), (12_000, 12_000), (10_000, 4_001)] {
            assert_eq!(
                error_key(process(&claiming(w, h)).expect_err("refused")),
                "error-image-too-many-pixels",
                "{w} × {h}"
            );
        }
        // Within the limits, a lying header is just a broken file.
        assert_eq!(
            error_key(process(&claiming(8_000, 5_000)).expect_err("refused")),
            "error-image-invalid"
        );
    }
}
