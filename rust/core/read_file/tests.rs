use super::*;
use std::io::Write;

/// Explicit VR little endian element with a 4-byte length (OB, UN, ...).
fn long(group: u16, elem: u16, vr: &[u8; 2], value: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend(group.to_le_bytes());
    out.extend(elem.to_le_bytes());
    out.extend(vr);
    out.extend([0, 0]);
    out.extend((value.len() as u32).to_le_bytes());
    out.extend(value);
    out
}

fn short(group: u16, elem: u16, vr: &[u8; 2], value: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend(group.to_le_bytes());
    out.extend(elem.to_le_bytes());
    out.extend(vr);
    out.extend((value.len() as u16).to_le_bytes());
    out.extend(value);
    out
}

/// The tags of `sample` before its pixel data.
const HEADER_TAGS: [u32; 5] = [
    0x0008_0060,
    0x0009_1001,
    0x0010_0010,
    0x0029_1001,
    0x0028_0010,
];

/// A file with two large OB values (filled with 0xAB) between small elements.
fn sample(big: usize) -> Vec<u8> {
    let mut data = vec![0u8; 128];
    data.extend(b"DICM");
    data.extend(short(0x0002, 0x0010, b"UI", b"1.2.840.10008.1.2.1\0"));
    data.extend(short(0x0008, 0x0060, b"CS", b"CT"));
    data.extend(long(0x0009, 0x1001, b"OB", &vec![0xAB; big]));
    data.extend(short(0x0010, 0x0010, b"PN", b"Doe^John"));
    data.extend(long(0x0029, 0x1001, b"OB", &vec![0xAB; big]));
    data.extend(short(0x0028, 0x0010, b"US", &[4, 0]));
    data.extend(long(0x7FE0, 0x0010, b"OB", &vec![0xCD; big]));
    data
}

fn write_temp(name: &str, data: &[u8]) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!("rapidicom-{}-{name}", std::process::id()));
    File::create(&path).unwrap().write_all(data).unwrap();
    path
}

/// Write `data` to a temporary file and read it back with `opts`.
fn read_back(name: &str, data: &[u8], opts: &ReadOptions) -> FileRead {
    let path = write_temp(name, data);
    let read = read_file(&path, opts).unwrap();
    std::fs::remove_file(&path).unwrap();
    read
}

fn deferring(size: u64) -> ReadOptions {
    ReadOptions {
        defer_size: Some(size),
        ..Default::default()
    }
}

fn tags(parsed: &ParsedFile) -> Vec<u32> {
    parsed.dataset.elements.iter().map(|e| e.tag).collect()
}

#[test]
fn whole_file_parses_as_from_memory() {
    let data = sample(1000);
    let read = read_back("whole", &data, &ReadOptions::default());
    assert_eq!(read.data, data);
    let in_memory = parse::parse_file(&data, &ReadOptions::default()).unwrap();
    assert_eq!(read.parsed.dataset, in_memory.dataset);
    assert!(read.mtime.is_some());
}

#[test]
fn deferred_values_longer_than_a_block_are_not_read() {
    let big = 3 * MIN_SKIP as usize;
    let data = sample(big);
    let opts = deferring(1024);
    let read = read_back("sparse", &data, &opts);
    assert_eq!(read.data.len(), data.len());
    let full = parse::parse_file(&data, &opts).unwrap();
    assert_eq!(
        read.parsed.dataset, full.dataset,
        "the same index as a full read"
    );
    assert_eq!(tags(&read.parsed)[..5], HEADER_TAGS);
    assert_eq!(tags(&read.parsed)[5..], [0x7FE0_0010]);
    // Of each deferred value, at most the block it starts in was read.
    for e in &read.parsed.dataset.elements {
        if let ValueRef::Deferred { start } = e.value {
            let tail = start as usize + MIN_SKIP as usize..start as usize + e.length as usize;
            assert!(
                read.data[tail].iter().all(|&b| b == 0),
                "{:08X} was read",
                e.tag
            );
        }
    }
    // Loaded values hold the file's bytes.
    let name = &read.parsed.dataset.get(0x0010_0010).unwrap().value;
    assert_eq!(&read.data[name.range().unwrap()], b"Doe^John");
}

#[test]
fn deferred_values_within_a_block_are_read_with_it() {
    let data = sample(2000);
    let opts = deferring(100);
    let read = read_back("small", &data, &opts);
    assert_eq!(read.data, data);
    assert!(matches!(
        read.parsed.dataset.get(0x0009_1001).unwrap().value,
        ValueRef::Deferred { .. }
    ));
}

#[test]
fn header_only_reads_stop_at_the_pixel_data_with_or_without_defer_size() {
    let big = 3 * MIN_SKIP as usize;
    let data = sample(big);
    let path = write_temp("header", &data);
    for defer_size in [None, Some(1024)] {
        let opts = ReadOptions {
            stop_before_pixels: true,
            defer_size,
            ..Default::default()
        };
        let read = read_file(&path, &opts).unwrap();
        assert_eq!(tags(&read.parsed), HEADER_TAGS);
        if defer_size.is_some() {
            assert!(read.data.len() < data.len(), "the pixel data was not read");
        }
    }
    std::fs::remove_file(&path).unwrap();
}

#[test]
fn a_value_longer_than_the_file_ends_the_read_as_in_memory() {
    let mut data = sample(3 * MIN_SKIP as usize);
    let cut = data.len() - MIN_SKIP as usize;
    data.truncate(cut);
    let opts = deferring(1024);
    let read = read_back("cut", &data, &opts);
    assert_eq!(read.data.len(), cut);
    assert_eq!(
        read.parsed.dataset,
        parse::parse_file(&data, &opts).unwrap().dataset
    );
}

#[test]
fn errors_are_reported_as_io_or_parse() {
    let missing = std::env::temp_dir().join("rapidicom-no-such-file.dcm");
    assert!(matches!(
        read_file(&missing, &ReadOptions::default()),
        Err(ReadFileError::Io(_))
    ));
    let path = write_temp("notdicom", b"not a DICOM file at all");
    for defer_size in [None, Some(10)] {
        let opts = ReadOptions {
            defer_size,
            ..Default::default()
        };
        assert!(matches!(
            read_file(&path, &opts),
            Err(ReadFileError::Parse(Error::NotDicom))
        ));
    }
    std::fs::remove_file(&path).unwrap();
}
