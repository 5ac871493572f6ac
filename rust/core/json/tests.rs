use super::element::{push_decoded, push_inline_binary, push_tags};
use super::model;
use super::text::{push_float, push_str};
use super::tree::{self, Json};
use crate::values::{Decoded, TextKind};
use crate::vr::Vr;
use smallvec::smallvec;

fn float(x: f64) -> String {
    let mut s = String::new();
    push_float(&mut s, x);
    s
}

#[test]
fn floats_read_as_python_repr() {
    assert_eq!(float(1.5), "1.5");
    assert_eq!(float(100.0), "100.0");
    assert_eq!(float(-0.0), "-0.0");
    assert_eq!(float(0.0001), "0.0001");
    assert_eq!(float(0.00001), "1e-05");
    assert_eq!(float(1e15), "1000000000000000.0");
    assert_eq!(float(1e16), "1e+16");
    assert_eq!(float(1.5e300), "1.5e+300");
    assert_eq!(float(f64::NAN), "NaN");
    assert_eq!(float(f64::NEG_INFINITY), "-Infinity");
    // A tie at 17 digits goes to even, as Python's repr: ...0625 -> ...062. The
    // literal is the f64's exact value, all of its digits (hence the allow).
    #[allow(clippy::excessive_precision)]
    let tie = -180.535797119140625;
    assert_eq!(float(tie), "-180.53579711914062");
    assert_eq!(float(f64::from(0.1f32)), "0.10000000149011612");
}

#[test]
fn strings_are_escaped_as_ascii() {
    let mut s = String::new();
    push_str(&mut s, "a\"b\\c\n\t\u{1}\u{7f}é山😀");
    assert_eq!(s, r#""a\"b\\c\n\t\u0001\u007f\u00e9\u5c71\ud83d\ude00""#);
}

#[test]
fn elements_are_written_with_sorted_keys() {
    let mut s = String::new();
    assert!(push_decoded(
        &mut s,
        Vr::CS,
        &Decoded::Text(TextKind::Plain, smallvec!["A", ""])
    ));
    assert_eq!(s, r#"{"Value": ["A", ""], "vr": "CS"}"#);
    s.clear();
    assert!(push_decoded(
        &mut s,
        Vr::PN,
        &Decoded::Text(TextKind::PersonName, smallvec!["A^B==C"])
    ));
    assert_eq!(
        s,
        r#"{"Value": [{"Alphabetic": "A^B", "Ideographic": "", "Phonetic": "C"}], "vr": "PN"}"#
    );
    s.clear();
    assert!(push_decoded(
        &mut s,
        Vr::DS,
        &Decoded::Decimal(smallvec![("", None)])
    ));
    assert_eq!(s, r#"{"vr": "DS"}"#);
    s.clear();
    // An empty item among several: pydicom's float("") raises; its path decides.
    assert!(!push_decoded(
        &mut s,
        Vr::DS,
        &Decoded::Decimal(smallvec![("1", Some(1.0)), ("", None)])
    ));
    assert!(s.is_empty());
    push_inline_binary(&mut s, "OB", b"\x01\x02");
    assert_eq!(s, r#"{"InlineBinary": "AQI=", "vr": "OB"}"#);
    s.clear();
    assert!(push_tags(
        &mut s,
        &[0x10, 0, 0x10, 0, 0x08, 0, 0x18, 0],
        true
    ));
    assert_eq!(s, r#"{"Value": ["00100010", "00080018"], "vr": "AT"}"#);
    assert!(!push_tags(&mut s, &[1, 2, 3], true));
}

#[test]
fn model_checks_accept_only_what_pydicom_accepts_silently() {
    assert_eq!(model::tag_of_key("0010001A"), Some(0x0010_001A));
    assert_eq!(model::tag_of_key("0010001"), None);
    assert_eq!(model::tag_of_key("+0010001"), None);
    assert!(model::code_string_ok("ORIGINAL_1 A") && !model::code_string_ok("lower"));
    assert!(model::uid_ok("1.2.840.10008") && !model::uid_ok("1.02") && !model::uid_ok("1..2"));
    assert!(
        model::date_ok("20240229") && !model::date_ok("20241301") && !model::date_ok("2024-01-01")
    );
    assert!(model::time_ok("235960.123456") && model::time_ok("12") && !model::time_ok("2400"));
    assert!(!model::time_ok("1200.5") && !model::time_ok("120000.1234567"));
    assert!(model::short_text_ok("a b", 16) && !model::short_text_ok("a\\b", 16));
    assert_eq!(model::inline_binary("AQI="), Some(vec![1, 2]));
    assert_eq!(model::inline_binary("@@@"), None);
}

#[test]
fn tree_keeps_document_order_and_the_last_of_repeated_keys() {
    let Some(Json::Object(entries)) = tree::parse(br#"{"b": 1, "a": 2.50, "b": "x\u00e9"}"#) else {
        panic!("an object");
    };
    let keys: Vec<&str> = entries.iter().map(|(k, _)| k.as_ref()).collect();
    assert_eq!(keys, ["b", "a"]); // a repeated key keeps its first place, as in a dict
    assert_eq!(tree::get(&entries, "b"), Some(&Json::Str("x\u{e9}".into())));
    let number = tree::get(&entries, "a").expect("a");
    assert_eq!(
        (model::integer(number), model::float(number)),
        (None, Some(2.5))
    );
    assert_eq!(model::float(&Json::Int(3)), Some(3.0));
}

#[test]
fn tree_declines_what_python_must_judge() {
    assert!(tree::parse(b"[NaN]").is_none());
    assert!(tree::parse(br#"["\ud800"]"#).is_none()); // a lone surrogate
    assert!(tree::parse(b"[99999999999999999999]").is_none()); // int beyond 64 bits
    assert!(tree::parse(b"[1e300]").is_none()); // could be such an int: Python decides
    assert_eq!(
        tree::parse(b"[18446744073709551615, -0.5]"),
        Some(Json::Array(vec![Json::UInt(u64::MAX), Json::Float(-0.5)]))
    );
    let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
    assert!(tree::parse(deep.as_bytes()).is_none());
}
