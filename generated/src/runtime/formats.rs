//! Strings with a format, typed: `date-time`, `date`, `time` and `uuid`
//! become [`DateTime`], [`Date`], [`Time`] and [`Uuid`], and numbers written
//! as text (`int32`, `int64`, `uint64`, `decimal`) become [`Int32`],
//! [`Int64`], [`UInt64`] and [`Decimal`]: each a parsed value ([`chrono`]
//! for dates and times, [`uuid`] for identifiers, [`rust_decimal`] for
//! decimals) that keeps the text it was read from and writes that text back
//! unchanged.
//!
//! The crates' own serde impls rewrite what they read: chrono writes
//! `+00:00` as `Z` and pads `.5` to `.500`; `uuid` lowercases. A server that
//! signs, compares or echoes the text (a webhook body, an idempotent retry,
//! an `If-Match` of a timestamp) must get back its own bytes, so each value
//! here is the pair of both: [`Formatted::value`] to compute with,
//! [`Formatted::as_str`] for the wire.
//!
//! ```
//! use paylink::codegen::{DateTime, Date};
//!
//! let sent = "2024-03-05T10:00:00.50+01:00";
//! let at: DateTime = sent.parse().unwrap();
//! assert_eq!(at.value().timestamp(), 1_709_629_200);
//! assert_eq!(serde_json::to_string(&at).unwrap(), format!("\"{sent}\""));
//!
//! // Built from a value, it is written in RFC 3339 (`Z` for UTC).
//! let day = Date::new(chrono::NaiveDate::from_ymd_opt(2024, 2, 29).unwrap());
//! assert_eq!(day.as_str(), "2024-02-29");
//! ```

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use chrono::{FixedOffset, NaiveDate, NaiveTime, SecondsFormat, TimeZone};
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

/// A value read from, and written as, a string of one format.
pub trait StringFormat: Sized {
    /// The format's name in OpenAPI (`date-time`), for error messages.
    const NAME: &'static str;
    /// What the text must look like, for error messages.
    const SHAPE: &'static str;
    /// The value `text` holds, or `None` when it is not of the format.
    fn parse(text: &str) -> Option<Self>;
    /// The value's text in the format's canonical form.
    fn write(&self) -> String;
}

/// A `date-time`: RFC 3339 with an offset, as sent.
pub type DateTime = Formatted<chrono::DateTime<FixedOffset>>;
/// A `date`: RFC 3339 `full-date` (`2024-02-29`).
pub type Date = Formatted<NaiveDate>;
/// A `time`: a time of day with its offset when the server gives one.
pub type Time = Formatted<TimeOfDay>;
/// A `uuid`, in its hyphenated form, in the case it was sent.
pub type Uuid = Formatted<uuid::Uuid>;
/// A string holding an `int32` (`"-42"`).
pub type Int32 = Formatted<i32>;
/// A string holding an `int64`: what APIs send when a JSON number would
/// lose precision past 2^53.
pub type Int64 = Formatted<i64>;
/// A string holding a `uint64`.
pub type UInt64 = Formatted<u64>;
/// A string holding a `decimal`, read exactly ([`rust_decimal`]: 96-bit
/// integer and a scale, up to 28 digits), its text kept (`"10.50"` stays
/// `"10.50"`).
pub type Decimal = Formatted<rust_decimal::Decimal>;

/// A parsed value and its text: compared, hashed and written as the text
/// (two `DateTime`s of the same instant at different offsets are not
/// equal: the server sent different values), ordered by value first.
#[derive(Clone)]
pub struct Formatted<T> {
    value: T,
    text: Box<str>,
}

impl<T: StringFormat> Formatted<T> {
    /// `value`, written in the format's canonical form.
    pub fn new(value: T) -> Self {
        let text = value.write().into_boxed_str();
        Formatted { value, text }
    }

    /// `text` read as the format, kept as written.
    pub fn parse(text: &str) -> Result<Self, FormatError> {
        match T::parse(text) {
            Some(value) => Ok(Formatted {
                value,
                text: text.into(),
            }),
            None => Err(FormatError {
                format: T::NAME,
                shape: T::SHAPE,
                text: text.chars().take(64).collect(),
            }),
        }
    }
}

impl<T> Formatted<T> {
    /// The parsed value.
    pub fn value(&self) -> &T {
        &self.value
    }

    /// The parsed value, the text dropped.
    pub fn into_value(self) -> T {
        self.value
    }

