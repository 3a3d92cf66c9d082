//! The typed formats of the runtime (`DateTime`, `Date`, `Time`, `Uuid`,
//! and numbers written as text: `Int32`, `Int64`, `UInt64`, `Decimal`):
//! every text they accept is written back byte for byte (offsets, `Z` and
//! `z`, fractions of any length), the values are what the text says, texts
//! that are not of the format are refused with a message, and a response
//! holding one is a decode error that names where, not a panic.

mod common;

use common::MockServer;
use paylink::codegen::chrono::{
    DateTime as ChronoDateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone, Timelike, Utc,
};
use paylink::codegen::rust_decimal::Decimal as Exact;
use paylink::codegen::{
    self as rt, Date, DateTime, Decimal, Error, Int32, Int64, Time, UInt64, Uuid,
};
use serde_json::json;

/// `text` through JSON and back: the value read and the text written.
fn round_trip<T>(text: &str) -> T
where
    T: serde::de::DeserializeOwned + serde::Serialize,
{
    let json = serde_json::to_string(text).expect("a JSON string");
    let value: T = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{text}: {e}"));
    assert_eq!(
        serde_json::to_string(&value).expect("serializes"),
        json,
        "written back as read"
    );
    value
}

/// Whether `text` is refused as `T`, through JSON and through `FromStr`.
fn refused<T>(text: &str) -> bool
where
    T: serde::de::DeserializeOwned + std::str::FromStr,
{
    let json = serde_json::to_string(text).expect("a JSON string");
    serde_json::from_str::<T>(&json).is_err() && text.parse::<T>().is_err()
}

fn offset(seconds: i32) -> FixedOffset {
    FixedOffset::east_opt(seconds).expect("an offset")
}

#[test]
fn date_times_keep_their_offset_spelling_and_mean_the_instant_they_say() {
    let cases = [
        ("2024-03-05T10:00:00Z", 0),
        ("2024-03-05t10:00:00z", 0),
        ("2024-03-05T10:00:00+00:00", 0),
        ("2024-03-05T10:00:00-00:00", 0),
        ("2024-03-05 10:00:00Z", 0),
        ("2024-03-05T15:30:00+05:30", 19_800),
        ("2024-03-05T00:01:00-23:59", -86_340),
    ];
    for (text, east) in cases {
        let at: DateTime = round_trip(text);
        assert_eq!(at.value().offset(), &offset(east), "{text}");
        assert_eq!(at.as_str(), text);
    }
    let utc: DateTime = round_trip("2024-03-05T10:00:00Z");
    let india: DateTime = round_trip("2024-03-05T15:30:00+05:30");
    assert_eq!(utc.value(), india.value(), "the same instant");
    assert_ne!(utc, india, "but not the same text");
    let plus: DateTime = round_trip("2024-03-05T10:00:00+00:00");
    assert_ne!(utc, plus, "`Z` and `+00:00` stay apart");
}

#[test]
fn date_time_fractions_of_any_length_are_read_to_the_nanosecond_and_kept() {
    let cases = [
        ("2024-03-05T10:00:00.5Z", 500_000_000),
        ("2024-03-05T10:00:00.120Z", 120_000_000),
        ("2024-03-05T10:00:00.123456+01:00", 123_456_000),
        ("2024-03-05T10:00:00.000000001Z", 1),
        ("2024-03-05T10:00:00.999999999Z", 999_999_999),
        ("2024-03-05T10:00:00.123456789123Z", 123_456_789),
        ("2024-03-05T10:00:00.000Z", 0),
    ];
    for (text, nanos) in cases {
        let at: DateTime = round_trip(text);
        assert_eq!(at.value().nanosecond(), nanos, "{text}");
    }
}

#[test]
fn calendar_edges_are_read_as_the_calendar_says() {
    for text in [
        "2024-02-29T12:00:00Z",
        "2000-02-29T12:00:00Z",
        "0000-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999999999Z",
        "2016-12-31T23:59:60Z",
    ] {
        round_trip::<DateTime>(text);
    }
    let leap: DateTime = round_trip("2016-12-31T23:59:60Z");
    let before = Utc
        .with_ymd_and_hms(2016, 12, 31, 23, 59, 59)
        .single()
        .expect("a time");
    assert!(leap.value() > &before, "a leap second follows :59");
    for text in [
        "2023-02-29T12:00:00Z",
        "1900-02-29T12:00:00Z",
        "2024-04-31T12:00:00Z",
        "2024-13-01T00:00:00Z",
        "2024-03-05T24:00:00Z",
        "2024-03-05T10:60:00Z",
        "2024-03-05T10:00:61Z",
        "2024-03-05T10:00:00",
        "2024-03-05T10:00:00+0100",
        "2024-03-05T10:00:00+24:00",
        "2024-03-05T10:00:00.Z",
        "2024-03-05T10:00Z",
        "24-03-05T10:00:00Z",
        "+2024-03-05T10:00:00Z",
        "2024-03-05",
        "",
    ] {
        assert!(refused::<DateTime>(text), "{text}");
    }
}

