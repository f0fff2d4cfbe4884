//! What an image upload can be refused for: the translation keys the upload route sends back
//! on the editor's address (`?image_error=`), and the only ones the editor shows from there.
pub const IMAGE_ERRORS: [&str; 5] = [
    "error-image-missing",
    "error-image-invalid",
    "error-image-too-large",
    "error-image-too-many-pixels",
    "error-campaign-not-editable",
];
