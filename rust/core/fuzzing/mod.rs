//! The properties the fuzz targets in `fuzz/` check on arbitrary input. They live
//! here so that `cargo test` runs them too, on every input kept under
//! `testdata/fuzz/<target>/` (crashes found earlier, and small seeds).
//!
//! Each function panics when its property fails; returning normally means the
//! input was handled (accepted or refused with an error).

#[cfg(test)]
mod tests;

mod dicomdir;
mod header;

pub use dicomdir::dicomdir;
pub use header::header;

use crate::codecs::{self, Codec};
use crate::index::{DatasetIndex, ValueRef};
use crate::json::{model, tree};
use crate::parse::{parse_file, parse_sequence_value, ReadOptions, MAX_DEPTH};
use crate::pixels::rle_decode::{decode_frame, FrameShape, SegmentOrder};
use crate::pixels::rle_encode::encode_frame;
use crate::values::{decode, fast_vr, Context};
use crate::vr::Vr;
use crate::write::emit::{Emitter, Encoding};
use crate::write::index::{copyable, write_dataset, CopyRules};

/// A target's check: panics when its property fails on the input.
pub type Check = fn(&[u8]);

/// The targets, by name (the fuzz binaries and the regression folders use these).
pub const TARGETS: [(&str, Check); 12] = [
    ("parse", parse),
    ("round_trip", round_trip),
    ("rle_decode", rle_decode),
    ("json", json),
    ("rle_codec", rle_codec),
    ("jpegls_decode", jpegls_decode),
    ("j2k_decode", j2k_decode),
    ("jpeg_decode", jpeg_decode),
    ("jpegls_codec", jpegls_codec),
    ("j2k_codec", j2k_codec),
    ("dicomdir", dicomdir),
    ("header", header),
];

/// A frame either decodes to exactly width x height x components samples, or is
/// refused with an error (the codecs' C code must not crash on it either).
fn codec_decode(codec: Codec, data: &[u8]) {
    // A frame may declare any size; what a DICOM file allows is checked by the
    // caller (Rows x Columns x Samples per Pixel). 4 Mi samples keeps the
    // fuzzer within its memory limit.
    let options = codecs::DecodeOptions {
        threads: 1,
        max_samples: 1 << 22,
        ycbcr_to_rgb: data.first().is_some_and(|b| b % 2 == 1),
    };
    if let Ok(d) = codecs::decode_with(codec, data, options) {
        let samples = d.width as usize * d.height as usize * d.components as usize;
        assert_eq!(d.data.len(), samples * d.bytes_per_sample, "decoded size");
    }
}

pub fn jpegls_decode(data: &[u8]) {
    codec_decode(Codec::JpegLs, data);
}

pub fn j2k_decode(data: &[u8]) {
    codec_decode(Codec::Jpeg2000, data);
}

/// JPEG: lossless by jpeg-decoder, DCT by libjpeg-turbo.
pub fn jpeg_decode(data: &[u8]) {
    codec_decode(Codec::Jpeg, data);
}

/// Parse with and without `force`, then decode every value the fast path takes
/// and parse every defined-length sequence, as touching each element does.
pub fn parse(data: &[u8]) {
    for force in [false, true] {
        let opts = ReadOptions {
            force,
            ..ReadOptions::default()
        };
        if let Ok(parsed) = parse_file(data, &opts) {
            let buf = parsed.inflated.as_deref().unwrap_or(data);
            touch(data, &parsed.meta, &opts, 0);
            touch(buf, &parsed.dataset, &opts, 0);
        }
    }
}

fn touch(data: &[u8], index: &DatasetIndex, opts: &ReadOptions, depth: usize) {
    for rec in &index.elements {
        match &rec.value {
            ValueRef::Sequence(seq) => {
                for item in &seq.items {
                    touch(data, &item.dataset, opts, depth + 1);
                }
            }
            ValueRef::Bytes { .. } => {
                let range = rec.value.range().expect("bytes");
                assert!(range.end <= data.len(), "a value past the end of the data");
                let bytes = &data[range.clone()];
                match fast_vr(rec, None) {
                    Some(vr) => {
                        let _ = decode(vr, bytes, index.little_endian, Context::default());
                    }
                    None if rec.vr == Some(*b"SQ") && depth < MAX_DEPTH => {
                        let found = parse_sequence_value(
                            data,
                            range,
                            rec.value.start(),
                            index.implicit_vr,
                            index.little_endian,
                            opts,
                            depth + 1,
                        );
                        if let Ok((seq, _)) = found {
                            for item in &seq.items {
                                touch(data, &item.dataset, opts, depth + 1);
                            }
                        }
                    }
                    None => {}
                }
            }
            ValueRef::Empty { .. } | ValueRef::Deferred { .. } => {}
        }
    }
}

