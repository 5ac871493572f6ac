"""Pixel data: pixel_array against a plain numpy copy of the same bytes,
RLE decoding against pylibjpeg-rle, RLE encoding against pylibjpeg-rle and GDCM
(python-gdcm, when installed) and the compressed sizes against pydicom's encoder."""

import importlib.util
import timeit

import numpy as np
import pydicom
import rle.utils as rle_utils
from corpus import ct_512, multiframe, rle
from harness import Case

import rapidicom


def _pixel_bytes(path) -> bytes:
    return pydicom.dcmread(path).PixelData


def _numpy_copy(data: bytes):
    return np.frombuffer(data, dtype=np.int16).copy()


def _rle_frames(path) -> tuple[list[bytes], dict]:
    ds = pydicom.dcmread(path)
    frames = list(pydicom.encaps.generate_frames(ds.PixelData, number_of_frames=int(ds.get("NumberOfFrames", 1))))
    opts = dict(rows=ds.Rows, columns=ds.Columns, samples_per_pixel=ds.SamplesPerPixel, bits_allocated=ds.BitsAllocated)
    return frames, opts


def _pylibjpeg_decode(frames: list[bytes], opts: dict) -> np.ndarray:
    """Each frame decoded by pylibjpeg-rle into one array of all frames, as
    pydicom's frame-by-frame path assembles them (our pixel_array's product)."""
    size = opts["rows"] * opts["columns"] * opts["samples_per_pixel"] * opts["bits_allocated"] // 8
    out = np.empty(size * len(frames), dtype=np.uint8)
    for i, frame in enumerate(frames):
        out[i * size : (i + 1) * size] = np.frombuffer(rle_utils.decode_pixel_data(frame, version=2, **opts), np.uint8)
    return out


def _encoder_opts(ds) -> dict:
    return pydicom.pixels.utils.as_pixel_options(ds)


def cases() -> list[Case]:
    ct, mf = ct_512(), multiframe()
    ct_bytes, mf_bytes = _pixel_bytes(ct), _pixel_bytes(mf)
    ours_ct, ours_mf = rapidicom.dcmread(ct), rapidicom.dcmread(mf)
    theirs_ct = pydicom.dcmread(ct)
    ct_rle, mf_rle = rle(ct), rle(mf)
    ours_ct_rle, ours_mf_rle = rapidicom.dcmread(ct_rle), rapidicom.dcmread(mf_rle)
    ct_frames, ct_opts = _rle_frames(ct_rle)
    mf_frames, mf_opts = _rle_frames(mf_rle)
    arr_ct = theirs_ct.pixel_array
    arr_mf = pydicom.dcmread(mf).pixel_array
    ct_enc_opts = _encoder_opts(theirs_ct)
    mf_enc_opts = _encoder_opts(pydicom.dcmread(mf))
    ours_encoder = rapidicom.pixels.get_encoder(rapidicom.uid.RLELossless)
    theirs_encoder = pydicom.pixels.get_encoder(pydicom.uid.RLELossless)

    def encode_ours(arr, opts):
        return list(ours_encoder.iter_encode(arr, **opts))

    def encode_theirs(arr, opts, plugin):
        return list(theirs_encoder.iter_encode(arr, encoding_plugin=plugin, **opts))

    def pylibjpeg_encode(arr, opts):
        frames = arr if arr.ndim == 3 else arr[None]
        return [
            rle_utils.encode_pixel_data(
                f.tobytes(),
                rows=opts["rows"],
                columns=opts["columns"],
                samples_per_pixel=1,
                bits_allocated=16,
                byteorder="<",
            )
            for f in frames
        ]

    result = [
        # Targets below 1: the bound is "at most 2x the time of numpy's copy".
        Case("pixel_array 512x512 int16 (vs numpy frombuffer().copy())",
             lambda: rapidicom.pixels.pixel_array(ours_ct), lambda: _numpy_copy(ct_bytes), 0.5,
             reference="numpy copy", number=200),
        Case("pixel_array 50 x 256x256 int16 (vs numpy frombuffer().copy())",
             lambda: rapidicom.pixels.pixel_array(ours_mf), lambda: _numpy_copy(mf_bytes), 0.5,
             reference="numpy copy", number=20),
        Case("pixel_array 512x512 int16 (fresh dataset each time)",
             lambda: rapidicom.dcmread(ct).pixel_array, lambda: pydicom.dcmread(ct).pixel_array, None,
             number=50),
        Case("RLE decode one 512x512 16-bit frame",
             lambda: rapidicom.pixels.pixel_array(ours_ct_rle), lambda: _pylibjpeg_decode(ct_frames, ct_opts), 2,
             reference="pylibjpeg-rle", number=50),
        Case("RLE decode 50 x 256x256 16-bit frames (both cores)",
             lambda: rapidicom.pixels.pixel_array(ours_mf_rle), lambda: _pylibjpeg_decode(mf_frames, mf_opts), 3.5,
             reference="pylibjpeg-rle", number=5),
        Case("RLE encode one 512x512 16-bit frame",
             lambda: encode_ours(arr_ct, ct_enc_opts), lambda: pylibjpeg_encode(arr_ct, ct_enc_opts), 12,
             reference="pylibjpeg-rle", number=20),
        Case("RLE encode 50 x 256x256 16-bit frames",
             lambda: encode_ours(arr_mf, mf_enc_opts), lambda: pylibjpeg_encode(arr_mf, mf_enc_opts), 12,
             reference="pylibjpeg-rle", number=5),
        Case("RLE encode one 512x512 16-bit frame (pydicom's own encoder)",
             lambda: encode_ours(arr_ct, ct_enc_opts), lambda: encode_theirs(arr_ct, ct_enc_opts, "pydicom"), None,
             number=2),
    ]  # fmt: skip
    if importlib.util.find_spec("gdcm"):
        result += [
            Case("RLE encode one 512x512 16-bit frame",
                 lambda: encode_ours(arr_ct, ct_enc_opts), lambda: encode_theirs(arr_ct, ct_enc_opts, "gdcm"), 1,
                 reference="GDCM", number=20),
            Case("RLE encode 50 x 256x256 16-bit frames",
                 lambda: encode_ours(arr_mf, mf_enc_opts), lambda: encode_theirs(arr_mf, mf_enc_opts, "gdcm"), 1,
                 reference="GDCM", number=2),
        ]  # fmt: skip
    return result