    /// The text, exactly as read (or as written by [`Formatted::new`]).
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl<T: StringFormat> From<T> for Formatted<T> {
    fn from(value: T) -> Self {
        Formatted::new(value)
    }
}

impl<T: StringFormat> FromStr for Formatted<T> {
    type Err = FormatError;
    fn from_str(text: &str) -> Result<Self, FormatError> {
        Formatted::parse(text)
    }
}

impl<T> std::ops::Deref for Formatted<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> PartialEq for Formatted<T> {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl<T> Eq for Formatted<T> {}

/// Against the wire text: `at == "2024-01-31T09:30:00Z"`.
impl<T> PartialEq<str> for Formatted<T> {
    fn eq(&self, other: &str) -> bool {
        *self.text == *other
    }
}

impl<T> PartialEq<&str> for Formatted<T> {
    fn eq(&self, other: &&str) -> bool {
        *self.text == **other
    }
}

impl<T> Hash for Formatted<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.text.hash(state);
    }
}

impl<T: Ord> PartialOrd for Formatted<T> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// By value, then by text: consistent with `Eq` (same text, same value).
impl<T: Ord> Ord for Formatted<T> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.value
            .cmp(&other.value)
            .then_with(|| self.text.cmp(&other.text))
    }
}

impl<T> fmt::Display for Formatted<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl<T> fmt::Debug for Formatted<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.text, f)
    }
}

impl<T> Serialize for Formatted<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de, T: StringFormat> Deserialize<'de> for Formatted<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(Visit(std::marker::PhantomData))
    }
}

struct Visit<T>(std::marker::PhantomData<T>);

impl<T: StringFormat> de::Visitor<'_> for Visit<T> {
    type Value = Formatted<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a `{}` string ({})", T::NAME, T::SHAPE)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        Formatted::parse(text).map_err(E::custom)
    }
}

/// A string that is not of its format.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormatError {
    format: &'static str,
    shape: &'static str,
    text: String,
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} is not a valid `{}` ({})",
            self.text, self.format, self.shape
        )
    }
}

impl std::error::Error for FormatError {}

/// A time of day and, when the text has one, its offset from UTC.
///
/// OpenAPI's `time` is RFC 3339 `full-time`, with an offset; servers also
/// send `09:00:00` alone (a support window's hours, say), which is read
/// with no offset rather than refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TimeOfDay {
    /// The clock time (a leap second as chrono holds it).
    pub time: NaiveTime,
    /// The offset, when the text gives one.
    pub offset: Option<FixedOffset>,
}

impl PartialOrd for TimeOfDay {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// By clock time, then by offset (none first).
impl Ord for TimeOfDay {
    fn cmp(&self, other: &Self) -> Ordering {
        let seconds = |o: Option<FixedOffset>| o.map(|o| o.local_minus_utc());
        self.time
            .cmp(&other.time)
            .then_with(|| seconds(self.offset).cmp(&seconds(other.offset)))
    }
}

impl StringFormat for chrono::DateTime<FixedOffset> {
    const NAME: &'static str = "date-time";
    const SHAPE: &'static str = "RFC 3339, such as 2024-01-31T09:30:00Z";

    fn parse(text: &str) -> Option<Self> {
        let at = text.find(['T', 't', ' '])?;
        let date = parse_date(&text[..at])?;
        let (time, offset) = parse_time(&text[at + 1..])?;
        offset?.from_local_datetime(&date.and_time(time)).single()
    }

    fn write(&self) -> String {
        self.to_rfc3339_opts(SecondsFormat::AutoSi, true)
    }
}

impl StringFormat for NaiveDate {
    const NAME: &'static str = "date";
    const SHAPE: &'static str = "YYYY-MM-DD";

    fn parse(text: &str) -> Option<Self> {
        parse_date(text)
    }

    fn write(&self) -> String {
        self.format("%Y-%m-%d").to_string()
    }
}

impl StringFormat for TimeOfDay {
    const NAME: &'static str = "time";
    const SHAPE: &'static str = "hh:mm:ss with an optional fraction and offset";

    fn parse(text: &str) -> Option<Self> {
        let (time, offset) = parse_time(text)?;
        Some(TimeOfDay { time, offset })
    }

    fn write(&self) -> String {
        let time = self.time.format("%H:%M:%S%.f").to_string();
        match self.offset {
            Some(o) if o.local_minus_utc() == 0 => format!("{time}Z"),
            Some(o) => format!("{time}{o}"),
            None => time,
        }
    }
}

impl StringFormat for uuid::Uuid {
    const NAME: &'static str = "uuid";
    const SHAPE: &'static str = "8-4-4-4-12 hexadecimal digits";

