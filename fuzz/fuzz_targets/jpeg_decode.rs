#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| rapidicom::core::fuzzing::jpeg_decode(data));
