use std::fs;

use super::fields::{record_fields, Lookup};
use super::file_ids::{check_file, check_files, component, layout_file_id, FileCheck, Prefix};
use super::links::{link, From, Link, LinkError, Parent};
use crate::tags::{
    DIRECTORY_RECORD_TYPE, OFFSET_OF_REFERENCED_LOWER_LEVEL_DIRECTORY_ENTITY,
    OFFSET_OF_THE_NEXT_DIRECTORY_RECORD, PATIENT_ID, REFERENCED_FILE_ID,
};
use crate::vr::Vr;

fn rec(offset: u64, next: u64, lower: u64, file: bool, key: &str) -> Link {
    Link {
        offset,
        next,
        lower,
        has_file_id: file,
        key: key.to_string(),
    }
}

#[test]
fn a_patient_study_series_and_two_images_link_as_a_tree() {
    let records = [
        rec(10, 0, 20, false, "P"),
        rec(20, 0, 30, false, "ST"),
        rec(30, 0, 40, false, "SE"),
        rec(40, 50, 0, true, "I1"),
        rec(50, 0, 0, true, "I2"),
    ];
    let tree = link(&records, 10).unwrap();
    assert_eq!(tree.top, vec![0]);
    assert_eq!(tree.children[2], vec![3, 4]);
    assert_eq!(tree.parent[4], Some(Parent::Record(2)));
    assert_eq!(tree.with_file_id, vec![3, 4]);
    assert_eq!(tree.reachable(), vec![0, 1, 2, 3, 4]);
}

#[test]
fn a_leaf_without_a_file_id_is_dropped_with_the_records_left_empty() {
    let records = [
        rec(10, 60, 20, false, "P1"),
        rec(20, 0, 30, false, "ST"),
        rec(30, 0, 0, false, "SE"), // no children, no File ID
        rec(60, 0, 70, false, "P2"),
        rec(70, 0, 0, true, "I"),
    ];
    let tree = link(&records, 10).unwrap();
    assert_eq!(tree.top, vec![3]);
    assert_eq!(tree.reachable(), vec![3, 4]);
}

#[test]
fn records_never_reached_are_left_without_a_parent() {
    let records = [rec(10, 0, 0, true, "A"), rec(20, 0, 0, true, "B")];
    let tree = link(&records, 10).unwrap();
    assert_eq!(tree.parent[1], None);
    assert_eq!(tree.reachable(), vec![0]);
}

#[test]
fn offsets_to_nowhere_and_loops_are_errors() {
    let to_nowhere = [rec(10, 99, 0, true, "A")];
    assert_eq!(
        link(&to_nowhere, 10),
        Err(LinkError::NoRecord {
            offset: 99,
            from: From::Next(10)
        })
    );
    assert!(matches!(
        link(&to_nowhere, 11),
        Err(LinkError::NoRecord {
            offset: 11,
            from: From::First
        })
    ));
    let self_loop = [rec(10, 10, 0, true, "A")];
    assert_eq!(
        link(&self_loop, 10),
        Err(LinkError::Loop {
            offset: 10,
            from: From::Next(10)
        })
    );
    let child_is_parent = [rec(10, 0, 10, false, "A")];
    assert_eq!(
        link(&child_is_parent, 10),
        Err(LinkError::Loop {
            offset: 10,
            from: From::Lower(10)
        })
    );
    let message = LinkError::Loop {
        offset: 10,
        from: From::Lower(10),
    }
    .to_string();
    assert!(
        message.contains("loop") && message.contains("offset 10"),
        "{message}"
    );
}

#[test]
fn a_long_chain_links_without_recursion() {
    let n = 100_000u64;
    let records: Vec<Link> = (0..n)
        .map(|i| {
            rec(
                i + 1,
                0,
                if i + 1 < n { i + 2 } else { 0 },
                i + 1 == n,
                &i.to_string(),
            )
        })
        .collect();
    let tree = link(&records, 1).unwrap();
    assert_eq!(tree.reachable().len(), n as usize);
}

#[test]
fn components_count_in_digits_or_alphanumerics() {
    assert_eq!(component("IM", 0, false), "IM000000");
    assert_eq!(component("IM", 35, true), "IM000010");
    assert_eq!(component("P1", 10, false), "P1000010");
    assert_eq!(component("", 34, true), "0000000Z");
}

