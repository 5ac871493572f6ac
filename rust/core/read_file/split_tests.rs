//! Reading the header apart from large pixel data (see `split`).

use super::split::{read_header_apart, read_pixels_into, HeaderRead, SPLIT_MIN};
use super::*;
use crate::tags::PIXEL_DATA;
use std::io::Write;

/// An explicit VR little endian file: a few small elements, pixel data of
/// `pixels` bytes (0..=250 repeating), then `tail` (whole elements).
fn image(pixels: usize, tail: &[u8]) -> Vec<u8> {
    let mut data = vec![0u8; 128];
    data.extend(b"DICM");
    let mut element = |group: u16, elem: u16, vr: &[u8; 2], value: &[u8], long: bool| {
        data.extend(group.to_le_bytes());
        data.extend(elem.to_le_bytes());
        data.extend(vr);
        if long {
            data.extend([0, 0]);
            data.extend((value.len() as u32).to_le_bytes());
        } else {
            data.extend((value.len() as u16).to_le_bytes());
        }
        data.extend(value);
    };
    element(0x0002, 0x0010, b"UI", b"1.2.840.10008.1.2.1\0", false);
    element(0x0008, 0x0060, b"CS", b"CT", false);
    element(0x0010, 0x0010, b"PN", b"Doe^John", false);
    let values: Vec<u8> = (0..pixels).map(|i| (i % 251) as u8).collect();
    element(0x7FE0, 0x0010, b"OW", &values, true);
    data.extend(tail);
    data
}

/// Trailing padding, (FFFC,FFFC) OB, of `len` bytes.
fn padding(len: usize) -> Vec<u8> {
    let mut out = vec![0xFC, 0xFF, 0xFC, 0xFF, b'O', b'B', 0, 0];
    out.extend((len as u32).to_le_bytes());
    out.extend(vec![0x11; len]);
    out
}

fn temp(name: &str, data: &[u8]) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!("rapidicom-split-{}-{name}", std::process::id()));
    File::create(&path).unwrap().write_all(data).unwrap();
    path
}

/// The header read apart (None: the whole file must be read), and the pixel
/// value read as the caller reads it.
fn apart(name: &str, data: &[u8], opts: &ReadOptions) -> Option<(HeaderRead, Vec<u8>)> {
    let path = temp(name, data);
    let mut file = File::open(&path).unwrap();
    let header = read_header_apart(&mut file, data.len() as u64, opts).unwrap();
    let read = header.map(|h| {
        let mut pixels = vec![0u8; h.pixel_len];
        // SAFETY: `pixels` has room for `pixel_len` bytes.
        let complete = unsafe { read_pixels_into(&mut file, &h, pixels.as_mut_ptr()) }.unwrap();
        assert!(complete);
        (h, pixels)
    });
    std::fs::remove_file(&path).unwrap();
    read
}

/// The header read apart indexes what a whole read indexes, with the pixel data
/// `Deferred` and every value (and value_tell) where the whole read has it.
fn check_same_as_whole(data: &[u8], header: &HeaderRead, pixels: &[u8]) {
    let whole = parse::parse_file(data, &ReadOptions::default()).unwrap();
    let (a, b) = (&header.parsed.dataset, &whole.dataset);
    assert_eq!(a.elements.len(), b.elements.len());
    for (x, y) in a.elements.iter().zip(&b.elements) {
        assert_eq!((x.tag, x.vr, x.length), (y.tag, y.vr, y.length));
        assert_eq!(
            a.value_tell(x),
            b.value_tell(y),
            "value_tell of {:08X}",
            x.tag
        );
        if x.tag == PIXEL_DATA {
            assert!(matches!(x.value, ValueRef::Deferred { .. }));
            assert_eq!(pixels, &data[y.value.range().unwrap()]);
        } else {
            assert_eq!(
                x.value.range().map(|r| &header.data[r]),
                y.value.range().map(|r| &data[r]),
                "value of {:08X}",
                x.tag
            );
        }
    }
    assert_eq!(header.parsed.meta, whole.meta);
    assert!(
        header.data.len() < 1024,
        "the pixel value was not read with the header"
    );
}

#[test]
fn pixel_data_at_the_end_is_left_out_of_the_header() {
    let data = image(SPLIT_MIN as usize, &[]);
    let (header, pixels) = apart("end", &data, &ReadOptions::default()).expect("read apart");
    check_same_as_whole(&data, &header, &pixels);
}

#[test]
fn elements_after_the_pixel_data_are_read_after_the_header() {
    let tail = [padding(126), padding(0)].concat();
    let data = image(SPLIT_MIN as usize + 1, &tail);
    let (header, pixels) = apart("tail", &data, &ReadOptions::default()).expect("read apart");
    check_same_as_whole(&data, &header, &pixels);
    // A tail element cut short by the end of the file is kept as it is, as the
    // whole read keeps it.
    let data = image(SPLIT_MIN as usize, &padding(100)[..50]);
    let (header, pixels) = apart("cut-tail", &data, &ReadOptions::default()).expect("read apart");
    check_same_as_whole(&data, &header, &pixels);
}

#[test]
fn files_not_suited_are_left_to_the_whole_read() {
    let defaults = ReadOptions::default();
    // Small files, reads that skip or stop, long or broken tails.
    assert!(apart("small", &image(1000, &[]), &defaults).is_none());
    let big = image(SPLIT_MIN as usize, &[]);
    for opts in [
        ReadOptions {
            stop_before_pixels: true,
            ..Default::default()
        },
        ReadOptions {
            defer_size: Some(1024),
            ..Default::default()
        },
        ReadOptions {
            specific_tags: Some(vec![0x0010_0010]),
            ..Default::default()
        },
    ] {
        assert!(apart("options", &big, &opts).is_none());
    }
    let long_tail = image(SPLIT_MIN as usize, &padding(100 * 1024));
    assert!(apart("long-tail", &long_tail, &defaults).is_none());
    // Pixel data declared longer than the file: read whole, as it is.
    let mut short = image(SPLIT_MIN as usize, &[]);
    short.truncate(short.len() - 10);
    assert!(apart("short", &short, &defaults).is_none());
}

#[test]
fn parts_read_whole_when_not_apart() {
    let data = image(1000, &padding(10));
    let path = temp("parts", &data);
    let parts = read_file_parts(&path, &ReadOptions::default()).unwrap();
    std::fs::remove_file(&path).unwrap();
    match parts {
        Parts::Whole(read) => assert_eq!(read.data, data),
        Parts::Apart { .. } => panic!("a small file is read whole"),
    }
}
