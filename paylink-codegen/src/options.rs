//! The generator's options, declared once.
//!
//! Each option is written once in the table at the bottom of this file, and
//! that one declaration becomes the field of [`Options`] with its default,
//! the setter of the build.rs [`Config`](crate::Config), the CLI flag of
//! `paylink-codegen generate`, and the argument of the `provider!` macro:
//! the same name (kebab case for the flag, snake case elsewhere), the same
//! default, the same documentation. [`OPTIONS`] lists them for the front
//! ends that read options by name.

use std::collections::BTreeSet;

/// The kinds of value an option takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `true` or `false`; unset means "decided by the other side" for
    /// `client` and `server`.
    Switch,
    /// `true` or `false`.
    Bool,
    /// A string.
    Str,
    /// A string, or unset.
    OptStr,
    /// A list of strings; on the command line, commas also separate them.
    List,
    /// A list of strings that may hold commas (`Name: derive(Hash, Eq)`):
    /// on the command line, one per flag.
    Entries,
}

impl Kind {
    /// How the kind is named in error messages.
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Switch | Kind::Bool => "a boolean (`true` or `false`)",
            Kind::Str | Kind::OptStr => "a string",
            Kind::List | Kind::Entries => "a list of strings",
        }
    }
}

/// A value given to an option by name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// A boolean.
    Bool(bool),
    /// A string.
    Str(String),
    /// A list of strings.
    List(Vec<String>),
}

/// One option as the front ends see it.
#[derive(Clone, Copy, Debug)]
pub struct OptionInfo {
    /// Its name: the field, setter and macro argument (`server_feature`).
    pub name: &'static str,
    /// Its CLI flag, without the dashes (`server-feature`).
    pub flag: &'static str,
    /// What it takes.
    pub kind: Kind,
    /// Its default, as the user would write it.
    pub default: &'static str,
    /// Its documentation, one entry per line.
    pub doc: &'static [&'static str],
}

