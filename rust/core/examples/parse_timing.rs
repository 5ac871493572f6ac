//! Times stage 1 on a file: `cargo run --release -p rapidicom-core --example parse_timing -- FILE`.

use std::time::Instant;

use rapidicom_core::parse::{parse_file, ReadOptions};

fn main() {
    let path = std::env::args().nth(1).expect("usage: parse_timing FILE");
    let data = std::fs::read(&path).expect("readable file");
    let opts = ReadOptions::default();
    let runs: u32 = std::env::args()
        .nth(2)
        .and_then(|n| n.parse().ok())
        .unwrap_or(20_000);
    let start = Instant::now();
    for _ in 0..runs {
        std::hint::black_box(parse_file(&data, &opts).expect("parses"));
    }
    let parse = start.elapsed() / runs;
    let start = Instant::now();
    for _ in 0..runs {
        std::hint::black_box(std::fs::read(&path).expect("readable"));
    }
    let read = start.elapsed() / runs;
    println!(
        "parse {parse:?} per file, read {read:?} per file ({} bytes)",
        data.len()
    );
}
