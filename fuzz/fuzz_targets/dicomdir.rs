#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| rapidicom::core::fuzzing::dicomdir(data));