#[test]
fn layout_file_ids_follow_positions_and_private_depth() {
    let records = [
        rec(10, 0, 20, false, "P"),
        rec(20, 0, 30, false, "X"),
        rec(30, 40, 0, true, "I1"),
        rec(40, 0, 0, true, "I2"),
    ];
    let tree = link(&records, 10).unwrap();
    let p = |s: &str, d: bool| {
        Some(Prefix {
            letters: s.into(),
            with_depth: d,
        })
    };
    let prefixes = [p("PT", false), p("P", true), p("IM", false), p("IM", false)];
    assert_eq!(
        layout_file_id(&tree, &prefixes, 3, false).unwrap(),
        ["PT000000", "P1000000", "IM000001"]
    );
    let unknown = [p("PT", false), None, p("IM", false), p("IM", false)];
    assert_eq!(layout_file_id(&tree, &unknown, 3, false), None);
}

#[test]
fn referenced_files_are_checked_inside_the_root() {
    let dir = std::env::temp_dir().join(format!("rapidicom-dicomdir-{}", std::process::id()));
    let root = dir.join("root");
    fs::create_dir_all(root.join("A")).unwrap();
    fs::write(root.join("A").join("F"), b"x").unwrap();
    fs::write(dir.join("secret"), b"x").unwrap();
    let root = fs::canonicalize(&root).unwrap();
    let parts = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(check_file(&root, &parts(&["A", "F"])), FileCheck::Present);
    assert_eq!(check_file(&root, &parts(&["A", "G"])), FileCheck::Missing);
    assert_eq!(
        check_file(&root, &parts(&["..", "secret"])),
        FileCheck::OutsideRoot
    );
    assert_eq!(check_file(&root, &parts(&["/etc"])), FileCheck::OutsideRoot);
    assert_eq!(
        check_file(&root, &parts(&["A", "..", "..", "root", "A", "F"])),
        FileCheck::Present
    );
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(dir.join("secret"), root.join("link")).unwrap();
        assert_eq!(check_file(&root, &parts(&["link"])), FileCheck::OutsideRoot);
    }
    let all: Vec<Vec<String>> = [
        &["A", "F"][..],
        &["A", "G"],
        &["..", "secret"],
        &["/etc"],
        &["A", "..", "..", "root", "A", "F"],
        &["B", "F"],
    ]
    .iter()
    .map(|p| parts(p))
    .collect();
    let one_by_one: Vec<FileCheck> = all.iter().map(|p| check_file(&root, p)).collect();
    assert_eq!(check_files(&root, &all), one_by_one);
    #[cfg(unix)]
    assert_eq!(
        check_files(&root, &[parts(&["link"])]),
        [FileCheck::OutsideRoot]
    );
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn record_fields_are_read_or_left_to_python() {
    let lookup = |tag: u32| match tag {
        DIRECTORY_RECORD_TYPE => Lookup::Read {
            vr: Vr::CS,
            bytes: b"PATIENT ",
            little: true,
        },
        PATIENT_ID => Lookup::Read {
            vr: Vr::LO,
            bytes: b"ID1 ",
            little: true,
        },
        OFFSET_OF_THE_NEXT_DIRECTORY_RECORD => Lookup::Read {
            vr: Vr::UL,
            bytes: &[0, 1, 0, 0],
            little: true,
        },
        OFFSET_OF_REFERENCED_LOWER_LEVEL_DIRECTORY_ENTITY => Lookup::Read {
            vr: Vr::UL,
            bytes: &[0, 0, 0, 2],
            little: false,
        },
        REFERENCED_FILE_ID => Lookup::Read {
            vr: Vr::CS,
            bytes: b"A\\B ",
            little: true,
        },
        _ => Lookup::Absent,
    };
    let fields = record_fields(lookup).unwrap();
    assert_eq!(fields.record_type.as_deref(), Some("PATIENT"));
    assert_eq!(fields.key.as_deref(), Some("ID1"));
    assert_eq!(
        (fields.next, fields.lower, fields.in_use),
        (Some(256), Some(2), None)
    );
    assert_eq!(fields.file_id, Some(vec!["A".to_string(), "B".to_string()]));
    let touched = |tag: u32| {
        if tag == OFFSET_OF_THE_NEXT_DIRECTORY_RECORD {
            Lookup::Elsewhere
        } else {
            lookup(tag)
        }
    };
    assert_eq!(record_fields(touched), None);
}
