#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| rapidicom::core::fuzzing::j2k_codec(data));