impl OptionInfo {
    /// The first paragraph of its documentation, on one line.
    pub fn summary(&self) -> String {
        self.doc
            .iter()
            .map(|line| line.trim())
            .take_while(|line| !line.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Turns a `Value` into a field's type.
trait FromValue: Sized {
    fn from_value(value: Value) -> Option<Self>;
}

/// The field type of each kind, named as the kinds are in the table.
mod kinds {
    pub type Switch = Option<bool>;
    pub type Bool = bool;
    pub type Str = String;
    pub type OptStr = Option<String>;
    pub type List = Vec<String>;
    pub type Entries = Vec<String>;
}

impl FromValue for Option<bool> {
    fn from_value(value: Value) -> Option<Self> {
        match value {
            Value::Bool(b) => Some(Some(b)),
            _ => None,
        }
    }
}

impl FromValue for bool {
    fn from_value(value: Value) -> Option<Self> {
        match value {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }
}

impl FromValue for String {
    fn from_value(value: Value) -> Option<Self> {
        match value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }
}

impl FromValue for Option<String> {
    fn from_value(value: Value) -> Option<Self> {
        match value {
            Value::Str(s) => Some(Some(s)),
            _ => None,
        }
    }
}

impl FromValue for Vec<String> {
    fn from_value(value: Value) -> Option<Self> {
        match value {
            Value::List(items) => Some(items),
            _ => None,
        }
    }
}

/// Converts a setter's argument into the field's type.
pub trait IntoOption<T> {
    /// The field value.
    fn into_option(self) -> T;
}

impl IntoOption<Option<bool>> for bool {
    fn into_option(self) -> Option<bool> {
        Some(self)
    }
}

impl IntoOption<bool> for bool {
    fn into_option(self) -> bool {
        self
    }
}

impl IntoOption<String> for &str {
    fn into_option(self) -> String {
        self.to_string()
    }
}

impl IntoOption<String> for String {
    fn into_option(self) -> String {
        self
    }
}

impl IntoOption<Option<String>> for &str {
    fn into_option(self) -> Option<String> {
        Some(self.to_string())
    }
}

impl IntoOption<Option<String>> for String {
    fn into_option(self) -> Option<String> {
        Some(self)
    }
}

impl IntoOption<Option<bool>> for Option<bool> {
    fn into_option(self) -> Option<bool> {
        self
    }
}

impl IntoOption<Option<String>> for Option<String> {
    fn into_option(self) -> Option<String> {
        self
    }
}

impl<S: Into<String>, const N: usize> IntoOption<Vec<String>> for [S; N] {
    fn into_option(self) -> Vec<String> {
        self.into_iter().map(Into::into).collect()
    }
}

impl<S: Into<String>> IntoOption<Vec<String>> for Vec<S> {
    fn into_option(self) -> Vec<String> {
        self.into_iter().map(Into::into).collect()
    }
}

/// Declares the options: the `Options` struct and its `Default`, the
/// [`OPTIONS`] table, [`Options::set`] by name, and the build.rs setters.
macro_rules! declare_options {
    ($(
        $(#[doc = $doc:literal])+
        $name:ident: $kind:ident = $default:expr, flag $flag:literal, shown $shown:literal,
        example $example:literal;
    )+) => {
        /// What to generate. Every field is also a setter of
        /// [`Config`](crate::Config), a flag of `paylink-codegen generate`
        /// and an argument of `paylink::provider!`, with the same default.
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub struct Options {
            $( $(#[doc = $doc])+ pub $name: kinds::$kind, )+
        }

        impl Default for Options {
            fn default() -> Self {
                Options { $( $name: $default.into_option(), )+ }
            }
        }

        /// Every option, in declaration order.
        pub const OPTIONS: &[OptionInfo] = &[$(
            OptionInfo {
                name: stringify!($name),
                flag: $flag,
                kind: Kind::$kind,
                default: $shown,
                doc: &[$($doc),+],
            },
        )+];

        impl Options {
            /// Sets the option called `name` (its snake-case name or its
            /// flag) to `value`; says what was wrong otherwise.
            pub fn set(&mut self, name: &str, value: Value) -> Result<(), OptionError> {
                $(
                    if name == stringify!($name) || name == $flag {
                        let kind = Kind::$kind;
                        self.$name = FromValue::from_value(value)
                            .ok_or(OptionError::WrongType { name: stringify!($name), kind })?;
                        return Ok(());
                    }
                )+
                Err(OptionError::Unknown(name.to_string()))
            }
        }

        impl crate::Config {
            $(
                $(#[doc = $doc])+
                ///
                /// # Example
                ///
                /// ```no_run
                #[doc = $example]
                /// ```
                pub fn $name(&mut self, value: impl IntoOption<kinds::$kind>) -> &mut Self {
                    self.options.$name = value.into_option();
                    self
                }
            )+
        }
    };
}

/// An option that could not be set.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum OptionError {
    /// No option has this name.
    #[error("unknown option `{0}`; the options are: {names}", names = option_names())]
    Unknown(String),
    /// The value is of another kind.
    #[error("option `{name}` takes {}", kind.describe())]
    WrongType {
        /// The option.
        name: &'static str,
        /// What it takes.
        kind: Kind,
    },
    /// Two options contradict each other, or a value is not usable.
    #[error("{0}")]
    Invalid(String),
}

/// The option whose name is nearest to `name` (a typo), if any is close.
pub fn closest(name: &str) -> Option<&'static str> {
    OPTIONS
        .iter()
        .map(|o| (distance(name, o.name).min(distance(name, o.flag)), o.name))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, n)| n)
}

/// Levenshtein distance between two short names.
pub(crate) fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(previous + 1);
        }
    }
    row[b.len()]
}

/// The option names, comma separated, for error messages.
pub fn option_names() -> String {
    OPTIONS
        .iter()
        .map(|o| o.name)
        .collect::<Vec<_>>()
        .join(", ")
}

declare_options! {
    /// Emit the client: `Client` and a request builder per operation.
    ///
    /// Unset, it follows `server`: naming only one side `true` generates
    /// that side alone; otherwise both sides are generated.
    client: Switch = None::<bool>, flag "client", shown "true",
    example "paylink_codegen::Config::new().client(true).compile(\"specs/acme.yaml\")?;\n# Ok::<(), paylink_codegen::Error>(())";

    /// Emit the `server` module: a trait to implement and an axum router
    /// (the generated code then needs the `paylink` crate's `server` feature).
    ///
    /// Unset, it follows `client`: naming only one side `true` generates
    /// that side alone; otherwise both sides are generated.
    server: Switch = None::<bool>, flag "server", shown "true",
    example "paylink_codegen::Config::new().server(false).compile(\"specs/acme.yaml\")?;\n# Ok::<(), paylink_codegen::Error>(())";

    /// Emit only the `types` module: neither client nor server.
    types_only: Bool = false, flag "types-only", shown "false",
    example "paylink_codegen::Config::new().types_only(true).compile(\"specs/acme.yaml\")?;\n# Ok::<(), paylink_codegen::Error>(())";

    /// Keep only the operations with at least one of these tags (all
    /// operations when empty). A tag the spec does not use is an error.
    tags: List = Vec::<String>::new(), flag "tags", shown "[]",
    example "paylink_codegen::Config::new().tags([\"links\"]).compile(\"specs/acme.yaml\")?;\n# Ok::<(), paylink_codegen::Error>(())";

    /// Keep only these operations, by `operationId` or by generated method
    /// name (all operations when empty). A name that matches no operation
    /// is an error.
    operations: List = Vec::<String>::new(), flag "operations", shown "[]",
    example "paylink_codegen::Config::new()\n    .operations([\"createLink\", \"getLink\"])\n    .compile(\"specs/acme.yaml\")?;\n# Ok::<(), paylink_codegen::Error>(())";

    /// Extra derives for every generated struct, enum and union (paths such
    /// as `Hash` or `schemars::JsonSchema`); those a type already derives
    /// are not repeated.
    derives: List = Vec::<String>::new(), flag "derives", shown "[]",
    example "paylink_codegen::Config::new().derives([\"Eq\", \"Hash\"]).compile(\"specs/acme.yaml\")?;\n# Ok::<(), paylink_codegen::Error>(())";

    /// Component schemas replaced by types of your own, as
    /// `Name=path::to::Type` (a plain path, generic arguments allowed):
    /// the schema emits no type and every use of it names yours, which must
    /// implement `Debug`, `Clone`, `PartialEq`, serde's `Serialize` and
    /// `Deserialize` (and `Send + Sync + 'static` for the server). The server
    /// does not check such a value against the schema: your `Deserialize` is
    /// its check. A spec can ask the same with `x-rust-type` on a schema.
    replace: Entries = Vec::<String>::new(), flag "replace", shown "[]",
    example "paylink_codegen::Config::new()\n    .replace([\"Money=crate::money::Money\"])\n    .compile(\"specs/acme.yaml\")?;\n# Ok::<(), paylink_codegen::Error>(())";

    /// Derives and attributes for one type, as `Name: derive(Hash, Eq)`
    /// or `Name: derive(Hash), serde(deny_unknown_fields)`; `Name` is a
    /// component schema's name or a generated type's (before `rename`).
    patch: Entries = Vec::<String>::new(), flag "patch", shown "[]",
    example "paylink_codegen::Config::new()\n    .patch([\"Link: derive(Hash, Eq)\"])\n    .compile(\"specs/acme.yaml\")?;\n# Ok::<(), paylink_codegen::Error>(())";

    /// New names for types, as `Name=NewName`; `Name` is a component
    /// schema's name or a generated type's.
    rename: Entries = Vec::<String>::new(), flag "rename", shown "[]",
    example "paylink_codegen::Config::new()\n    .rename([\"Link=PaymentLink\"])\n    .compile(\"specs/acme.yaml\")?;\n# Ok::<(), paylink_codegen::Error>(())";

    /// Keep strings of the formats `date-time`, `date`, `time`, `uuid`,
    /// `int32`, `int64`, `uint64` and `decimal` as `String` instead of the
    /// runtime's `DateTime`, `Date`, `Time`, `Uuid`, `Int32`, `Int64`,
    /// `UInt64` and `Decimal` (which check the text and keep it as sent).
    formats_as_strings: Bool = false, flag "formats-as-strings", shown "false",
    example "paylink_codegen::Config::new().formats_as_strings(true).compile(\"specs/acme.yaml\")?;\n# Ok::<(), paylink_codegen::Error>(())";

    /// The path generated code uses for the runtime.
    runtime: Str = "::paylink::codegen", flag "runtime", shown "\"::paylink::codegen\"",
    example "paylink_codegen::Config::new().runtime(\"::my_sdk::paylink::codegen\").compile(\"specs/acme.yaml\")?;\n# Ok::<(), paylink_codegen::Error>(())";

    /// OpenAPI Overlay 1.0 documents applied, in order, to the spec before
    /// it is read: for specs that cannot be edited (a provider's document
    /// kept verbatim). Paths are relative to the current directory (the
    /// crate's directory in a build script and in `provider!`).
    overlays: List = Vec::<String>::new(), flag "overlay", shown "[]",
    example "paylink_codegen::Config::new()\n    .overlays([\"specs/acme.overlay.yaml\"])\n    .compile(\"specs/acme.yaml\")?;\n# Ok::<(), paylink_codegen::Error>(())";

    /// Put the `server` module behind `#[cfg(feature = "...")]` of the
    /// crate that includes the generated code.
    server_feature: OptStr = None::<String>, flag "server-feature", shown "none",
    example "paylink_codegen::Config::new().server_feature(\"server\").compile(\"specs/acme.yaml\")?;\n# Ok::<(), paylink_codegen::Error>(())";

    /// Compile each tag's operations only under a Cargo feature of the
    /// including crate, named by this prefix and the tag (`api-` and
    /// `Payment Links`: `api-payment-links`; operations without a tag:
    /// `api-untagged`), and each type only under the features of the
    /// operations that use it. The module's docs list the features, and
    /// `paylink-codegen generate` prints the `[features]` table to add to
    /// `Cargo.toml`.
    tag_features: OptStr = None::<String>, flag "tag-features", shown "none",
    example "paylink_codegen::Config::new().tag_features(\"api-\").compile(\"specs/acme.yaml\")?;\n# Ok::<(), paylink_codegen::Error>(())";
}

/// Which sides to emit, with `client`/`server` resolved: the part of the
/// options that changes the generated surface.
pub use crate::ir::surface::Sides;

impl Options {
    /// The sides to emit: `types_only` emits neither; naming only one side
    /// `true` emits that side alone; an unset side is otherwise emitted.
    pub fn sides(&self) -> Result<Sides, OptionError> {
        if self.types_only {
            if self.client == Some(true) || self.server == Some(true) {
                return Err(OptionError::Invalid(
                    "`types_only` generates neither client nor server: drop `client`/`server` or `types_only`".into(),
                ));
            }
            return Ok(Sides {
                client: false,
                server: false,
            });
        }
        let (client, server) = match (self.client, self.server) {
            (Some(true), None) => (true, false),
            (None, Some(true)) => (false, true),
            (c, s) => (c.unwrap_or(true), s.unwrap_or(true)),
        };
        Ok(Sides { client, server })
    }

