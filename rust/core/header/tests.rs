use super::*;
use crate::parse::parse_file;
use crate::test_files::repo_path;
use std::path::Path;

fn sample(name: &str) -> (Vec<u8>, ParsedFile) {
    let data = std::fs::read(repo_path(&format!("python/rapidicom/data/samples/{name}"))).unwrap();
    let parsed = parse_file(&data, &ReadOptions::default()).unwrap();
    (data, parsed)
}

fn find<'a>(attrs: &'a [Attribute], name: &str) -> &'a Attribute {
    attrs
        .iter()
        .find(|a| a.name == name)
        .unwrap_or_else(|| panic!("no {name}"))
}

#[test]
fn top_level_values_are_named_by_keyword_and_decoded() {
    let (data, parsed) = sample("sample_ct.dcm");
    let attrs = attributes(&data, &parsed, &Options::default());
    assert_eq!(
        find(&attrs, "Modality").cell,
        Cell::Value(Values::Text(vec!["CT".into()]))
    );
    assert_eq!(
        find(&attrs, "Rows").cell,
        Cell::Value(Values::UInt(vec![64]))
    );
    // In tag order, without group lengths.
    assert!(attrs.windows(2).all(|w| w[0].tag < w[1].tag));
    assert!(attrs.iter().all(|a| a.tag & 0xFFFF != 0));
}

#[test]
fn pixel_data_is_where_it_lies_in_the_file() {
    let (data, parsed) = sample("sample_ct.dcm");
    let attrs = attributes(&data, &parsed, &Options::default());
    let rec = parsed.dataset.get(crate::tags::PIXEL_DATA).unwrap();
    let Cell::Bulk {
        offset: Some(offset),
        length,
    } = find(&attrs, "PixelData").cell
    else {
        panic!("pixel data is bulk");
    };
    let range = rec.value.range().unwrap();
    assert_eq!(
        &data[offset as usize..(offset + length) as usize],
        &data[range]
    );
    // Short binary values stay values.
    let all_bulk = Options {
        bulk_threshold: usize::MAX,
        ..Options::default()
    };
    let attrs = attributes(&data, &parsed, &all_bulk);
    assert!(matches!(
        find(&attrs, "PixelData").cell,
        Cell::Value(Values::Bytes(_))
    ));
}

#[test]
fn sequences_are_their_items_attributes() {
    let (data, parsed) = sample("sample_rtplan.dcm");
    let attrs = attributes(&data, &parsed, &Options::default());
    let Cell::Items(beams) = &find(&attrs, "BeamSequence").cell else {
        panic!("a sequence");
    };
    assert!(!beams.is_empty());
    assert_eq!(find(&attrs, "BeamSequence").vr, Some(Vr::SQ));
    assert!(matches!(
        &find(&beams[0], "BeamName").cell,
        Cell::Value(Values::Text(names)) if !names[0].is_empty()
    ));
    // Nested deeper: control points inside each beam.
    let Cell::Items(points) = &find(&beams[0], "ControlPointSequence").cell else {
        panic!("a nested sequence");
    };
    assert!(!points.is_empty());
    // Past the depth limit, Python decides.
    let shallow = Options {
        max_depth: 1,
        ..Options::default()
    };
    let attrs = attributes(&data, &parsed, &shallow);
    let Cell::Items(beams) = &find(&attrs, "BeamSequence").cell else {
        panic!("a sequence");
    };
    assert_eq!(find(&beams[0], "ControlPointSequence").cell, Cell::Python);
}

#[test]
fn private_elements_are_named_by_group_creator_and_offset() {
    let (data, parsed) = sample("sample_private_tags.dcm");
    let attrs = attributes(&data, &parsed, &Options::default());
    let names: Vec<&str> = attrs.iter().map(|a| a.name.as_ref()).collect();
    assert!(names.contains(&"0019_GEMS_ACQU_01_0F"), "{names:?}");
    assert!(names.contains(&"0011_RAPIDICOM SAMPLE 1.0_10"), "{names:?}");
    // The creators themselves are in the names, not columns of their own.
    assert!(!attrs.iter().any(|a| Tag(a.tag).is_private_creator()));
    assert_eq!(
        find(&attrs, "0019_GEMS_ACQU_01_0F").cell,
        Cell::Value(Values::Float(vec![Some(2.5)]))
    );
}

#[test]
fn column_names() {
    assert_eq!(column_name(0x0010_0010, None), "PatientName");
    // A repeating group's element is named by its tag (groups share keywords).
    assert_eq!(column_name(0x6002_3000, None), "60023000");
    assert_eq!(column_name(0x0009_1020, Some("ACME")), "0009_ACME_20");
    assert_eq!(column_name(0x0009_1020, None), "00091020");
    assert_eq!(column_name(0x0011_0001, None), "00110001");
}

#[test]
fn a_files_header_is_read_up_to_its_pixels_which_are_located() {
    let path = repo_path("python/rapidicom/data/samples/sample_ct_rle.dcm");
    let header = file::read_header(&path, &ReadOptions::default(), &Options::default()).unwrap();
    assert_eq!(header.size, std::fs::metadata(&path).unwrap().len());
    assert_eq!(
        header.transfer_syntax.as_deref(),
        Some("1.2.840.10008.1.2.5")
    );
    // The pixel data is not among the attributes read: it is located instead.
    assert!(!header.attributes.iter().any(|a| a.name == "PixelData"));
    let pixels = header.pixels.unwrap();
    assert_eq!(pixels.tag, crate::tags::PIXEL_DATA);
    assert_eq!(pixels.offset + pixels.length, header.size);
    assert_eq!(pixels.frames.unwrap().len(), 1);
    // A file without pixel data has none to locate.
    let path = repo_path("python/rapidicom/data/samples/sample_rtplan.dcm");
    let header = file::read_header(&path, &ReadOptions::default(), &Options::default()).unwrap();
    assert_eq!(header.pixels, None);
    // A missing file is an I/O error.
    let missing = file::read_header(
        Path::new("/nonexistent.dcm"),
        &ReadOptions::default(),
        &Options::default(),
    );
    assert!(matches!(
        missing,
        Err(crate::read_file::ReadFileError::Io(_))
    ));
}