def extra_report() -> str:
    ct = pydicom.dcmread(ct_512())
    arr = ct.pixel_array
    opts = _encoder_opts(ct)
    ours = sum(len(f) for f in rapidicom.pixels.get_encoder(rapidicom.uid.RLELossless).iter_encode(arr, **opts))
    sizes = [f"RLE size of the 512x512 CT: rapidicom {ours} bytes"]
    for plugin in ("pydicom", "gdcm", "pylibjpeg"):
        encoder = pydicom.pixels.get_encoder(pydicom.uid.RLELossless)
        if plugin in encoder.available_plugins:
            size = sum(len(f) for f in encoder.iter_encode(arr, encoding_plugin=plugin, **opts))
            sizes.append(f"{plugin} {size} bytes")
    return ", ".join(sizes) + "\n\n" + _runner_api_report()


# Going through pydicom's runner API may add at most a few microseconds.
RUNNER_API_ALLOWANCE = 5e-6


def _best_of(fn, number: int = 200) -> float:
    timer = timeit.Timer(fn)
    timer.timeit(number // 4)
    return min(timer.repeat(9, number)) / number


def _runner_api_report() -> str:
    lines = ["pydicom's runner API, `get_decoder(uid).as_array(ds)`, against `pixels.pixel_array(ds)`:"]
    for label, path in (("512x512 int16, uncompressed", ct_512()), ("512x512 int16, RLE", rle(ct_512()))):
        ds = rapidicom.dcmread(path)
        uid = ds.file_meta.TransferSyntaxUID
        plain = _best_of(lambda ds=ds: rapidicom.pixels.pixel_array(ds))
        runner = _best_of(lambda ds=ds, uid=uid: rapidicom.pixels.get_decoder(uid).as_array(ds))
        added = runner - plain
        met = "yes" if added <= RUNNER_API_ALLOWANCE else "**no**"
        lines.append(
            f"- {label}: {plain * 1e6:.1f} µs plain, {runner * 1e6:.1f} µs through the runner API "
            f"({added * 1e6:+.1f} µs; at most +{RUNNER_API_ALLOWANCE * 1e6:.0f} µs: {met})"
        )
    return "\n".join(lines)
