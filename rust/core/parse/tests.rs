use super::*;
use crate::index::ValueRef;

/// Explicit VR little endian element: tag, VR, (2- or 4-byte) length, value.
fn ex(group: u16, elem: u16, vr: &[u8; 2], value: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend(group.to_le_bytes());
    out.extend(elem.to_le_bytes());
    out.extend(vr);
    if Vr::from_bytes(*vr).is_some_and(|v| v.has_long_length()) {
        out.extend([0, 0]);
        out.extend((value.len() as u32).to_le_bytes());
    } else {
        out.extend((value.len() as u16).to_le_bytes());
    }
    out.extend(value);
    out
}

/// Implicit VR little endian element: tag, 4-byte length, value.
fn im(group: u16, elem: u16, value: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend(group.to_le_bytes());
    out.extend(elem.to_le_bytes());
    out.extend((value.len() as u32).to_le_bytes());
    out.extend(value);
    out
}

/// A tag with an explicit length field (e.g. 0xFFFFFFFF), implicit VR form.
fn marker(group: u16, elem: u16, length: u32) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend(group.to_le_bytes());
    out.extend(elem.to_le_bytes());
    out.extend(length.to_le_bytes());
    out
}

/// Preamble, 'DICM' and a file meta group naming `syntax`.
fn file_header(syntax: &str) -> Vec<u8> {
    let mut uid = syntax.as_bytes().to_vec();
    if uid.len() % 2 == 1 {
        uid.push(0);
    }
    let mut out = vec![0u8; 128];
    out.extend(b"DICM");
    out.extend(ex(0x0002, 0x0010, b"UI", &uid));
    out
}

fn bytes_of<'a>(data: &'a [u8], v: &ValueRef) -> &'a [u8] {
    match v.range() {
        Some(r) => &data[r],
        None => panic!("not bytes: {v:?}"),
    }
}

#[test]
fn implicit_little_endian_file() {
    let mut data = file_header("1.2.840.10008.1.2");
    data.extend(im(0x0008, 0x0060, b"CT")); // Modality
    data.extend(im(0x0010, 0x0010, b"Doe^John")); // Patient's Name
    let parsed = parse_file(&data, &ReadOptions::default()).unwrap();
    assert_eq!(parsed.preamble, Some(0..128));
    assert_eq!((parsed.implicit_vr, parsed.little_endian), (true, true));
    assert_eq!(parsed.meta.elements.len(), 1);
    assert!(parsed.command.elements.is_empty());
    let names: Vec<u32> = parsed.dataset.elements.iter().map(|e| e.tag).collect();
    assert_eq!(names, [0x0008_0060, 0x0010_0010]);
    let pn = parsed.dataset.get(0x0010_0010).unwrap();
    assert_eq!((pn.vr, pn.length), (None, 8));
    assert_eq!(bytes_of(&data, &pn.value), b"Doe^John");
    // value_tell: header (132 + meta) + this element's 8-byte header.
    assert_eq!(parsed.dataset.value_tell(pn) as usize, data.len() - 8);
    assert!(parsed.warnings.is_empty());
}

