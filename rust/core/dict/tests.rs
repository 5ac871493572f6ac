use super::*;

#[test]
fn exact_elements() {
    let e = element(0x0010_0010).unwrap();
    assert_eq!(
        (&*e.vr, &*e.vm, &*e.name, &*e.keyword),
        ("PN", "1", "Patient's Name", "PatientName")
    );
    assert!(!e.retired);
    let cmd = element(0x0000_0100).unwrap();
    assert_eq!(cmd.keyword, "CommandField");
    assert!(
        element(0x0000_0001).unwrap().retired,
        "PS3.7 E.2-1 rows are retired"
    );
    assert_eq!(element(0x0028_0020).unwrap().name, "Retired-blank");
    assert_eq!(element(0x0028_1200).unwrap().vr, "US or SS or OW");
    assert!(element(0x0009_0010).is_none());
    assert!(
        element(0x6000_3000).is_none(),
        "repeaters are not exact entries"
    );
}

#[test]
fn repeating_groups() {
    let (pattern, e) = repeater(0x6002_3000).unwrap();
    assert_eq!((pattern, e.keyword), ("60xx3000", "OverlayData"));
    assert_eq!(repeater(0x0020_3105).unwrap().0, "002031xx");
    assert_eq!(repeater(0x1010_1234).unwrap().0, "1010xxxx");
    assert_eq!(
        repeater(0x6001_3000).unwrap().0,
        "60xx3000",
        "the mask ignores privacy"
    );
    assert!(
        element_or_repeater(0x6001_3000).is_none(),
        "but private tags get no entry"
    );
    assert_eq!(
        element_or_repeater(0x50FE_0005).unwrap().keyword,
        "CurveDimensions"
    );
    assert!(is_repeater_keyword("OverlayData"));
    assert!(!is_repeater_keyword("PatientName"));
}

#[test]
fn keywords() {
    assert_eq!(tag_for_keyword("PatientName"), Some(0x0010_0010));
    assert_eq!(tag_for_keyword("CommandGroupLength"), Some(0x0000_0000));
    assert_eq!(tag_for_keyword("patientname"), None);
    assert_eq!(
        tag_for_keyword("OverlayData"),
        None,
        "repeater keywords have no tag"
    );
    for e in table_elements::ELEMENTS
        .iter()
        .filter(|e| !e.keyword.is_empty())
    {
        assert_eq!(tag_for_keyword(e.keyword), Some(e.tag), "{}", e.keyword);
    }
}

#[test]
fn tables_are_sorted_for_binary_search() {
    assert!(table_elements::ELEMENTS
        .windows(2)
        .all(|w| w[0].tag < w[1].tag));
    assert!(table_elements::KEYWORDS.windows(2).all(|w| w[0].0 < w[1].0));
    assert!(table_private::PRIVATE
        .windows(2)
        .all(|w| (w[0].0.as_bytes(), w[0].1.as_bytes()) < (w[1].0.as_bytes(), w[1].1.as_bytes())));
    assert!(table_uids::UIDS
        .windows(2)
        .all(|w| w[0].uid.as_bytes() < w[1].uid.as_bytes()));
}

#[test]
fn private_lookups() {
    let e = private_element(0x0019_100F, "GEMS_ACQU_01").unwrap();
    assert_eq!((&*e.vr, &*e.name), ("DS", "Horiz. Frame of ref."));
    // Group wildcard "60xx" rows match any overlay group.
    assert_eq!(
        private_element(0x6003_1001, "DLX_LKUP_01").unwrap().name,
        "Gray Palette color lookup table descriptor"
    );
    assert_eq!(
        private_element(0x0021_0011, "SIEMENS MR FMRI")
            .unwrap()
            .name,
        "Unknown"
    );
    assert_eq!(
        private_element(0x0019_100F, "NO SUCH CREATOR")
            .unwrap_err()
            .to_string(),
        "Private creator 'NO SUCH CREATOR' not in the private dictionary"
    );
    assert_eq!(
        private_element(0x0019_10FE, "GEMS_ACQU_01")
            .unwrap_err()
            .to_string(),
        "Tag '(0019,10FE)' not in private dictionary for private creator 'GEMS_ACQU_01'"
    );
}

#[test]
fn uids() {
    let u = uid("1.2.840.10008.1.2.5").unwrap();
    assert_eq!(
        (&*u.name, &*u.kind, &*u.keyword, u.retired),
        ("RLE Lossless", "Transfer Syntax", "RLELossless", false)
    );
    assert_eq!(
        uid("1.2.840.10008.1.2").unwrap().info,
        "Default Transfer Syntax for DICOM"
    );
    assert!(uid("1.2.3").is_none());
}

