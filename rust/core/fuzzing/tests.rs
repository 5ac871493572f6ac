//! Every input kept under `testdata/fuzz/<target>/` (crashes the fuzzers found,
//! minimised, and seeds) still passes its target's check.

use super::TARGETS;

#[test]
fn kept_inputs_pass_their_checks() {
    let root = crate::test_files::repo_path("testdata/fuzz");
    let mut seen = 0;
    for (name, check) in TARGETS {
        let Ok(entries) = std::fs::read_dir(root.join(name)) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("listing").path();
            if path.extension().is_some_and(|e| e == "md") {
                continue;
            }
            let data = std::fs::read(&path).expect("readable");
            let outcome = std::panic::catch_unwind(|| check(&data));
            assert!(outcome.is_ok(), "{name}: {} fails", path.display());
            seen += 1;
        }
    }
    assert!(seen > 0, "no kept inputs under {}", root.display());
}

#[test]
fn checks_take_the_sample_files() {
    let folder = crate::test_files::repo_path("python/rapidicom/data/samples");
    for entry in std::fs::read_dir(folder).expect("sample files") {
        let data = std::fs::read(entry.expect("listing").path()).expect("readable");
        super::parse(&data);
        super::round_trip(&data);
    }
}

#[test]
fn the_dicomdir_seed_walks_to_its_three_images() {
    let seed = crate::test_files::repo_path("testdata/fuzz/dicomdir/seed-fileset.dcm");
    let data = std::fs::read(seed).expect("tools/make_dicomdir_seed.py writes it");
    assert_eq!(super::dicomdir::walk(&data), Some(3));
}
