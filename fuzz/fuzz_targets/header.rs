#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| rapidicom_core::fuzzing::header(data));
