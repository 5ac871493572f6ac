//! Where a file's pixel data lies, read from its element and item headers only:
//! the value's offset and length, and for encapsulated data each frame's
//! fragments (by pydicom's rules, `pixels::frame_ranges`), so that a reader can
//! fetch one frame with range reads and never the rest.

use std::io::{self, Read, Seek, SeekFrom};

use crate::pixels::fragments::Fragment;
use crate::pixels::frame_ranges::{eoi_window, frame_ranges, tail_has_eoi};
use crate::tags::{
    DOUBLE_FLOAT_PIXEL_DATA, FLOAT_PIXEL_DATA, ITEM, PIXEL_DATA, SEQUENCE_DELIMITATION_ITEM,
};

/// The pixel data element found at an offset of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PixelLayout {
    pub tag: u32,
    /// Where the value starts in the file.
    pub offset: u64,
    /// The value's length: declared, or for encapsulated data up to and
    /// including its sequence delimiter (or the end of the file).
    pub length: u64,
    /// Encapsulated data: each frame's fragments as (file offset, length);
    /// None for native data, or where pydicom could not tell the frames apart.
    pub frames: Option<Vec<Vec<(u64, u64)>>>,
    /// Why the frames are not known, or what pydicom would warn about them.
    pub note: Option<String>,
}

/// The pixel data element (tag `tag`) whose header starts at `at`: read from
/// its header and, for encapsulated data, its item headers and the last bytes
/// of fragments where frame boundaries depend on JPEG EOI markers.
pub fn pixel_layout<F: Read + Seek>(
    file: &mut F,
    at: u64,
    implicit_vr: bool,
    little: bool,
    number_of_frames: Option<u32>,
) -> io::Result<Option<PixelLayout>> {
    let file_len = file.seek(SeekFrom::End(0))?;
    let mut header = [0u8; 12];
    let header_len = if implicit_vr { 8 } else { 12 };
    if !read_exact_at(file, at, &mut header[..header_len])? {
        return Ok(None);
    }
    let tag = tag_of(&header, little);
    if !matches!(tag, PIXEL_DATA | FLOAT_PIXEL_DATA | DOUBLE_FLOAT_PIXEL_DATA) {
        return Ok(None);
    }
    let length = if implicit_vr {
        u32_at(&header, 4, little)
    } else if matches!(
        &header[4..6],
        b"OB" | b"OW" | b"OF" | b"OD" | b"OL" | b"OV" | b"UN"
    ) {
        u32_at(&header, 8, little)
    } else {
        return Ok(None); // not a pixel data element header
    };
    let offset = at + header_len as u64;
    if length != u32::MAX {
        return Ok(Some(PixelLayout {
            tag,
            offset,
            length: u64::from(length).min(file_len.saturating_sub(offset)),
            frames: None,
            note: None,
        }));
    }
    let items = items(file, offset, file_len, little)?;
    let (frames, note) = match items {
        Ok((offsets, fragments, _)) => {
            let mut tail_error = None;
            let found = frame_ranges(&offsets, &fragments, number_of_frames, |f| {
                let (start, len) = eoi_window(f);
                let mut tail = [0u8; 10];
                match read_exact_at(file, start, &mut tail[..len]) {
                    Ok(_) => tail_has_eoi(&tail[..len]),
                    Err(e) => {
                        tail_error = Some(e);
                        false
                    }
                }
            });
            if let Some(e) = tail_error {
                return Err(e);
            }
            match found {
                Ok(found) => (Some(found.frames), found.warning.map(str::to_owned)),
                Err(e) => (None, Some(e.0)),
            }
        }
        Err(message) => (None, Some(message)),
    };
    let end = scan_end(file, offset, file_len, little)?;
    Ok(Some(PixelLayout {
        tag,
        offset,
        length: end - offset,
        frames,
        note,
    }))
}

/// The Basic Offset Table's offsets and the fragment items (file offsets) of
/// encapsulated data starting at `start`, and where they end; Err with
/// pydicom's words when the items are not well formed.
type Items = std::result::Result<(Vec<u32>, Vec<Fragment>, u64), String>;