/// A file the writer copies element by element (no read warning, every element
/// copyable in its own encoding) written again and parsed again gives the same
/// elements: tags, VRs and values.
pub fn round_trip(data: &[u8]) {
    let opts = ReadOptions {
        force: true,
        ..ReadOptions::default()
    };
    let Ok(first) = parse_file(data, &opts) else {
        return;
    };
    // dcmwrite refuses group 0 and 2 elements in the dataset (written sorted,
    // they would join the file meta). Without a transfer syntax the encoding is
    // guessed from the first element, which sorting may change.
    if first.inflated.is_some()
        || first.meta.get(crate::tags::TRANSFER_SYNTAX_UID).is_none()
        || !first.warnings.is_empty()
        || !first.command.elements.is_empty()
        || first.dataset.elements.iter().any(|r| r.tag < 0x0003_0000)
    {
        return;
    }
    let enc = Encoding {
        implicit_vr: first.dataset.implicit_vr,
        little_endian: first.dataset.little_endian,
    };
    // A big endian dataset whose first element is in group 0x0200 starts with
    // the bytes of a little endian group 2 tag: read again, it continues the
    // file meta (pydicom reads it so too). The format cannot tell them apart.
    let first_group = first.dataset.elements.iter().map(|r| r.tag >> 16).min();
    if !enc.little_endian && first_group == Some(0x0200) {
        return;
    }
    let meta_enc = Encoding {
        implicit_vr: false,
        little_endian: true,
    };
    let rules = CopyRules::default();
    let dataset_em = Emitter::new(enc);
    let meta_em = Emitter::new(meta_enc);
    let all_copyable = |em: &Emitter, index: &DatasetIndex| {
        index.elements.iter().all(|r| copyable(em, data, r, rules))
    };
    if !rereadable(&first.meta)
        || !rereadable(&first.dataset)
        || first.meta.implicit_vr
        || !first.meta.little_endian
        || first.preamble.is_none()
        || !all_copyable(&meta_em, &first.meta)
        || !all_copyable(&dataset_em, &first.dataset)
    {
        return;
    }
    let mut out = vec![0u8; 128];
    out.extend_from_slice(b"DICM");
    let mut em = meta_em;
    write_dataset(&mut em, data, &first.meta).expect("meta writes");
    out.extend_from_slice(&em.out);
    let mut em = dataset_em;
    write_dataset(&mut em, data, &first.dataset).expect("dataset writes");
    // Implicit VR data whose first length field reads as two capital letters
    // (a length of 16,705 bytes or more) is read back as explicit VR, as
    // pydicom reads it: the format cannot tell the two apart there.
    if enc.implicit_vr
        && em
            .out
            .get(4..6)
            .is_some_and(|b| b.iter().all(u8::is_ascii_uppercase))
    {
        return;
    }
    out.extend_from_slice(&em.out);
    let second = parse_file(&out, &opts).expect("what was written parses");
    same_elements(data, &first.meta, &out, &second.meta);
    same_elements(data, &first.dataset, &out, &second.dataset);
}

/// False when an element cannot be read back as the same element once written:
/// an undefined-length element whose explicit VR has a 2-byte length (written
/// with a 4-byte length anyway, as pydicom does), or an unknown explicit VR.
fn rereadable(index: &DatasetIndex) -> bool {
    index.elements.iter().all(|r| {
        let vr = r
            .resolved_vr()
            .map(str::as_bytes)
            .or(r.vr.as_ref().map(|v| &v[..]));
        let header_ok = index.implicit_vr
            || r.length != crate::write::emit::UNDEFINED_LENGTH
            || vr.is_some_and(crate::write::emit::has_long_length);
        // An unknown explicit VR reads as a switch to implicit VR when more
        // data follows (pydicom refuses to write one at all).
        let known = r.resolved_vr().is_some()
            || r.vr.is_none_or(|v| crate::vr::Vr::from_bytes(v).is_some());
        header_ok
            && known
            && match &r.value {
                ValueRef::Sequence(seq) => seq.items.iter().all(|i| rereadable(&i.dataset)),
                _ => true,
            }
    })
}

/// The elements of `index` in tag order, group lengths above group 6 aside.
fn kept(index: &DatasetIndex) -> Vec<&crate::index::ElementRecord> {
    let mut records: Vec<_> = index
        .elements
        .iter()
        .filter(|r| !crate::write::is_skipped_group_length(r.tag))
        .collect();
    records.sort_by_key(|r| r.tag);
    records
}