    /// How strings with a format are typed.
    pub fn formats(&self) -> crate::ir::Formats {
        if self.formats_as_strings {
            crate::ir::Formats::Strings
        } else {
            crate::ir::Formats::Typed
        }
    }

    /// The extra derives as paths, each checked; duplicates dropped.
    pub fn derive_paths(&self) -> Result<Vec<String>, OptionError> {
        let mut seen = BTreeSet::new();
        let mut paths = Vec::new();
        for text in &self.derives {
            let path: syn::Path = syn::parse_str(text).map_err(|_| {
                OptionError::Invalid(format!(
                    "`derives`: `{text}` is not a path such as `Hash` or `schemars::JsonSchema`"
                ))
            })?;
            let tokens = quote::quote!(#path).to_string().replace(' ', "");
            if seen.insert(tokens.clone()) {
                paths.push(tokens);
            }
        }
        Ok(paths)
    }

    /// The `replace`, `patch` and `rename` entries, read and checked.
    pub fn customisation(&self) -> Result<crate::ir::Customisation, OptionError> {
        crate::ir::Customisation::read(&self.replace, &self.patch, &self.rename)
            .map_err(OptionError::Invalid)
    }

    /// The value of the option `name` checked on its own, for the front
    /// ends that say which argument is at fault (`provider!`, manifests).
    pub fn check_one(&self, name: &str) -> Result<(), OptionError> {
        match name {
            "derives" => self.derive_paths().map(|_| ()),
            "replace" | "patch" | "rename" => self.customisation().map(|_| ()),
            "tag_features" => self.feature_prefix().map(|_| ()),
            _ => Ok(()),
        }
    }

    /// Every option's value checked on its own (their agreement with the
    /// spec is checked when it is read).
    pub fn check(&self) -> Result<(), OptionError> {
        self.sides()?;
        self.derive_paths()?;
        self.feature_prefix()?;
        self.customisation().map(|_| ())
    }

    /// The `tag_features` prefix, checked: lowercase ASCII letters,
    /// digits, `_` and `-`, not starting with `-` (so that every feature
    /// name made from it is one Cargo accepts).
    pub fn feature_prefix(&self) -> Result<Option<&str>, OptionError> {
        let Some(prefix) = self.tag_features.as_deref() else {
            return Ok(None);
        };
        let allowed =
            |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-';
        if prefix.starts_with('-') || !prefix.chars().all(allowed) || prefix.len() > 64 {
            return Err(OptionError::Invalid(format!(
                "`tag_features`: `{}` is not a feature-name prefix (lowercase ASCII letters, digits, `_` and `-`, not starting with `-`, such as `api-`)",
                crate::sanitize::code(prefix)
            )));
        }
        Ok(Some(prefix))
    }
}