    fn parse(text: &str) -> Option<Self> {
        let groups: Vec<&str> = text.split('-').collect();
        let hyphenated = groups.len() == 5
            && groups
                .iter()
                .zip([8, 4, 4, 4, 12])
                .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()));
        hyphenated.then(|| uuid::Uuid::try_parse(text).ok())?
    }

    fn write(&self) -> String {
        self.hyphenated().to_string()
    }
}

/// Integers written as text: an optional `-` (for signed types) and
/// decimal digits, nothing else (no `+`, spaces or exponent), within range.
macro_rules! integer_text {
    ($($ty:ty => $name:literal, $shape:literal;)*) => {$(
        impl StringFormat for $ty {
            const NAME: &'static str = $name;
            const SHAPE: &'static str = $shape;

            fn parse(text: &str) -> Option<Self> {
                let digits = text.strip_prefix('-').unwrap_or(text);
                let plain = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
                plain.then(|| text.parse().ok())?
            }

            fn write(&self) -> String {
                self.to_string()
            }
        }
    )*};
}

integer_text! {
    i32 => "int32", "a whole number from -2147483648 to 2147483647, as text";
    i64 => "int64", "a whole number from -9223372036854775808 to 9223372036854775807, as text";
    u64 => "uint64", "a whole number from 0 to 18446744073709551615, as text";
}

impl StringFormat for rust_decimal::Decimal {
    const NAME: &'static str = "decimal";
    const SHAPE: &'static str =
        "a decimal number such as -12.50 or 1.5e3, at most 28 significant digits";

    /// `-?digits(.digits)?` with an optional exponent (`e`/`E`, a sign and
    /// digits); the value must fit exactly (no rounding).
    fn parse(text: &str) -> Option<Self> {
        let (mantissa, exponent) = match text.find(['e', 'E']) {
            Some(at) => (&text[..at], Some(&text[at + 1..])),
            None => (text, None),
        };
        let unsigned = mantissa.strip_prefix('-').unwrap_or(mantissa);
        let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, "0"));
        let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
        if !digits(whole) || !digits(fraction) {
            return None;
        }
        match exponent {
            None => rust_decimal::Decimal::from_str_exact(text).ok(),
            Some(e) => {
                let e = e.strip_prefix(['+', '-']).unwrap_or(e);
                digits(e).then(|| rust_decimal::Decimal::from_scientific(text).ok())?
            }
        }
    }

    fn write(&self) -> String {
        self.to_string()
    }
}

/// `YYYY-MM-DD`, digits only, a day of the calendar.
fn parse_date(text: &str) -> Option<NaiveDate> {
    let mut parts = text.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    NaiveDate::from_ymd_opt(digits(y, 4)? as i32, digits(m, 2)?, digits(d, 2)?)
}

/// `hh:mm:ss[.fraction][Z|±hh:mm]`; a second of 60 is a leap second.
fn parse_time(text: &str) -> Option<(NaiveTime, Option<FixedOffset>)> {
    let (clock, offset) = match text.find(['Z', 'z', '+', '-']) {
        Some(at) => (&text[..at], Some(parse_offset(&text[at..])?)),
        None => (text, None),
    };
    let (whole, fraction) = match clock.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (clock, None),
    };
    let mut parts = whole.split(':');
    let (h, m, s) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let (h, m, s) = (digits(h, 2)?, digits(m, 2)?, digits(s, 2)?);
    let nanos = fraction.map_or(Some(0), nanoseconds)?;
    let (s, nanos) = if s == 60 {
        (59, nanos + 1_000_000_000)
    } else {
        (s, nanos)
    };
    let time = NaiveTime::from_hms_nano_opt(h, m, s, nanos)?;
    Some((time, offset))
}

/// `Z`, `z` or `±hh:mm`.
fn parse_offset(text: &str) -> Option<FixedOffset> {
    if text.eq_ignore_ascii_case("z") {
        return FixedOffset::east_opt(0);
    }
    let sign = match text.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let (h, m) = text[1..].split_once(':')?;
    let (h, m) = (digits(h, 2)?, digits(m, 2)?);
    if h > 23 || m > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60) as i32)
}

/// A fraction's digits as nanoseconds; digits past the ninth are kept in
/// the text only.
fn nanoseconds(fraction: &str) -> Option<u32> {
    if fraction.is_empty() || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let kept = &fraction[..fraction.len().min(9)];
    let value: u32 = kept.parse().ok()?;
    Some(value * 10u32.pow(9 - kept.len() as u32))
}

/// Exactly `len` ASCII digits, as a number.
fn digits(text: &str, len: usize) -> Option<u32> {
    (text.len() == len && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}
