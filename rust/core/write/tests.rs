use super::emit::{header_vr, Emitter, Encoding};
use super::index::{copyable, write_dataset, CopyRules};
use super::numbers::{put_tag, Format};
use super::text::put_joined;
use crate::parse::{parse_file, ReadOptions};

const EXPLICIT_LE: Encoding = Encoding {
    implicit_vr: false,
    little_endian: true,
};
const IMPLICIT_LE: Encoding = Encoding {
    implicit_vr: true,
    little_endian: true,
};
const EXPLICIT_BE: Encoding = Encoding {
    implicit_vr: false,
    little_endian: false,
};

#[test]
fn explicit_headers_have_short_and_long_forms() {
    let mut em = Emitter::new(EXPLICIT_LE);
    em.header(0x0010_0010, b"PN", 4, false);
    assert_eq!(em.out, [0x10, 0, 0x10, 0, b'P', b'N', 4, 0]);
    em.out.clear();
    em.header(0x7FE0_0010, b"OB", 6, false);
    assert_eq!(em.out, [0xE0, 0x7F, 0x10, 0, b'O', b'B', 0, 0, 6, 0, 0, 0]);
    em.out.clear();
    // Undefined length with a short VR: pydicom writes a 4-byte length anyway.
    em.header(0x0009_1001, b"LO", 0, true);
    assert_eq!(em.out, [9, 0, 1, 0x10, b'L', b'O', 0xFF, 0xFF, 0xFF, 0xFF]);
}

#[test]
fn implicit_and_big_endian_headers() {
    let mut em = Emitter::new(IMPLICIT_LE);
    em.header(0x0008_0060, b"CS", 2, false);
    assert_eq!(em.out, [8, 0, 0x60, 0, 2, 0, 0, 0]);
    let mut em = Emitter::new(EXPLICIT_BE);
    em.header(0x0028_0010, b"US", 2, false);
    assert_eq!(em.out, [0, 0x28, 0, 0x10, b'U', b'S', 0, 2]);
}

#[test]
fn long_values_in_short_headers_become_un() {
    assert_eq!(header_vr(b"LO", 0x1_0000, false, EXPLICIT_LE), b"UN");
    assert_eq!(header_vr(b"LO", 0xFFFF, false, EXPLICIT_LE), b"LO");
    assert_eq!(header_vr(b"LO", 0x1_0000, false, IMPLICIT_LE), b"LO");
    assert_eq!(header_vr(b"OB", 0x1_0000, false, EXPLICIT_LE), b"OB");
}

#[test]
fn items_are_patched_or_delimited() {
    let mut em = Emitter::new(IMPLICIT_LE);
    let at = em.begin_item();
    em.bytes(&[1, 2, 3, 4]);
    em.end_item(at, false).unwrap();
    assert_eq!(em.out, [0xFE, 0xFF, 0, 0xE0, 4, 0, 0, 0, 1, 2, 3, 4]);
    em.out.clear();
    let at = em.begin_item();
    em.end_item(at, true).unwrap();
    em.sequence_delimiter();
    assert_eq!(
        em.out,
        [
            0xFE, 0xFF, 0, 0xE0, 0xFF, 0xFF, 0xFF, 0xFF, // item, undefined length
            0xFE, 0xFF, 0x0D, 0xE0, 0, 0, 0, 0, // item delimiter
            0xFE, 0xFF, 0xDD, 0xE0, 0, 0, 0, 0, // sequence delimiter
        ]
    );
}

#[test]
fn numbers_follow_struct_rules() {
    let mut out = Vec::new();
    assert!(Format::U16.put_int(&mut out, 0x0102, false));
    assert!(Format::I16.put_int(&mut out, -2, true));
    assert!(!Format::U16.put_int(&mut out, -1, true));
    assert!(!Format::U32.put_int(&mut out, 1 << 32, true));
    assert!(Format::F32.put_int(&mut out, 1, true));
    assert!(!Format::F32.put_float(&mut out, 1e300, true));
    assert!(Format::F32.put_float(&mut out, f64::INFINITY, true));
    assert!(!Format::U16.put_float(&mut out, 1.0, true));
    put_tag(&mut out, 0x0010_0020, true);
    assert_eq!(
        out,
        [1, 2, 0xFE, 0xFF, 0, 0, 0x80, 0x3F, 0, 0, 0x80, 0x7F, 0x10, 0, 0x20, 0]
    );
}

#[test]
fn text_is_joined_and_padded() {
    let mut out = Vec::new();
    put_joined(&mut out, [&b"A"[..], b"BCD"], b' ');
    assert_eq!(out, b"A\\BCD ");
    out.clear();
    put_joined(&mut out, [&b"1.2.3"[..]], 0);
    assert_eq!(out, b"1.2.3\0");
    out.clear();
    put_joined(&mut out, std::iter::empty::<&[u8]>(), b' ');
    assert!(out.is_empty());
}

/// An explicit VR little endian element.
fn ex(tag: u32, vr: &[u8; 2], value: &[u8]) -> Vec<u8> {
    let mut em = Emitter::new(EXPLICIT_LE);
    em.header(tag, vr, value.len() as u32, false);
    em.bytes(value);
    em.out
}

fn parse_body(body: &[u8]) -> crate::parse::ParsedFile {
    let opts = ReadOptions {
        force: true,
        ..ReadOptions::default()
    };
    let mut data = Vec::new();
    // Explicit VR LE without file meta: a dataset the reader detects.
    data.extend(body);
    parse_file(&data, &opts).unwrap()
}