/// The elements of `a` (in `data_a`) and `b` (in `data_b`) agree, group
/// lengths above group 6 aside (the writer leaves those out).
fn same_elements(data_a: &[u8], a: &DatasetIndex, data_b: &[u8], b: &DatasetIndex) {
    let (ra, rb) = (kept(a), kept(b));
    assert_eq!(ra.len(), rb.len(), "element count");
    for (x, y) in ra.iter().zip(&rb) {
        assert_eq!(x.tag, y.tag);
        assert_eq!(x.resolved_vr(), y.resolved_vr());
        match (&x.value, &y.value) {
            (ValueRef::Sequence(sx), ValueRef::Sequence(sy)) => {
                assert_eq!(sx.items.len(), sy.items.len(), "item count");
                for (ix, iy) in sx.items.iter().zip(&sy.items) {
                    same_elements(data_a, &ix.dataset, data_b, &iy.dataset);
                }
            }
            (vx, vy) => {
                // A value cut short by the end of the data is written with the
                // length it has: an empty one reads back as Empty.
                let bytes = |v: &ValueRef, data: &[u8]| match v {
                    ValueRef::Empty { .. } => Some(Vec::new()),
                    _ => v.range().map(|r| data[r].to_vec()),
                };
                assert_eq!(
                    bytes(vx, data_a),
                    bytes(vy, data_b),
                    "value of {:08X}",
                    x.tag
                );
            }
        }
    }
}

/// The first bytes choose a frame's shape (as a header would); the rest is the
/// frame. Decoding never reads or writes out of bounds, whatever the segments say.
pub fn rle_decode(data: &[u8]) {
    let Some((shape, frame)) = shape_and_rest(data) else {
        return;
    };
    let mut out = vec![0u8; shape.frame_bytes()];
    for order in [
        SegmentOrder::MostSignificantFirst,
        SegmentOrder::LeastSignificantFirst,
    ] {
        let _ = decode_frame(frame, shape, order, &mut out);
    }
}

/// A frame for the encoder targets: the first four bytes give width (1-64),
/// height (1-64), components (1 or 3), bits (2-16); a bit of the fifth picks an
/// option; the rest are the samples (1 or 2 bytes each), masked to the bits.
struct CodecFrame {
    width: u32,
    height: u32,
    components: u32,
    bits: u8,
    option: bool,
    samples: Vec<u8>,
}

impl CodecFrame {
    fn parse(data: &[u8]) -> Option<CodecFrame> {
        let [w, h, c, b, o, rest @ ..] = data else {
            return None;
        };
        let (width, height) = (1 + *w as u32 % 64, 1 + *h as u32 % 64);
        let components = if c % 2 == 0 { 1 } else { 3 };
        let bits = 2 + b % 15;
        let bytes = self::bytes_for_bits(bits);
        let size = (width * height * components) as usize * bytes;
        let mask = (1u32 << bits) - 1;
        let samples = rest
            .get(..size)?
            .chunks_exact(bytes)
            .flat_map(|s| {
                let v = if bytes == 2 {
                    u16::from_le_bytes([s[0], s[1]]) as u32
                } else {
                    s[0] as u32
                } & mask;
                v.to_le_bytes()[..bytes].to_vec()
            })
            .collect();
        Some(CodecFrame {
            width,
            height,
            components,
            bits,
            option: o % 2 == 1,
            samples,
        })
    }

    fn values(&self, data: &[u8]) -> Vec<i32> {
        let bytes = bytes_for_bits(self.bits);
        data.chunks_exact(bytes)
            .map(|s| {
                if bytes == 2 {
                    u16::from_le_bytes([s[0], s[1]]) as i32
                } else {
                    s[0] as i32
                }
            })
            .collect()
    }
}

fn bytes_for_bits(bits: u8) -> usize {
    if bits > 8 {
        2
    } else {
        1
    }
}

/// JPEG-LS: a frame encoded losslessly decodes to itself, and near-lossless
/// (the option bit) within NEAR = 3 of it.
pub fn jpegls_codec(data: &[u8]) {
    let Some(f) = CodecFrame::parse(data) else {
        return;
    };
    // NEAR may not exceed half the largest sample (CharLS refuses it).
    let near = if f.option && f.bits >= 3 { 3 } else { 0 };
    let frame = codecs::jpegls::Frame {
        samples: &f.samples,
        width: f.width,
        height: f.height,
        components: f.components,
        bits: f.bits,
        interleave: 2,
    };
    let encoded = codecs::jpegls::encode(&frame, near).expect("a valid frame encodes");
    let decoded = codecs::decode(Codec::JpegLs, &encoded).expect("what was encoded decodes");
    assert_eq!((decoded.width, decoded.height), (f.width, f.height));
    for (a, b) in f.values(&decoded.data).iter().zip(f.values(&f.samples)) {
        assert!((a - b).abs() <= near, "sample beyond NEAR");
    }
}