#[test]
fn runtime_additions_take_precedence_and_reject_wrong_groups() {
    let added = Entry {
        vr: "LO".into(),
        vm: "1".into(),
        name: "Rust Test Element".into(),
        keyword: "RustTestElement".into(),
        retired: false,
    };
    add_elements(vec![(0x1000_0F00, added.clone())]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(tag_for_keyword("RustTestElement"), Some(0x1000_0F00));
    assert_eq!(element(0x1000_0F00), Some(added.clone()));
    assert!(all_elements().iter().any(|(t, _)| *t == 0x1000_0F00));
    let err = add_elements(vec![(0x0011_0010, added)]).unwrap_err();
    assert!(matches!(err, Error::PrivateTagInPublicDictionary { .. }));

    let p = PrivateEntry {
        vr: "US".into(),
        vm: "1".into(),
        name: "Rust Private".into(),
    };
    add_private_elements("RUST TEST CREATOR", vec![(0x0043_1042, p.clone())]).unwrap();
    assert_eq!(
        private_element(0x0043_1142, "RUST TEST CREATOR").unwrap(),
        p,
        "keyed by block offset"
    );
    assert!(add_private_elements("X", vec![(0x0010_0010, p)]).is_err());
}

// The run-time changes are process-wide: this test uses keys no other test uses
// and undoes nothing (other tests only add and look up their own keys).
#[test]
fn live_table_changes_replace_and_remove() {
    // Public: removed entries are gone, keywords stay usable (as pydicom's
    // keyword_dict), set entries need not be public.
    remove_elements(&[0x0018_1153]);
    assert!(element(0x0018_1153).is_none());
    assert!(!all_elements().iter().any(|(t, _)| *t == 0x0018_1153));
    assert_eq!(tag_for_keyword("ExposureInuAs"), Some(0x0018_1153));

    // Private: a block replaced hides its generated entries; one removed makes
    // the creator unknown; removing one key leaves the others.
    let e = |name: &str| PrivateEntry {
        vr: "LO".into(),
        vm: "1".into(),
        name: name.to_owned().into(),
    };
    replace_private_block("GEMS_IMAG_01", Some(vec![("0027xx01".into(), e("Only"))]));
    assert_eq!(
        private_element(0x0027_1001, "GEMS_IMAG_01").unwrap().name,
        "Only"
    );
    assert!(matches!(
        private_element(0x0027_1006, "GEMS_IMAG_01"),
        Err(Error::PrivateTagNotFound { .. })
    ));
    replace_private_block("GEMS_SERS_01", None);
    assert!(matches!(
        private_element(0x0025_1006, "GEMS_SERS_01"),
        Err(Error::UnknownPrivateCreator { .. })
    ));
    assert!(!all_private().iter().any(|(c, _)| c == "GEMS_SERS_01"));
    replace_private_block("RUST EMPTY BLOCK", Some(Vec::new()));
    assert!(all_private()
        .iter()
        .any(|(c, b)| c == "RUST EMPTY BLOCK" && b.is_empty()));
    assert!(matches!(
        private_element(0x0011_1001, "RUST EMPTY BLOCK"),
        Err(Error::PrivateTagNotFound { .. })
    ));
    let before = private_element(0x0043_1002, "GEMS_PARM_01").unwrap();
    remove_private_entries("GEMS_PARM_01", &["0043xx01".to_owned()]);
    assert!(private_element(0x0043_1001, "GEMS_PARM_01").is_err());
    assert_eq!(
        private_element(0x0043_1002, "GEMS_PARM_01").unwrap(),
        before
    );
    set_private_entries("GEMS_PARM_01", vec![("0043xx01".into(), e("Back"))]);
    assert_eq!(
        private_element(0x0043_1001, "GEMS_PARM_01").unwrap().name,
        "Back"
    );

    // UIDs: set, replaced and removed.
    let added = Uid {
        name: "Rust TS".into(),
        kind: "Transfer Syntax".into(),
        info: "".into(),
        retired: false,
        keyword: "RustTS".into(),
    };
    set_uids(vec![("1.2.840.10008.9999.1".into(), added.clone())]);
    assert_eq!(uid("1.2.840.10008.9999.1"), Some(added));
    assert!(all_uids().iter().any(|(u, _)| u == "1.2.840.10008.9999.1"));
    remove_uids(&["1.2.840.10008.1.2.4.100".to_owned()]);
    assert!(uid("1.2.840.10008.1.2.4.100").is_none());
    assert!(!all_uids()
        .iter()
        .any(|(u, _)| u == "1.2.840.10008.1.2.4.100"));
}
