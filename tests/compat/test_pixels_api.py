"""The rest of the pixel API against pydicom: compress/decompress, encaps,
processing (LUTs, windowing, colour), bit packing, set_pixel_data, overlays and
waveforms. Each scenario runs in both libraries; results, exceptions and warnings
must be the same."""

import io
import struct

import numpy as np
import pydicom
import pytest
from pydicom.data import get_testdata_file

import rapidicom

from .pixels import image, pixel_outcome


def wheel(name):
    return get_testdata_file(name)


def same(scenario):
    theirs = pixel_outcome(scenario, pydicom)
    ours = pixel_outcome(scenario, rapidicom)
    assert ours == theirs
    return ours


def plugin(lib):
    # pydicom would pick GDCM or pylibjpeg first when installed; its own encoder is
    # the one whose bytes ours must equal.
    return {"encoding_plugin": "pydicom"} if lib is pydicom else {}


COMPRESSIBLE = [
    "CT_small.dcm",
    "MR_small.dcm",
    "SC_rgb_small_odd.dcm",
    "examples_rgb_color.dcm",
    "examples_palette.dcm",
    "SC_rgb_jpeg_dcmd.dcm",
    "MR_small_implicit.dcm",
    "rtdose.dcm",
]


@pytest.mark.parametrize("name", COMPRESSIBLE)
@pytest.mark.parametrize("extended", [False, True])
def test_compress(name, extended):
    def scenario(lib):
        ds = lib.dcmread(wheel(name))
        ds.compress(lib.uid.RLELossless, encapsulate_ext=extended, generate_instance_uid=False, **plugin(lib))
        fp = io.BytesIO()
        ds.save_as(fp)
        return fp.getvalue(), ds.pixel_array

    same(scenario)


def test_compress_an_array_and_refusals():
    def with_array(lib):
        ds = lib.dcmread(wheel("CT_small.dcm"))
        arr = ds.pixel_array[::-1].copy()
        ds.compress(lib.uid.RLELossless, arr, generate_instance_uid=False, **plugin(lib))
        return ds.PixelData, ds.pixel_array

    def compressed_twice(lib):
        ds = lib.dcmread(wheel("MR_small_RLE.dcm"))
        ds.compress(lib.uid.RLELossless, **plugin(lib))

    def no_encoder(lib):
        lib.dcmread(wheel("CT_small.dcm")).compress(lib.uid.JPEGBaseline8Bit)

    def new_uids(lib):
        ds = lib.dcmread(wheel("CT_small.dcm"))
        ds.compress(lib.uid.RLELossless, **plugin(lib))
        return (
            ds.SOPInstanceUID
            == ds.file_meta.MediaStorageSOPInstanceUID
            != "1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322"
        )

    for scenario in (with_array, compressed_twice, new_uids):
        same(scenario)
    with pytest.raises(NotImplementedError):
        no_encoder(rapidicom)


DECOMPRESSIBLE = [
    "MR_small_RLE.dcm",
    "SC_rgb_rle.dcm",
    "SC_rgb_rle_16bit_2frame.dcm",
    "SC_rgb_rle_32bit_2frame.dcm",
    "rtdose_rle.dcm",
    "rtdose_rle_1frame.dcm",
]


@pytest.mark.parametrize("name", DECOMPRESSIBLE)
@pytest.mark.parametrize("as_rgb", [True, False])
def test_decompress(name, as_rgb):
    def scenario(lib):
        ds = lib.dcmread(wheel(name))
        ds.decompress(as_rgb=as_rgb, generate_instance_uid=False)
        fp = io.BytesIO()
        ds.save_as(fp)
        return fp.getvalue(), ds.pixel_array

    same(scenario)


def test_decompress_refusals_and_handler_names():
    def uncompressed(lib):
        lib.dcmread(wheel("CT_small.dcm")).decompress()

    def by_handler_name(lib):
        ds = lib.dcmread(wheel("SC_rgb_rle.dcm"))
        ds.decompress("pydicom", generate_instance_uid=False)
        return ds.PixelData

    def unknown_plugin(lib):
        lib.dcmread(wheel("SC_rgb_rle.dcm")).decompress(decoding_plugin="nope")

    for scenario in (uncompressed, by_handler_name):
        same(scenario)
    with pytest.raises(ValueError, match="No plugin named 'nope'"):
        unknown_plugin(rapidicom)
    # The 2.x handler names of the seeds are accepted too.
    ds = rapidicom.dcmread(wheel("SC_rgb_rle.dcm"))
    ds.convert_pixel_data("rle")
    assert np.array_equal(ds.pixel_array, pydicom.dcmread(wheel("SC_rgb_rle.dcm")).pixel_array)