#[test]
fn dates_are_full_dates_of_the_calendar() {
    for text in [
        "2024-02-29",
        "2000-02-29",
        "2023-12-31",
        "0000-01-01",
        "9999-12-31",
    ] {
        let day: Date = round_trip(text);
        assert_eq!(day.value().format("%Y-%m-%d").to_string(), text);
    }
    for text in [
        "2023-02-29",
        "2100-02-29",
        "2024-06-31",
        "2024-00-10",
        "2024-1-05",
        "2024-01-5",
        "20240105",
        "2024-01-05T00:00:00Z",
        " 2024-01-05",
        "",
    ] {
        assert!(refused::<Date>(text), "{text}");
    }
}

#[test]
fn times_keep_their_offset_or_its_absence() {
    let cases = [
        ("09:00:00", None, 0),
        ("09:00:00Z", Some(0), 0),
        ("09:00:00.5+01:00", Some(3_600), 500_000_000),
        ("23:59:59.999999-05:00", Some(-18_000), 999_999_000),
        ("00:00:00.123456789z", Some(0), 123_456_789),
    ];
    for (text, east, nanos) in cases {
        let time: Time = round_trip(text);
        assert_eq!(time.value().offset, east.map(offset), "{text}");
        assert_eq!(time.value().time.nanosecond(), nanos, "{text}");
    }
    for text in [
        "24:00:00",
        "09:00",
        "9:00:00",
        "09:00:00+1:00",
        "09:00:00 Z",
        "",
    ] {
        assert!(refused::<Time>(text), "{text}");
    }
}

#[test]
fn uuids_keep_their_case_and_must_be_hyphenated() {
    let text = "550E8400-e29b-41d4-A716-446655440000";
    let id: Uuid = round_trip(text);
    let lower = "550e8400-e29b-41d4-a716-446655440000";
    assert_eq!(id.value().hyphenated().to_string(), lower);
    assert_ne!(id, round_trip::<Uuid>(lower), "the text differs");
    for text in [
        "550e8400e29b41d4a716446655440000",
        "{550e8400-e29b-41d4-a716-446655440000}",
        "urn:uuid:550e8400-e29b-41d4-a716-446655440000",
        "550e8400-e29b-41d4-a716-44665544000g",
        "550e8400-e29b-41d4-a716",
        "",
    ] {
        assert!(refused::<Uuid>(text), "{text}");
    }
}

#[test]
fn values_built_in_rust_are_written_in_the_canonical_form() {
    let utc: ChronoDateTime<Utc> = Utc
        .with_ymd_and_hms(2024, 3, 5, 10, 0, 0)
        .single()
        .expect("a time");
    let at = DateTime::new(utc.fixed_offset());
    assert_eq!(at.as_str(), "2024-03-05T10:00:00Z");
    let paris = offset(3_600)
        .with_ymd_and_hms(2024, 3, 5, 11, 0, 0)
        .single()
        .expect("a time")
        .with_nanosecond(500_000_000)
        .expect("a fraction");
    assert_eq!(
        DateTime::from(paris).as_str(),
        "2024-03-05T11:00:00.500+01:00"
    );
    let day = NaiveDate::from_ymd_opt(2024, 2, 29).expect("a day");
    assert_eq!(Date::new(day).as_str(), "2024-02-29");
    let clock = NaiveTime::from_hms_opt(9, 5, 0).expect("a time");
    let open = Time::new(rt::TimeOfDay {
        time: clock,
        offset: None,
    });
    assert_eq!(open.as_str(), "09:05:00");
    let id = Uuid::new(paylink::codegen::uuid::Uuid::from_u128(0xABCD));
    assert_eq!(id.as_str(), "00000000-0000-0000-0000-00000000abcd");
    for (built, text) in [
        (at.to_string(), "2024-03-05T10:00:00Z"),
        (Date::new(day).to_string(), "2024-02-29"),
    ] {
        assert_eq!(built, text, "Display writes the text");
    }
}

#[test]
fn ordering_follows_the_instant_and_equality_the_text() {
    let early: DateTime = round_trip("2024-03-05T12:00:00+05:00");
    let late: DateTime = round_trip("2024-03-05T08:00:00Z");
    assert!(early < late, "07:00 UTC before 08:00 UTC");
    let mut days: Vec<Date> = ["2024-03-01", "2023-12-31", "2024-02-29"]
        .iter()
        .map(|t| t.parse().expect("a date"))
        .collect();
    days.sort();
    let sorted: Vec<&str> = days.iter().map(Date::as_str).collect();
    assert_eq!(sorted, ["2023-12-31", "2024-02-29", "2024-03-01"]);
}