fn items<F: Read + Seek>(
    file: &mut F,
    start: u64,
    file_len: u64,
    little: bool,
) -> io::Result<Items> {
    let mut header = [0u8; 8];
    if !read_exact_at(file, start, &mut header)? || tag_of(&header, little) != ITEM {
        return Ok(Err("The Basic Offset Table item is missing".into()));
    }
    let bot_len = u32_at(&header, 4, little) as u64;
    if bot_len % 4 != 0 || start + 8 + bot_len > file_len {
        return Ok(Err("The Basic Offset Table item is not well formed".into()));
    }
    let mut table = vec![0u8; bot_len as usize];
    if !read_exact_at(file, start + 8, &mut table)? {
        return Ok(Err("The Basic Offset Table item is cut short".into()));
    }
    let offsets = table
        .chunks_exact(4)
        .map(|c| u32_at(c, 0, little))
        .collect();
    let mut fragments = Vec::new();
    let mut at = start + 8 + bot_len;
    // Every item takes at least its 8-byte header: the loop ends with the file.
    while read_exact_at(file, at, &mut header)? {
        match tag_of(&header, little) {
            ITEM => {
                let len = u32_at(&header, 4, little);
                if len == u32::MAX {
                    return Ok(Err(format!("Undefined item length at offset {}", at + 4)));
                }
                let begin = at + 8;
                let len = u64::from(len).min(file_len - begin);
                fragments.push(Fragment {
                    item: at as usize,
                    start: begin as usize,
                    len: len as usize,
                });
                at = begin + len;
            }
            SEQUENCE_DELIMITATION_ITEM => return Ok(Ok((offsets, fragments, at + 8))),
            other => {
                return Ok(Err(format!(
                    "Unexpected tag '({:04X},{:04X})' at offset {at} when parsing the \
                     encapsulated pixel data fragment items",
                    other >> 16,
                    other & 0xFFFF
                )))
            }
        }
    }
    Ok(Ok((offsets, fragments, file_len)))
}

/// Where encapsulated data starting at `start` ends (after its delimiter, or
/// where its items stop making sense, or the end of the file).
fn scan_end<F: Read + Seek>(
    file: &mut F,
    start: u64,
    file_len: u64,
    little: bool,
) -> io::Result<u64> {
    let mut header = [0u8; 8];
    let mut at = start;
    while read_exact_at(file, at, &mut header)? {
        match tag_of(&header, little) {
            ITEM => {
                let len = u32_at(&header, 4, little);
                if len == u32::MAX {
                    return Ok(at);
                }
                at = (at + 8 + u64::from(len)).min(file_len);
            }
            SEQUENCE_DELIMITATION_ITEM => return Ok(at + 8),
            _ => return Ok(at),
        }
    }
    // The file ends inside the items: the value runs to its end.
    Ok(file_len)
}

/// Fill `buf` from offset `at`; false when the file ends first.
fn read_exact_at<F: Read + Seek>(file: &mut F, at: u64, buf: &mut [u8]) -> io::Result<bool> {
    file.seek(SeekFrom::Start(at))?;
    match file.read_exact(buf) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => Ok(false),
        Err(e) => Err(e),
    }
}

fn u16_at(b: &[u8], at: usize, little: bool) -> u16 {
    let bytes = [b[at], b[at + 1]];
    if little {
        u16::from_le_bytes(bytes)
    } else {
        u16::from_be_bytes(bytes)
    }
}

fn u32_at(b: &[u8], at: usize, little: bool) -> u32 {
    let bytes = [b[at], b[at + 1], b[at + 2], b[at + 3]];
    if little {
        u32::from_le_bytes(bytes)
    } else {
        u32::from_be_bytes(bytes)
    }
}

