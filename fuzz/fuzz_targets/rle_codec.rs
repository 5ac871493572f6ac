#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| rapidicom_core::fuzzing::rle_codec(data));