#[test]
fn a_refusal_says_which_format_and_what_was_sent() {
    let error = "2024-02-30".parse::<Date>().expect_err("no such day");
    assert_eq!(
        error.to_string(),
        r#""2024-02-30" is not a valid `date` (YYYY-MM-DD)"#
    );
    let long = "9".repeat(10_000);
    let message = long
        .parse::<DateTime>()
        .expect_err("not a time")
        .to_string();
    assert!(message.len() < 200, "the text is cut: {message}");
}

#[tokio::test]
async fn a_response_date_that_is_not_one_is_a_decode_error_naming_its_path() {
    let server = MockServer::start().await;
    let link = json!({
        "link_id": "L1", "link_url": "https://pay.example/L1", "amount": "10.00",
        "is_complete": false, "is_delete": false,
        "created_at": "2024-05-01T09:30:00Z", "updated_at": "yesterday"
    });
    server.respond_json(200, json!({"status": 200, "message": "ok", "data": link}));
    let client = paylink::onepay::Client::with_base_url(&server.base_url)
        .with_company_api_key("key")
        .with_retry(rt::RetryPolicy::none());
    let error = client
        .get_payment_link("L1", "app")
        .send()
        .await
        .expect_err("updated_at is not a date-time");
    let Error::Decode { message, .. } = &error else {
        panic!("{error:?}")
    };
    assert!(message.starts_with("at `data.updated_at`"), "{message}");
    assert!(
        message.contains("\"yesterday\" is not a valid `date-time`"),
        "{message}"
    );
}

#[test]
fn integers_written_as_text_are_exact_past_what_a_json_number_keeps() {
    // 2^53 + 1: a JSON number read as f64 would come back as 2^53.
    let id: Int64 = round_trip("9007199254740993");
    assert_eq!(*id.value(), 9_007_199_254_740_993);
    let least: Int64 = round_trip("-9223372036854775808");
    assert_eq!(*least.value(), i64::MIN);
    let most: UInt64 = round_trip("18446744073709551615");
    assert_eq!(*most.value(), u64::MAX);
    let small: Int32 = round_trip("-42");
    assert_eq!(*small.value(), -42);
    // Leading zeros are a number's text too: kept as sent.
    let padded: Int32 = round_trip("007");
    assert_eq!((*padded.value(), padded.as_str()), (7, "007"));
    assert_eq!(Int64::new(-5).as_str(), "-5");
}

#[test]
fn integer_texts_out_of_range_or_not_plain_digits_are_refused() {
    for text in [
        "",
        "-",
        "+1",
        " 1",
        "1 ",
        "1e3",
        "1.0",
        "0x10",
        "9223372036854775808",
    ] {
        assert!(refused::<Int64>(text), "{text:?} as int64");
    }
    for text in ["2147483648", "-2147483649"] {
        assert!(refused::<Int32>(text), "{text:?} as int32");
    }
    assert!(refused::<UInt64>("-1"));
    assert!(refused::<UInt64>("18446744073709551616"));
}

#[test]
fn decimals_are_read_exactly_and_keep_their_scale() {
    let price: Decimal = round_trip("10.50");
    assert_eq!(*price.value(), Exact::new(1050, 2));
    assert_eq!(price.value().scale(), 2, "the trailing zero is kept");
    let tiny: Decimal = round_trip("-0.0000000000000000000000000001");
    assert_eq!(*tiny.value(), Exact::new(-1, 28));
    let scientific: Decimal = round_trip("1.5e3");
    assert_eq!(*scientific.value(), Exact::new(1500, 0));
    let negative_exponent: Decimal = round_trip("25E-2");
    assert_eq!(*negative_exponent.value(), Exact::new(25, 2));
    let whole: Decimal = round_trip("79228162514264337593543950335");
    assert_eq!(*whole.value(), Exact::MAX);
    // Built from a value: its own text, scale included.
    assert_eq!(Decimal::new(Exact::new(-1990, 2)).as_str(), "-19.90");
    // Equal amounts written differently are different texts, ordered by value.
    let (a, b): (Decimal, Decimal) = (round_trip("1.5"), round_trip("1.50"));
    assert_ne!(a, b);
    assert_eq!(a.value(), b.value());
    assert!(a < b, "same value, then by text");
}

#[test]
fn decimal_texts_that_are_not_plain_or_do_not_fit_are_refused() {
    for text in [
        "",
        "-",
        ".5",
        "5.",
        "+1",
        "1,5",
        "1 000",
        "0x1",
        "1e",
        "1e+",
        "NaN",
        "inf",
        // 2^96: one past the largest, and more digits than fit without rounding.
        "79228162514264337593543950336",
        "0.12345678901234567890123456789",
    ] {
        assert!(refused::<Decimal>(text), "{text:?} as decimal");
    }
}