fn tag_of(header: &[u8], little: bool) -> u32 {
    u32::from(u16_at(header, 0, little)) << 16 | u32::from(u16_at(header, 2, little))
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::*;
    use crate::parse::{parse_file, ReadOptions};
    use crate::pixels::fragments::{basic_offsets, fragments};
    use crate::test_files::repo_path;

    /// Explicit VR little endian pixel data at offset 0: `frames` as one fragment
    /// each, after a Basic Offset Table (empty unless `with_table`).
    fn encapsulated(frames: &[&[u8]], with_table: bool) -> Vec<u8> {
        let items = crate::pixels::fragments::encapsulate(frames, with_table).unwrap();
        let mut out = vec![
            0xE0, 0x7F, 0x10, 0x00, b'O', b'B', 0, 0, 0xFF, 0xFF, 0xFF, 0xFF,
        ];
        out.extend_from_slice(&items);
        out.extend_from_slice(&[0xFE, 0xFF, 0xDD, 0xE0, 0, 0, 0, 0]);
        out
    }

    fn fetch(data: &[u8], frame: &[(u64, u64)]) -> Vec<u8> {
        frame
            .iter()
            .flat_map(|&(at, len)| data[at as usize..(at + len) as usize].to_vec())
            .collect()
    }

    #[test]
    fn frames_are_found_from_headers_and_fetch_their_bytes() {
        let frames: [&[u8]; 3] = [b"first frame!", b"second", b"third frame"];
        for with_table in [true, false] {
            let data = encapsulated(&frames, with_table);
            let layout = pixel_layout(&mut Cursor::new(&data), 0, false, true, Some(3))
                .unwrap()
                .unwrap();
            assert_eq!(layout.tag, crate::tags::PIXEL_DATA);
            assert_eq!((layout.offset, layout.length), (12, data.len() as u64 - 12));
            let found = layout.frames.expect("frames");
            assert_eq!(found.len(), 3);
            for (frame, expected) in found.iter().zip(frames) {
                // Fragments are padded to even length, as written.
                let bytes = fetch(&data, frame);
                assert_eq!(&bytes[..expected.len()], expected);
            }
        }
    }

    #[test]
    fn frames_that_cannot_be_told_apart_are_noted_not_guessed() {
        let frames: [&[u8]; 2] = [b"ab", b"cd"];
        let data = encapsulated(&frames, false);
        let layout = pixel_layout(&mut Cursor::new(&data), 0, false, true, None)
            .unwrap()
            .unwrap();
        assert_eq!(layout.frames, None);
        assert!(layout.note.unwrap().contains("number of frames"));
        // Cut inside the items: the items found so far, the end of the file.
        let cut = &data[..data.len() - 12];
        let layout = pixel_layout(&mut Cursor::new(cut), 0, false, true, Some(1))
            .unwrap()
            .unwrap();
        assert_eq!(layout.offset + layout.length, cut.len() as u64);
        // Not a pixel data header at all.
        assert_eq!(
            pixel_layout(&mut Cursor::new(b"short"), 0, false, true, None).unwrap(),
            None
        );
        let mut other = data.clone();
        other[0] = 0x11; // (7F11,0010)
        assert_eq!(
            pixel_layout(&mut Cursor::new(&other), 0, false, true, Some(2)).unwrap(),
            None
        );
    }

    #[test]
    fn a_files_pixel_data_is_located_after_a_header_only_read() {
        let path = repo_path("python/rapidicom/data/samples/sample_ct_rle.dcm");
        let data = std::fs::read(&path).unwrap();
        let whole = parse_file(&data, &ReadOptions::default()).unwrap();
        let header_only = ReadOptions {
            stop_before_pixels: true,
            ..ReadOptions::default()
        };
        let parsed = parse_file(&data, &header_only).unwrap();
        let mut file = std::fs::File::open(&path).unwrap();
        let layout = pixel_layout(
            &mut file,
            parsed.dataset_end as u64,
            parsed.implicit_vr,
            parsed.little_endian,
            Some(1),
        )
        .unwrap()
        .unwrap();
        // The same fragments the whole read finds, fetched by offset.
        let rec = whole.dataset.get(crate::tags::PIXEL_DATA).unwrap();
        let start = rec.value.start() as usize;
        let value = &data[start..];
        let (_, first) = basic_offsets(value, true).unwrap();
        let expected = fragments(value, first, true).unwrap();
        let frames = layout.frames.unwrap();
        assert_eq!(frames.len(), 1);
        let got = fetch(&data, &frames[0]);
        let want: Vec<u8> = expected
            .iter()
            .flat_map(|f| value[f.start..f.start + f.len].to_vec())
            .collect();
        assert_eq!(got, want);
        assert_eq!(layout.offset as usize, start);
    }
}