#[test]
fn read_elements_are_copied_in_tag_order_without_retired_group_lengths() {
    let mut body = Vec::new();
    body.extend(ex(0x0008_0000, b"UL", &[4, 0, 0, 0])); // retired group length: dropped
    body.extend(ex(0x0008_0060, b"CS", b"CT"));
    body.extend(ex(0x0010_0020, b"LO", b"ABC")); // odd length: kept as read
    body.extend(ex(0x0010_0010, b"PN", b"Doe^")); // out of order: sorted
    let parsed = parse_body(&body);
    let mut em = Emitter::new(EXPLICIT_LE);
    assert!(parsed
        .dataset
        .elements
        .iter()
        .all(|r| copyable(&em, &body, r, CopyRules::default())));
    write_dataset(&mut em, &body, &parsed.dataset).unwrap();
    let mut expected = Vec::new();
    expected.extend(ex(0x0008_0060, b"CS", b"CT"));
    expected.extend(ex(0x0010_0010, b"PN", b"Doe^"));
    expected.extend(ex(0x0010_0020, b"LO", b"ABC"));
    assert_eq!(em.out, expected);
}

#[test]
fn undefined_length_sequences_are_reframed() {
    // (300A,00B0) SQ, undefined length: one defined-length item, one undefined.
    let mut body = ex(0x0008_0060, b"CS", b"RT");
    let mut sq = Emitter::new(EXPLICIT_LE);
    sq.header(0x300A_00B0, b"SQ", 0, true);
    let item1 = ex(0x300A_00C0, b"IS", b"1 ");
    sq.tag(0xFFFE_E000);
    sq.u32(item1.len() as u32 + 2); // a wrong item length is not kept
    sq.bytes(&item1);
    sq.bytes(&ex(0x300A_00C2, b"LO", b"")); // ...so this element belongs to item 1
    let at = sq.begin_item();
    sq.bytes(&ex(0x300A_00C0, b"IS", b"2 "));
    sq.end_item(at, true).unwrap();
    sq.sequence_delimiter();
    body.extend(&sq.out);
    let parsed = parse_body(&body);
    let mut em = Emitter::new(EXPLICIT_LE);
    assert!(parsed
        .dataset
        .elements
        .iter()
        .all(|r| copyable(&em, &body, r, CopyRules::default())));
    write_dataset(&mut em, &body, &parsed.dataset).unwrap();
    let seq = parsed.dataset.get(0x300A_00B0).unwrap();
    let crate::index::ValueRef::Sequence(s) = &seq.value else {
        panic!("not parsed as a sequence")
    };
    assert_eq!(s.items.len(), 2);
    // Written back: the item lengths are the real ones.
    let mut expected = ex(0x0008_0060, b"CS", b"RT");
    let mut sq = Emitter::new(EXPLICIT_LE);
    sq.header(0x300A_00B0, b"SQ", 0, true);
    let first = s.items[0].dataset.elements.len();
    let at = sq.begin_item();
    sq.bytes(&item1);
    if first == 2 {
        sq.bytes(&ex(0x300A_00C2, b"LO", b""));
    }
    sq.end_item(at, false).unwrap();
    let at = sq.begin_item();
    sq.bytes(&ex(0x300A_00C0, b"IS", b"2 "));
    sq.end_item(at, true).unwrap();
    sq.sequence_delimiter();
    expected.extend(&sq.out);
    assert_eq!(em.out, expected);
}

#[test]
fn items_in_another_encoding_are_not_copied() {
    let mut body = ex(0x0008_0060, b"CS", b"RT");
    let mut sq = Emitter::new(EXPLICIT_LE);
    sq.header(0x300A_00B0, b"SQ", 0, true);
    let at = sq.begin_item();
    sq.bytes(&ex(0x300A_00C0, b"IS", b"2 "));
    sq.end_item(at, true).unwrap();
    sq.sequence_delimiter();
    body.extend(&sq.out);
    let parsed = parse_body(&body);
    let seq = parsed.dataset.get(0x300A_00B0).unwrap();
    assert!(copyable(
        &Emitter::new(EXPLICIT_LE),
        &body,
        seq,
        CopyRules::default()
    ));
    assert!(!copyable(
        &Emitter::new(IMPLICIT_LE),
        &body,
        seq,
        CopyRules::default()
    ));
    // An item that sets its own character set goes through the values.
    let mut body2 = ex(0x0008_0060, b"CS", b"RT");
    let mut sq = Emitter::new(EXPLICIT_LE);
    sq.header(0x300A_00B0, b"SQ", 0, true);
    let at = sq.begin_item();
    sq.bytes(&ex(0x0008_0005, b"CS", b"ISO_IR 100"));
    sq.end_item(at, true).unwrap();
    sq.sequence_delimiter();
    body2.extend(&sq.out);
    let parsed = parse_body(&body2);
    let seq = parsed.dataset.get(0x300A_00B0).unwrap();
    assert!(!copyable(
        &Emitter::new(EXPLICIT_LE),
        &body2,
        seq,
        CopyRules::default()
    ));
}

#[test]
fn encapsulated_pixel_data_must_start_with_an_item() {
    let mut body = ex(0x0028_0010, b"US", &[1, 0]);
    let mut px = Emitter::new(EXPLICIT_LE);
    px.header(0x7FE0_0010, b"OB", 0, true);
    px.tag(0xFFFE_E000);
    px.u32(0);
    px.tag(0xFFFE_E000);
    px.u32(2);
    px.bytes(&[7, 7]);
    px.sequence_delimiter();
    body.extend(&px.out);
    let parsed = parse_body(&body);
    let rec = parsed.dataset.get(0x7FE0_0010).unwrap();
    let mut em = Emitter::new(EXPLICIT_LE);
    assert!(copyable(&em, &body, rec, CopyRules::default()));
    write_dataset(&mut em, &body, &parsed.dataset).unwrap();
    assert_eq!(em.out, body);
}