def test_ybr_rle_is_converted_to_rgb_unless_asked():
    data = image(
        syntax="rle",
        bits_allocated=8,
        bits_stored=8,
        signed=0,
        samples=3,
        planar=0,
        frames=2,
        photometric="YBR_FULL",
        rows=16,
        columns=16,
    )

    def scenario(lib):
        ds = lib.dcmread(io.BytesIO(data))
        converted = ds.pixel_array
        ds.pixel_array_options(as_rgb=False)
        kept = ds.pixel_array
        ds.decompress(generate_instance_uid=False)
        return [converted, kept], ds.PhotometricInterpretation

    same(scenario)


ENCAPSULATED = [
    "MR_small_RLE.dcm",
    "SC_rgb_rle_2frame.dcm",
    "JPEG2000.dcm",
    "SC_rgb_jpeg.dcm",
    "JPGExtended.dcm",
    "JPEG2000-embedded-sequence-delimiter.dcm",
]


@pytest.mark.parametrize("name", ENCAPSULATED)
def test_encaps_functions(name):
    def scenario(lib):
        ds = lib.dcmread(wheel(name))
        data = ds.PixelData
        frames = int(ds.get("NumberOfFrames", 1))
        enc = lib.encaps
        fragments = list(enc.generate_fragments(data[8 + 4 * len(enc.parse_basic_offsets(data)) :]))
        out = [
            enc.parse_basic_offsets(data),
            enc.parse_fragments(data),
            fragments,
            list(enc.generate_fragmented_frames(data, number_of_frames=frames)),
            list(enc.generate_frames(data, number_of_frames=frames)),
            [enc.get_frame(data, i, number_of_frames=frames) for i in range(frames)],
            enc.encapsulate(fragments),
            enc.encapsulate(fragments, fragments_per_frame=2, has_bot=True)
            if all(len(f) > 3 for f in fragments)
            else None,
            enc.encapsulate_extended(fragments),
            list(enc.fragment_frame(fragments[0], 3)) if len(fragments[0]) > 6 else None,
            enc.itemize_fragment(b"\x01\x02"),
        ]
        stream = io.BytesIO(b"junk" + data)
        stream.seek(4)
        out.append((enc.get_frame(stream, 0, number_of_frames=frames), stream.tell()))
        out.append((enc.parse_basic_offsets(stream), stream.tell()))
        return out

    same(scenario)


def test_encaps_errors():
    def scenario_for(data, **kwargs):
        def scenario(lib):
            return list(lib.encaps.generate_frames(data, **kwargs))

        return scenario

    good = pydicom.encaps.encapsulate([b"\x01\x02", b"\xff\xd9\x00\x00", b"\x05\x06"], has_bot=False)
    for data, kwargs in [
        (b"\xfe\xff\x00\xe0\x03\x00\x00\x00abc", {}),
        (b"\xfe\xff\x01\xe0\x00\x00\x00\x00", {}),
        (b"\xfe\xff\x00\xe0\x00\x00\x00\x00\x10\x00\x10\x00\x00\x00\x00\x00", {}),
        (b"\xfe\xff\x00\xe0\x00\x00\x00\x00\xfe\xff\x00\xe0\xff\xff\xff\xff", {}),
        (good, {}),
        (good, {"number_of_frames": 2}),
        (good, {"number_of_frames": 5}),
        (good, {"extended_offsets": ([0, 10], [2, 4])}),
    ]:
        same(scenario_for(data, **kwargs))

    def bad_index(lib):
        return lib.encaps.get_frame(good, 7, number_of_frames=2)

    same(bad_index)


def test_processing_on_wheel_files():
    def scenario(lib):
        out = []
        ct = lib.dcmread(wheel("CT_small.dcm"))
        arr = ct.pixel_array
        out.append(lib.pixels.apply_modality_lut(arr, ct))
        out.append(lib.pixels.apply_voi_lut(arr, ct))
        ct.WindowCenter, ct.WindowWidth = [40, 400], [400, 2000]
        for function in ("LINEAR", "LINEAR_EXACT", "SIGMOID"):
            ct.VOILUTFunction = function
            out.append(lib.pixels.apply_windowing(arr, ct, index=1))
        mr = lib.dcmread(wheel("MR_small.dcm"))
        out.append(lib.pixels.apply_voi_lut(mr.pixel_array, mr, prefer_lut=False))
        rgb = lib.dcmread(wheel("examples_rgb_color.dcm")).pixel_array
        ybr = lib.pixels.convert_color_space(rgb, "RGB", "YBR_FULL")
        out.extend([ybr, lib.pixels.convert_color_space(ybr, "YBR_FULL", "RGB")])
        palette = lib.dcmread(wheel("examples_palette.dcm"))
        out.append(lib.pixels.apply_color_lut(palette.pixel_array, palette))
        return out

    same(scenario)


