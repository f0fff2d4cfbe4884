//! Enums stored in the database, and sent over the wire, as their names: a kind or a state is
//! a closed set the compiler checks, while the column keeps the readable name (no migration).
//! [`stored_enum!`] declares one with its `ALL`, `as_str`, `parse`, `of_stored`, `Default` (the
//! first variant) and `Display`, so every such enum reads and writes its names the same way.

/// Declares an enum stored by name. The first variant is the default, which `of_stored` gives
/// for a name no variant has (rows are written only through these names).
macro_rules! stored_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        pub enum $name { $($(#[$vmeta])* #[serde(rename = $text)] $variant),+ }

        impl $name {
            /// Every variant, in order.
            pub const ALL: [$name; [$($text),+].len()] = [$($name::$variant),+];

            /// The stored name.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// The variant a stored or submitted name names, if any.
            pub fn parse(name: &str) -> Option<$name> {
                $name::ALL.into_iter().find(|s| s.as_str() == name)
            }

            /// The variant of a stored row; a name no variant has reads as the default.
            pub fn of_stored(name: &str) -> $name {
                $name::parse(name).unwrap_or_default()
            }
        }

        impl Default for $name {
            fn default() -> Self {
                $name::ALL[0]
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub(crate) use stored_enum;
