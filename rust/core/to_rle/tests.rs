use super::{to_rle, RLE_LOSSLESS};
use crate::parse::{parse_file, ReadOptions};
use crate::pixels::fragments::fragments;
use crate::pixels::rle_decode::{decode_frame, FrameShape, SegmentOrder};
use crate::write::emit::{Emitter, Encoding};

const NEW_UID: &str = "1.2.826.0.1.3680043.8.498.7"; // odd: padded with NUL

/// A 2x3 MONOCHROME2 file, 16 bits allocated (12 stored), in `syntax`.
fn file(syntax: &str, bits_allocated: u16, pixels: &[u8]) -> Vec<u8> {
    let mut em = Emitter::new(Encoding {
        implicit_vr: false,
        little_endian: true,
    });
    em.bytes(&[0; 128]);
    em.bytes(b"DICM");
    let text = |em: &mut Emitter, tag: u32, vr: &[u8], value: &[u8], pad: u8| {
        let mut v = value.to_vec();
        if v.len() % 2 == 1 {
            v.push(pad);
        }
        em.header(tag, vr, v.len() as u32, false);
        em.bytes(&v);
    };
    let us = |em: &mut Emitter, tag: u32, value: u16| {
        em.header(tag, b"US", 2, false);
        em.bytes(&value.to_le_bytes());
    };
    let mut meta = Emitter::new(em.enc);
    text(&mut meta, 0x0002_0003, b"UI", b"1.2.3", 0);
    text(&mut meta, 0x0002_0010, b"UI", syntax.as_bytes(), 0);
    em.header(0x0002_0000, b"UL", 4, false);
    em.bytes(&(meta.out.len() as u32).to_le_bytes());
    em.bytes(&meta.out);
    text(&mut em, 0x0008_0018, b"UI", b"1.2.3", 0);
    text(&mut em, 0x0010_0010, b"PN", b"Doe^Jane", b' ');
    us(&mut em, 0x0028_0002, 1);
    text(&mut em, 0x0028_0004, b"CS", b"MONOCHROME2", b' ');
    us(&mut em, 0x0028_0010, 2);
    us(&mut em, 0x0028_0011, 3);
    us(&mut em, 0x0028_0100, bits_allocated);
    us(&mut em, 0x0028_0101, 12);
    us(&mut em, 0x0028_0103, 0);
    em.header(0x7FE0_0010, b"OW", pixels.len() as u32, false);
    em.bytes(pixels);
    em.out
}

const PIXELS: [u8; 12] = [1, 0, 2, 0, 2, 0, 255, 15, 0, 1, 7, 7];
const EXPLICIT: &str = "1.2.840.10008.1.2.1";

fn convert(data: &[u8]) -> Option<Vec<u8>> {
    let parsed = parse_file(data, &ReadOptions::default()).expect("parses");
    to_rle(data, &parsed, NEW_UID)
}

fn uid(data: &[u8], index: &crate::index::DatasetIndex, tag: u32) -> String {
    let range = index.get(tag).unwrap().value.range().unwrap();
    String::from_utf8(data[range].to_vec()).unwrap()
}

#[test]
fn a_plain_file_becomes_rle_with_the_same_pixels() {
    let out = convert(&file(EXPLICIT, 16, &PIXELS)).expect("the plain case");
    let parsed = parse_file(&out, &ReadOptions::default()).expect("output parses");
    assert_eq!(
        uid(&out, &parsed.meta, 0x0002_0010),
        format!("{RLE_LOSSLESS}\0")
    );
    assert_eq!(uid(&out, &parsed.meta, 0x0002_0003), format!("{NEW_UID}\0"));
    assert_eq!(
        uid(&out, &parsed.dataset, 0x0008_0018),
        format!("{NEW_UID}\0")
    );
    // The group length counts the meta elements after it.
    let length = parsed.meta.get(0x0002_0000).unwrap().value.range().unwrap();
    let counted = u32::from_le_bytes(out[length.clone()].try_into().unwrap()) as usize;
    assert_eq!(counted, parsed.dataset_offset - length.end);
    // Pixel Data: encapsulated, one frame after a Basic Offset Table.
    let rec = parsed.dataset.get(0x7FE0_0010).unwrap();
    assert_eq!(rec.length, u32::MAX);
    let value = rec.value.range().unwrap();
    let items = fragments(&out[value.clone()], 0, true).unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].len, 4);
    let frame = &out[value][items[1].start..items[1].start + items[1].len];
    let shape = FrameShape {
        rows: 2,
        columns: 3,
        samples_per_pixel: 1,
        bits_allocated: 16,
    };
    let mut decoded = vec![0u8; 12];
    decode_frame(
        frame,
        shape,
        SegmentOrder::MostSignificantFirst,
        &mut decoded,
    )
    .unwrap();
    assert_eq!(decoded, PIXELS);
    // Everything else is copied as read.
    let name = parsed
        .dataset
        .get(0x0010_0010)
        .unwrap()
        .value
        .range()
        .unwrap();
    assert_eq!(&out[name], b"Doe^Jane");
}

#[test]
fn other_cases_are_left_to_the_caller() {
    // Big endian, a layout RLE's profile does not allow, too few pixel bytes.
    assert!(convert(&file("1.2.840.10008.1.2.2", 16, &PIXELS)).is_none());
    assert!(convert(&file(EXPLICIT, 32, &[0; 24])).is_none());
    assert!(convert(&file(EXPLICIT, 16, &PIXELS[..10])).is_none());
    // Already encapsulated.
    assert!(convert(&file("1.2.840.10008.1.2.4.50", 16, &PIXELS)).is_none());
}