#[test]
fn missing_dicm_needs_force() {
    let data = im(0x0008, 0x0060, b"CT");
    assert_eq!(
        parse_file(&data, &ReadOptions::default()).unwrap_err(),
        Error::NotDicom
    );
    let forced = parse_file(
        &data,
        &ReadOptions {
            force: true,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(forced.preamble, None);
    assert_eq!(forced.dataset.elements[0].tag, 0x0008_0060);
    assert_eq!(
        parse_file(
            b"",
            &ReadOptions {
                force: true,
                ..Default::default()
            }
        )
        .unwrap()
        .dataset
        .elements
        .len(),
        0
    );
}

#[test]
fn no_transfer_syntax_guesses_from_the_data() {
    let mut data = vec![0u8; 128];
    data.extend(b"DICM");
    data.extend(ex(0x0008, 0x0060, b"CS", b"CT"));
    let parsed = parse_file(&data, &ReadOptions::default()).unwrap();
    assert_eq!((parsed.implicit_vr, parsed.little_endian), (false, true));
    assert_eq!(parsed.dataset.elements[0].vr, Some(*b"CS"));
}

#[test]
fn undefined_length_sequences_and_items() {
    let mut data = file_header("1.2.840.10008.1.2.1");
    let mut seq = Vec::new();
    seq.extend(ex(0x0008, 0x1115, b"SQ", b"")[..8].to_vec()); // tag, "SQ", 00 00
    seq.extend(UNDEFINED_BYTES);
    seq.extend(marker(0xFFFE, 0xE000, 0xFFFF_FFFF)); // item, undefined length
    seq.extend(ex(0x0008, 0x1150, b"UI", b"1.2\0"));
    seq.extend(marker(0xFFFE, 0xE00D, 0)); // item delimiter
    seq.extend(marker(0xFFFE, 0xE000, 10)); // item, defined length
    seq.extend(ex(0x0020, 0x0013, b"IS", b"7 ")); // 10 bytes
    seq.extend(marker(0xFFFE, 0xE0DD, 0)); // sequence delimiter
    data.extend(&seq);
    data.extend(ex(0x0010, 0x0010, b"PN", b"A^B "));
    let parsed = parse_file(&data, &ReadOptions::default()).unwrap();
    let sq = parsed.dataset.get(0x0008_1115).unwrap();
    assert_eq!(sq.length, 0xFFFF_FFFF);
    assert_eq!(sq.resolved_vr(), Some("SQ"));
    let ValueRef::Sequence(s) = &sq.value else {
        panic!("not a sequence")
    };
    assert!(s.undefined_length);
    assert_eq!(s.items.len(), 2);
    assert!(s.items[0].undefined_length && !s.items[1].undefined_length);
    assert_eq!(s.items[0].dataset.elements[0].tag, 0x0008_1150);
    assert_eq!(s.items[1].dataset.elements[0].tag, 0x0020_0013);
    assert_eq!(
        parsed.dataset.get(0x0010_0010).map(|e| e.tag),
        Some(0x0010_0010),
        "reading resumes after the delimiter"
    );
}

const UNDEFINED_BYTES: [u8; 4] = [0xFF; 4];

#[test]
fn defined_length_sequences_stay_raw_until_parsed() {
    let mut items = Vec::new();
    items.extend(marker(0xFFFE, 0xE000, 10));
    items.extend(ex(0x0008, 0x0100, b"SH", b"12"));
    let mut data = file_header("1.2.840.10008.1.2.1");
    data.extend(ex(0x0008, 0x1032, b"SQ", &items));
    let parsed = parse_file(&data, &ReadOptions::default()).unwrap();
    let sq = parsed.dataset.get(0x0008_1032).unwrap();
    let range = sq.value.range().unwrap();
    let tell = parsed.dataset.value_tell(sq);
    let (seq, warnings) =
        parse_sequence_value(&data, range, tell, false, true, &ReadOptions::default(), 1).unwrap();
    assert!(warnings.is_empty());
    assert_eq!(seq.items.len(), 1);
    let inner = &seq.items[0].dataset.elements[0];
    assert_eq!(inner.tag, 0x0008_0100);
    // Inside a defined-length sequence, tells count from the sequence value.
    assert_eq!(seq.items[0].dataset.value_tell(inner), 16);
    assert_eq!(seq.items[0].item_tell, tell);
}

#[test]
fn encapsulated_pixel_data_runs_to_the_sequence_delimiter() {
    let mut data = file_header("1.2.840.10008.1.2.5");
    data.extend(&ex(0x7FE0, 0x0010, b"OB", b"")[..8]);
    data.extend(UNDEFINED_BYTES);
    let value_start = data.len();
    data.extend(marker(0xFFFE, 0xE000, 0)); // basic offset table
    data.extend(marker(0xFFFE, 0xE000, 4));
    data.extend([1, 2, 3, 4]);
    let value_end = data.len();
    data.extend(marker(0xFFFE, 0xE0DD, 0));
    let parsed = parse_file(&data, &ReadOptions::default()).unwrap();
    let px = parsed.dataset.get(0x7FE0_0010).unwrap();
    assert_eq!(px.value.range(), Some(value_start..value_end));
    assert_eq!(px.resolved_vr(), Some("OB"));
}

#[test]
fn missing_delimiter_is_a_warning_or_in_strict_mode_an_error() {
    let mut data = file_header("1.2.840.10008.1.2.1");
    data.extend(ex(0x0008, 0x0060, b"CS", b"CT"));
    data.extend(&ex(0x7FE0, 0x0010, b"OB", b"")[..8]);
    data.extend(UNDEFINED_BYTES);
    data.extend([9u8; 20]);
    let parsed = parse_file(&data, &ReadOptions::default()).unwrap();
    assert_eq!(parsed.warnings, [ParseWarning::MissingDelimiter]);
    assert_eq!(parsed.dataset.elements.len(), 1, "what came before is kept");
    let strict = ReadOptions {
        strict: true,
        ..Default::default()
    };
    assert!(matches!(
        parse_file(&data, &strict),
        Err(Error::MissingDelimiter { .. })
    ));
}

#[test]
fn explicit_data_read_as_implicit_switches_with_a_warning() {
    let mut data = file_header("1.2.840.10008.1.2");
    data.extend(ex(0x0008, 0x0060, b"CS", b"CT"));
    let parsed = parse_file(&data, &ReadOptions::default()).unwrap();
    assert_eq!(
        parsed.warnings,
        [ParseWarning::VrEncodingSwitch {
            expected: "implicit",
            found: "explicit"
        }]
    );
    assert_eq!(parsed.dataset.elements[0].vr, Some(*b"CS"));
    assert!(!parsed.dataset.implicit_vr);
    assert!(
        parsed.implicit_vr,
        "the file keeps the transfer syntax's encoding"
    );
    let strict = ReadOptions {
        strict: true,
        ..Default::default()
    };
    assert!(matches!(
        parse_file(&data, &strict),
        Err(Error::VrEncodingMismatch { .. })
    ));
}

#[test]
fn big_endian_values_and_headers() {
    let mut data = file_header("1.2.840.10008.1.2.2");
    data.extend([0x00, 0x28, 0x00, 0x10, b'U', b'S', 0x00, 0x02, 0x02, 0x00]); // Rows = 512
    let parsed = parse_file(&data, &ReadOptions::default()).unwrap();
    assert_eq!((parsed.implicit_vr, parsed.little_endian), (false, false));
    let rows = parsed.dataset.get(0x0028_0010).unwrap();
    assert_eq!(bytes_of(&data, &rows.value), [0x02, 0x00]);
}

#[test]
fn deflated_datasets_are_inflated() {
    use std::io::Write;
    let body = ex(0x0010, 0x0020, b"LO", b"ID12");
    let mut enc = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(&body).unwrap();
    let mut data = file_header("1.2.840.10008.1.2.1.99");
    data.extend(enc.finish().unwrap());
    let parsed = parse_file(&data, &ReadOptions::default()).unwrap();
    let inflated = parsed.inflated.as_deref().unwrap();
    assert_eq!(
        bytes_of(inflated, &parsed.dataset.get(0x0010_0020).unwrap().value),
        b"ID12"
    );
    let mut broken = file_header("1.2.840.10008.1.2.1.99");
    broken.extend([0xFF; 16]);
    assert!(matches!(
        parse_file(&broken, &ReadOptions::default()),
        Err(Error::Inflate { .. })
    ));
}

#[test]
fn stop_before_pixels_specific_tags_and_defer_size() {
    let mut data = file_header("1.2.840.10008.1.2.1");
    data.extend(ex(0x0008, 0x0005, b"CS", b"ISO_IR 100"));
    data.extend(ex(0x0008, 0x0060, b"CS", b"CT"));
    data.extend(ex(0x0010, 0x0010, b"PN", b"Long^Name^Here"));
    data.extend(ex(0x7FE0, 0x0010, b"OW", &[0u8; 8]));
    let stop = ReadOptions {
        stop_before_pixels: true,
        ..Default::default()
    };
    let parsed = parse_file(&data, &stop).unwrap();
    assert!(parsed.dataset.get(0x7FE0_0010).is_none());
    let only = ReadOptions {
        specific_tags: Some(vec![0x0010_0010]),
        ..Default::default()
    };
    let tags: Vec<u32> = parse_file(&data, &only)
        .unwrap()
        .dataset
        .elements
        .iter()
        .map(|e| e.tag)
        .collect();
    assert_eq!(
        tags,
        [0x0008_0005, 0x0010_0010],
        "the character set is always kept"
    );
    let defer = ReadOptions {
        defer_size: Some(10),
        ..Default::default()
    };
    let parsed = parse_file(&data, &defer).unwrap();
    assert!(matches!(
        parsed.dataset.get(0x0010_0010).unwrap().value,
        ValueRef::Deferred { .. }
    ));
    assert!(matches!(
        parsed.dataset.get(0x0008_0060).unwrap().value,
        ValueRef::Bytes { .. }
    ));
    assert!(
        matches!(
            parsed.dataset.get(0x0008_0005).unwrap().value,
            ValueRef::Bytes { .. }
        ),
        "never deferred"
    );
}

#[test]
fn repeated_tags_keep_the_last_and_unsorted_tags_still_resolve() {
    let mut data = file_header("1.2.840.10008.1.2.1");
    data.extend(ex(0x0010, 0x0020, b"LO", b"AA"));
    data.extend(ex(0x0008, 0x0060, b"CS", b"CT"));
    data.extend(ex(0x0010, 0x0020, b"LO", b"BB"));
    let parsed = parse_file(&data, &ReadOptions::default()).unwrap();
    assert_eq!(parsed.dataset.elements.len(), 2);
    assert!(!parsed.dataset.sorted());
    assert_eq!(
        bytes_of(&data, &parsed.dataset.get(0x0010_0020).unwrap().value),
        b"BB"
    );
}

fn nested_sequences(depth: usize) -> Vec<u8> {
    let mut data = file_header("1.2.840.10008.1.2.1");
    for _ in 0..depth {
        data.extend(&ex(0x0040, 0xA730, b"SQ", b"")[..8]);
        data.extend(UNDEFINED_BYTES);
        data.extend(marker(0xFFFE, 0xE000, 0xFFFF_FFFF));
    }
    for _ in 0..depth {
        data.extend(marker(0xFFFE, 0xE00D, 0));
        data.extend(marker(0xFFFE, 0xE0DD, 0));
    }
    data
}

#[test]
fn nesting_is_bounded() {
    assert!(parse_file(&nested_sequences(50), &ReadOptions::default()).is_ok());
    let err = parse_file(&nested_sequences(10_000), &ReadOptions::default()).unwrap_err();
    assert!(matches!(err, Error::TooDeep { .. }), "{err:?}");
}

#[test]
fn every_truncation_parses_or_fails_cleanly() {
    let mut data = file_header("1.2.840.10008.1.2.1");
    data.extend(ex(0x0008, 0x0060, b"CS", b"CT"));
    data.extend(&nested_sequences(3)[data.len() - 6..]);
    data.extend(&ex(0x7FE0, 0x0010, b"OB", b"")[..8]);
    data.extend(UNDEFINED_BYTES);
    data.extend(marker(0xFFFE, 0xE000, 2));
    data.extend([7, 7]);
    data.extend(marker(0xFFFE, 0xE0DD, 0));
    for cut in 0..=data.len() {
        for force in [false, true] {
            let opts = ReadOptions {
                force,
                ..Default::default()
            };
            // Either result is fine; what matters is no panic and no hang.
            let _ = parse_file(&data[..cut], &opts);
        }
    }
}

#[test]
fn garbage_vr_codes_and_huge_lengths_do_not_overrun() {
    let mut data = file_header("1.2.840.10008.1.2.1");
    data.extend([0x08, 0x00, 0x60, 0x00, b'Q', b'Q', 0xFF, 0xFF, 1, 2]); // unknown VR, long length
    data.extend([
        0x10, 0x00, 0x10, 0x00, b'O', b'B', 0, 0, 0xFE, 0xFF, 0xFF, 0x7F,
    ]);
    let parsed = parse_file(&data, &ReadOptions::default()).unwrap();
    let first = &parsed.dataset.elements[0];
    assert_eq!((first.vr, first.length), (Some(*b"QQ"), 0xFFFF));
    assert!(first.value.range().unwrap().end <= data.len());
}

#[test]
fn descending_tags_are_indexed() {
    // 20,000 elements in descending tag order: every push is out of order.
    let mut data = file_header("1.2.840.10008.1.2.1");
    for i in (0..20_000u32).rev() {
        data.extend(ex(0x0009, 0x1000 + (i % 0xEFFF) as u16, b"SH", b"ab"));
        data.extend(ex(0x0011 + 2 * (i / 0xEFFF) as u16, 0x1000, b"SH", b"cd"));
    }
    let parsed = parse_file(&data, &ReadOptions::default()).unwrap();
    assert!(!parsed.dataset.sorted(), "looked up through the hash index");
    assert_eq!(
        parsed.dataset.elements.len(),
        20_001,
        "(0011,1000) repeats: the last one stays"
    );
    assert!(parsed.dataset.get(0x0009_1000).is_some());
}