/// JPEG 2000 lossless: what encodes decodes to the frame (OpenJPEG may refuse
/// a frame too small for its resolution levels); the option bit asks for the
/// colour transform on 3 components.
pub fn j2k_codec(data: &[u8]) {
    let Some(f) = CodecFrame::parse(data) else {
        return;
    };
    let frame = codecs::j2k_encode::Frame {
        samples: &f.samples,
        width: f.width,
        height: f.height,
        components: f.components,
        bits: f.bits,
        signed: false,
        mct: f.option,
        ratios: &[],
        psnr: &[],
    };
    let Ok(encoded) = codecs::j2k_encode::encode(&frame) else {
        return;
    };
    let decoded = codecs::decode(Codec::Jpeg2000, &encoded).expect("what was encoded decodes");
    assert_eq!((decoded.width, decoded.height), (f.width, f.height));
    assert_eq!(
        decoded.data, f.samples,
        "lossless JPEG 2000 changed the samples"
    );
}

/// Encoding a frame and decoding the result gives the frame back.
pub fn rle_codec(data: &[u8]) {
    let Some((shape, rest)) = shape_and_rest(data) else {
        return;
    };
    let size = shape.frame_bytes();
    if rest.len() < size {
        return;
    }
    let frame = &rest[..size];
    if shape.samples_per_pixel * shape.bytes_per_sample() > 15 {
        // More segments than RLE allows: refused, not encoded.
        assert!(encode_frame(
            frame,
            shape.rows,
            shape.columns,
            shape.samples_per_pixel,
            shape.bytes_per_sample()
        )
        .is_err());
        return;
    }
    let encoded = encode_frame(
        frame,
        shape.rows,
        shape.columns,
        shape.samples_per_pixel,
        shape.bytes_per_sample(),
    )
    .expect("a whole frame encodes");
    let mut out = vec![0u8; size];
    decode_frame(
        &encoded,
        shape,
        SegmentOrder::MostSignificantFirst,
        &mut out,
    )
    .expect("what was encoded decodes");
    assert_eq!(out, frame);
}

fn shape_and_rest(data: &[u8]) -> Option<(FrameShape, &[u8])> {
    let [rows, columns, layout, rest @ ..] = data else {
        return None;
    };
    let shape = FrameShape {
        rows: usize::from(rows % 32) + 1,
        columns: usize::from(*columns) + 1,
        samples_per_pixel: if layout & 1 == 0 { 1 } else { 3 },
        bits_allocated: [8, 16, 32, 64][usize::from(layout >> 1) % 4],
    };
    // 64-bit colour has 24 segments, more than RLE allows: kept to test refusals.
    Some((shape, rest))
}

/// JSON text parses into the tree (or is declined), and the model's checks run
/// on what a dataset object holds: keys as tags, values, person names, inline
/// binary.
pub fn json(data: &[u8]) {
    let Some(root) = tree::parse(data) else {
        return;
    };
    walk_json(&root, 0);
}

fn walk_json(value: &tree::Json<'_>, depth: usize) {
    if depth > 64 {
        return;
    }
    match value {
        tree::Json::Object(members) => {
            for (key, member) in members {
                let _ = model::tag_of_key(key);
                if let tree::Json::Object(inner) = member {
                    let vr = tree::get(inner, "vr").and_then(|v| match v {
                        tree::Json::Str(s) => s.parse::<Vr>().ok(),
                        _ => None,
                    });
                    if let Some(tree::Json::Str(text)) = tree::get(inner, "InlineBinary") {
                        let _ = model::inline_binary(text);
                    }
                    if let Some(tree::Json::Array(values)) = tree::get(inner, "Value") {
                        for v in values {
                            json_value(vr, v);
                            walk_json(v, depth + 1);
                        }
                    }
                }
                walk_json(member, depth + 1);
            }
        }
        tree::Json::Array(items) => items.iter().for_each(|v| walk_json(v, depth + 1)),
        _ => {}
    }
}

fn json_value(vr: Option<Vr>, value: &tree::Json<'_>) {
    match value {
        tree::Json::Object(groups) => {
            let _ = model::person_name(groups);
        }
        tree::Json::Str(s) => {
            let _ = model::code_string_ok(s) && model::date_ok(s) && model::age_ok(s);
            if let Some(vr) = vr {
                let _ = model::long_text_ok(vr, s);
            }
            let _ = model::short_text_ok(s, 64);
        }
        number => {
            let _ = (model::integer(number), model::float(number));
        }
    }
}
