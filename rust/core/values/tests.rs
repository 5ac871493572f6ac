use super::*;
use smallvec::smallvec;

fn d(vr: Vr, bytes: &[u8]) -> Option<Decoded<'_>> {
    decode(vr, bytes, true, Context::default())
}

#[test]
fn text_splits_and_pads_as_pydicom() {
    assert_eq!(
        d(Vr::CS, b"ORIGINAL\\PRIMARY "),
        Some(Decoded::Text(
            TextKind::Plain,
            smallvec!["ORIGINAL", "PRIMARY"]
        ))
    );
    assert_eq!(
        d(Vr::AE, b" STORE \\X"),
        Some(Decoded::Text(TextKind::Plain, smallvec!["STORE", "X"]))
    );
    assert_eq!(
        d(Vr::LO, b"a \\b\0"),
        Some(Decoded::Text(TextKind::Plain, smallvec!["a", "b"]))
    );
    assert_eq!(
        d(Vr::LT, b"one\\two\r\n "),
        Some(Decoded::Text(TextKind::Single, smallvec!["one\\two\r\n"]))
    );
    assert_eq!(
        d(Vr::UR, b"http://x/a b "),
        Some(Decoded::Text(TextKind::Single, smallvec!["http://x/a b"]))
    );
}

#[test]
fn values_pydicom_would_warn_about_take_the_full_path() {
    assert_eq!(d(Vr::SH, &[b'x'; 17]), None, "SH longer than 16");
    assert_eq!(
        d(Vr::UI, b"1.02.3\0"),
        None,
        "leading zero in a UID component"
    );
    assert_eq!(d(Vr::IS, b"1.5 "), None, "IS with a fraction");
    assert_eq!(d(Vr::DS, b"abc "), None);
    assert_eq!(
        d(Vr::LO, "é".as_bytes()),
        None,
        "non-ASCII needs the character set"
    );
    assert_eq!(d(Vr::AE, b"A\tB"), None);
    assert_eq!(d(Vr::PN, b"A^B\\C^D"), None, "several names");
    assert_eq!(d(Vr::PN, b"a=b=c=d"), None, "four component groups");
    assert_eq!(d(Vr::US, b"\x01"), None, "odd byte count");
    assert_eq!(d(Vr::AT, b"\x10\x00\x10\x00"), None);
}

#[test]
fn numbers_in_both_byte_orders() {
    assert_eq!(
        d(Vr::US, &[0x00, 0x02]),
        Some(Decoded::Unsigned(smallvec![512]))
    );
    assert_eq!(
        decode(Vr::US, &[0x02, 0x00], false, Context::default()),
        Some(Decoded::Unsigned(smallvec![512]))
    );
    assert_eq!(
        d(Vr::SS, &[0xFF, 0xFF, 0x02, 0x00]),
        Some(Decoded::Signed(smallvec![-1, 2]))
    );
    assert_eq!(
        d(Vr::FL, &0.25f32.to_le_bytes()),
        Some(Decoded::Float(smallvec![0.25]))
    );
    assert_eq!(
        d(Vr::UV, &u64::MAX.to_le_bytes()),
        Some(Decoded::Unsigned(smallvec![u64::MAX]))
    );
}

#[test]
fn decimal_and_integer_strings() {
    assert_eq!(
        d(Vr::DS, b" 1.5\\-2e3\\.5 "),
        Some(Decoded::Decimal(smallvec![
            ("1.5", Some(1.5)),
            ("-2e3", Some(-2000.0)),
            (".5", Some(0.5))
        ]))
    );
    assert_eq!(
        d(Vr::DS, b"1\\\\2"),
        Some(Decoded::Decimal(smallvec![
            ("1", Some(1.0)),
            ("", None),
            ("2", Some(2.0))
        ]))
    );
    assert_eq!(
        d(Vr::IS, b" 42\\-7 "),
        Some(Decoded::Integer(smallvec![
            ("42", Some(42)),
            ("-7", Some(-7))
        ]))
    );
    let strict = Context { strict: true };
    assert_eq!(
        decode(Vr::DS, b"0.12345678901234567", true, strict),
        None,
        "over 16 characters"
    );
    assert_eq!(
        decode(Vr::IS, b"3000000000", true, strict),
        None,
        "outside 32 bits"
    );
    assert!(decode(Vr::IS, b"3000000000", true, Context::default()).is_some());
}

#[test]
fn uids_and_names() {
    assert_eq!(
        d(Vr::UI, b"1.2.840.10008.1.2\0"),
        Some(Decoded::Text(TextKind::Uid, smallvec!["1.2.840.10008.1.2"]))
    );
    assert_eq!(
        d(Vr::PN, b"Doe^John== "),
        Some(Decoded::Text(TextKind::PersonName, smallvec!["Doe^John=="]))
    );
    assert_eq!(person_name_groups("Doe^John=="), ["Doe^John"]);
    assert_eq!(person_name_groups(""), Vec::<&str>::new());
}