def test_luts_from_sequences():
    def scenario(lib):
        ds = lib.dcmread(wheel("CT_small.dcm"))
        arr = ds.pixel_array
        item = lib.Dataset()
        item.LUTDescriptor = [256, 0, 16]
        item.LUTData = list(range(0, 65536, 256))
        item["LUTData"].VR = "US"
        ds.ModalityLUTSequence = [item]
        voi = lib.Dataset()
        voi.LUTDescriptor = [128, 10, 8]
        voi.LUTData = list(range(128))
        voi["LUTData"].VR = "US"
        ds.VOILUTSequence = [voi]
        ds.WindowCenter, ds.WindowWidth = 100, 200
        return [
            lib.pixels.apply_modality_lut(arr, ds),
            lib.pixels.apply_voi_lut(arr, ds),
            lib.pixels.apply_voi_lut(arr, ds, prefer_lut=False),
        ]

    same(scenario)


def test_bits_packing_and_set_pixel_data():
    def bits(lib):
        values = np.array([1, 0, 1, 1, 0, 0, 0, 1, 1, 1, 0], dtype="u1")
        packed = lib.pixels.pack_bits(values)
        return [
            packed,
            lib.pixels.pack_bits(values, pad=False),
            lib.pixels.unpack_bits(packed),
            lib.pixels.unpack_bits(packed, as_array=False),
        ]

    def not_binary(lib):
        lib.pixels.pack_bits(np.array([2, 0]))

    def set_data(photometric, arr, bits_stored):
        def scenario(lib):
            ds = lib.dcmread(wheel("CT_small.dcm"))
            lib.pixels.set_pixel_data(ds, arr, photometric, bits_stored, generate_instance_uid=False)
            return [ds.pixel_array], ds.PixelData, ds.BitsStored, ds.get("NumberOfFrames"), ds.PhotometricInterpretation

        return scenario

    rng = np.random.default_rng(1)
    same(bits)
    same(not_binary)
    same(set_data("MONOCHROME2", rng.integers(0, 4095, (3, 10, 12), dtype="u2"), 12))
    same(set_data("RGB", rng.integers(0, 255, (10, 12, 3), dtype="u1"), 8))
    same(set_data("YBR_FULL_422", rng.integers(0, 255, (2, 4, 6, 3), dtype="u1"), 8))
    same(set_data("MONOCHROME2", rng.integers(-100, 100, (4, 4), dtype="i2"), 4))
    same(set_data("RGB", np.zeros((4, 4), dtype="u1"), 8))


def test_overlays_and_waveforms():
    def overlay(lib):
        ds = lib.dcmread(wheel("examples_overlay.dcm"))
        return [ds.overlay_array(0x6000)]

    def bad_group(lib):
        lib.dcmread(wheel("examples_overlay.dcm")).overlay_array(0x5000)

    def missing(lib):
        lib.dcmread(wheel("CT_small.dcm")).overlay_array(0x6000)

    def waveforms(lib):
        ds = lib.dcmread(wheel("waveform_ecg.dcm"))
        raw = list(lib.waveforms.generate_multiplex(ds))
        return [ds.waveform_array(0), ds.waveform_array(1), *raw]

    for scenario in (overlay, bad_group, missing, waveforms):
        same(scenario)


def test_a_plugin_that_panics_is_a_failed_plugin_not_a_crash():
    # pylibjpeg-rle panics on some corrupt RLE frames (found by the fuzz test);
    # the PanicException is a BaseException, which pydicom lets through.
    from rapidicom.encaps import encapsulate
    from rapidicom.pixels.decoders import RLELosslessDecoder

    from . import panicking_plugin

    module = panicking_plugin.__name__
    bad = encapsulate([struct.pack("<I", 1).ljust(64, b"\0") + b"\xfe\x07"])  # 3 bytes of 4
    opts = dict(rows=2, columns=2, samples_per_pixel=1, number_of_frames=1, bits_allocated=8, bits_stored=8,
                pixel_representation=0, photometric_interpretation="MONOCHROME2")  # fmt: skip
    RLELosslessDecoder.add_plugin("panics", (module, "_decode_frame"))
    try:
        with pytest.raises(RuntimeError, match="(?s)pydicom: .*\n  panics: index out of bounds"):
            RLELosslessDecoder.as_array(bad, **opts)
        with pytest.raises(RuntimeError, match="plugins:\n  panics: index out of bounds"):
            RLELosslessDecoder.as_array(bad, decoding_plugin="panics", **opts)
        panicking_plugin.INTERRUPT = True
        with pytest.raises(KeyboardInterrupt):
            RLELosslessDecoder.as_array(bad, decoding_plugin="panics", **opts)
    finally:
        panicking_plugin.INTERRUPT = False
        RLELosslessDecoder.remove_plugin("panics")
