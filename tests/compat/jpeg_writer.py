"""A small JPEG writer for test inputs: sequential DCT with Huffman coding
(ITU T.81 processes 1 and 4), 8 or 12 bits, any sampling factors, restart
intervals, interleaved or one scan per component; and lossless (process 14,
any predictor) for greyscale. No library writes 12-bit
DCT JPEG for Python, so the 12-bit decoder's tests make their frames here and
decode them with pydicom's plugin as the reference.

Written from T.81 (A.3 FDCT, F.1.2 coding, H.1 lossless, K.2 table building);
slow and plain."""

import heapq
import math
from dataclasses import dataclass

import numpy as np

ZIGZAG = np.array(
    [
        0,
        1,
        8,
        16,
        9,
        2,
        3,
        10,
        17,
        24,
        32,
        25,
        18,
        11,
        4,
        5,
        12,
        19,
        26,
        33,
        40,
        48,
        41,
        34,
        27,
        20,
        13,
        6,
        7,
        14,
        21,
        28,
        35,
        42,
        49,
        56,
        57,
        50,
        43,
        36,
        29,
        22,
        15,
        23,
        30,
        37,
        44,
        51,
        58,
        59,
        52,
        45,
        38,
        31,
        39,
        46,
        53,
        60,
        61,
        54,
        47,
        55,
        62,
        63,
    ]
)

# T.81 K.1 luminance table, row-major; scaled by `quality` as libjpeg scales it.
BASE_QUANT = np.array(
    [
        16,
        11,
        10,
        16,
        24,
        40,
        51,
        61,
        12,
        12,
        14,
        19,
        26,
        58,
        60,
        55,
        14,
        13,
        16,
        24,
        40,
        57,
        69,
        56,
        14,
        17,
        22,
        29,
        51,
        87,
        80,
        62,
        18,
        22,
        37,
        56,
        68,
        109,
        103,
        77,
        24,
        35,
        55,
        64,
        81,
        104,
        113,
        92,
        49,
        64,
        78,
        87,
        103,
        121,
        120,
        101,
        72,
        92,
        95,
        98,
        112,
        100,
        103,
        99,
    ]
)

_K = np.arange(8)
_DCT = np.array(
    [
        [(math.sqrt(0.5) if u == 0 else 1.0) * math.cos((2 * _K[x] + 1) * u * math.pi / 16) / 2 for x in range(8)]
        for u in range(8)
    ]
)


@dataclass
class Layout:
    precision: int = 12
    sampling: tuple = ((1, 1),)  # (h, v) per component
    restart_interval: int = 0
    separate_scans: bool = False
    quality: int = 75


def quant_table(quality):
    scale = 5000 // quality if quality < 50 else 200 - 2 * quality
    return np.clip((BASE_QUANT * scale + 50) // 100, 1, 255)


def _planes(image, layout):
    """Each component subsampled (block means) and padded to whole MCUs."""
    rows, columns = image.shape[:2]
    max_h = max(h for h, _ in layout.sampling)
    max_v = max(v for _, v in layout.sampling)
    mcus = (math.ceil(rows / (8 * max_v)), math.ceil(columns / (8 * max_h)))
    planes = []
    for c, (h, v) in enumerate(layout.sampling):
        fy, fx = max_v // v, max_h // h
        full = np.pad(
            image[..., c].astype(float),
            ((0, mcus[0] * 8 * max_v - rows), (0, mcus[1] * 8 * max_h - columns)),
            mode="edge",
        )
        planes.append(full.reshape(full.shape[0] // fy, fy, full.shape[1] // fx, fx).mean(axis=(1, 3)))
    return planes, mcus


def _coefficients(plane, quant, precision):
    """Quantized coefficients per block, zig-zag ordered: [block row][block column][64]."""
    shifted = plane - 2 ** (precision - 1)
    by, bx = plane.shape[0] // 8, plane.shape[1] // 8
    blocks = shifted.reshape(by, 8, bx, 8).transpose(0, 2, 1, 3)
    coefs = np.einsum("ux,abxy,vy->abuv", _DCT, blocks, _DCT).reshape(by, bx, 64)
    return np.round(coefs / quant.reshape(64)).astype(int)[..., ZIGZAG]


def _category(value):
    return int(abs(value)).bit_length()


def _bits_of(value, size):
    return value if value >= 0 else value + (1 << size) - 1


def _block_symbols(zz, prediction):
    """(table, symbol, extra bits, extra size) for one block; returns new prediction."""
    out = []
    diff = int(zz[0]) - prediction
    size = _category(diff)
    out.append(("dc", size, _bits_of(diff, size), size))
    run = 0
    last = max((k for k in range(1, 64) if zz[k] != 0), default=0)
    for k in range(1, last + 1):
        value = int(zz[k])
        if value == 0:
            run += 1
            continue
        while run > 15:
            out.append(("ac", 0xF0, 0, 0))
            run -= 16
        size = _category(value)
        out.append(("ac", (run << 4) | size, _bits_of(value, size), size))
        run = 0
    if last < 63:
        out.append(("ac", 0x00, 0, 0))
    return out, int(zz[0])


def _code_lengths(frequencies):
    """Huffman code lengths of at most 16 bits (T.81 K.2, with a reserved symbol
    so no code is all ones)."""
    counts = dict(frequencies)
    counts[256] = 1
    heap = [(n, i, (s,)) for i, (s, n) in enumerate(sorted(counts.items()))]
    heapq.heapify(heap)
    lengths = dict.fromkeys(counts, 0)
    order = len(heap)
    while len(heap) > 1:
        n1, _, a = heapq.heappop(heap)
        n2, _, b = heapq.heappop(heap)
        for s in a + b:
            lengths[s] += 1
        heapq.heappush(heap, (n1 + n2, order, a + b))
        order += 1
    bits = [0] * 33
    for n in lengths.values():
        bits[max(n, 1)] += 1
    for i in range(32, 16, -1):  # K.3 Adjust_BITS
        while bits[i] > 0:
            j = i - 2
            while bits[j] == 0:
                j -= 1
            bits[i] -= 2
            bits[i - 1] += 1
            bits[j + 1] += 2
            bits[j] -= 1
    i = 16
    while bits[i] == 0:
        i -= 1
    bits[i] -= 1  # drop the reserved symbol
    symbols = sorted((s for s in counts if s != 256), key=lambda s: (lengths[s], s))
    return bits[1:17], symbols


def _table(frequencies):
    counts, symbols = _code_lengths(frequencies)
    codes, code, k = {}, 0, 0
    for length in range(1, 17):
        for _ in range(counts[length - 1]):
            codes[symbols[k]] = (code, length)
            code += 1
            k += 1
        code <<= 1
    return counts, symbols, codes


class _Bits:
    def __init__(self):
        self.out, self.value, self.count = bytearray(), 0, 0

    def put(self, value, size):
        for i in range(size - 1, -1, -1):
            self.value = (self.value << 1) | ((value >> i) & 1)
            self.count += 1
            if self.count == 8:
                self.out.append(self.value)
                if self.value == 0xFF:
                    self.out.append(0)
                self.value, self.count = 0, 0

    def flush(self):
        while self.count:
            self.put(1, 1)
        return bytes(self.out)


def _segment(marker, payload):
    return bytes([0xFF, marker]) + (len(payload) + 2).to_bytes(2, "big") + payload


def encode(image, layout: Layout | None = None):
    """`image` (rows, columns[, components]) of unsigned samples as a JPEG frame."""
    layout = layout or Layout()
    image = image.reshape(image.shape[:2] + (-1,))
    quant = quant_table(layout.quality)
    planes, (mcus_high, mcus_wide) = _planes(image, layout)
    coefs = [_coefficients(p, quant.reshape(8, 8), layout.precision) for p in planes]
    scans = [[c] for c in range(len(planes))] if layout.separate_scans else [list(range(len(planes)))]

    # Symbols of every scan, in coding order, restart points marked.
    coded = []
    for members in scans:
        units = []
        if len(members) == 1:
            c = members[0]
            h, v = layout.sampling[c]
            max_h = max(s[0] for s in layout.sampling)
            max_v = max(s[1] for s in layout.sampling)
            wide = math.ceil(math.ceil(image.shape[1] * h / max_h) / 8)
            high = math.ceil(math.ceil(image.shape[0] * v / max_v) / 8)
            units = [[(c, by, bx)] for by in range(high) for bx in range(wide)]
        else:
            for my in range(mcus_high):
                for mx in range(mcus_wide):
                    units.append(
                        [
                            (c, my * v + y, mx * h + x)
                            for c in members
                            for h, v in [layout.sampling[c]]
                            for y in range(v)
                            for x in range(h)
                        ]
                    )
        symbols, predictions = [], {}
        for n, unit in enumerate(units):
            if layout.restart_interval and n and n % layout.restart_interval == 0:
                symbols.append(("restart", (n // layout.restart_interval - 1) % 8))
                predictions = {}
            for c, by, bx in unit:
                block, predictions[c] = _block_symbols(coefs[c][by, bx], predictions.get(c, 0))
                symbols.extend(block)
        coded.append((members, symbols))

    counts = {"dc": {}, "ac": {}}
    for _, symbols in coded:
        for item in symbols:
            if item[0] != "restart":
                counts[item[0]][item[1]] = counts[item[0]].get(item[1], 0) + 1
    tables = {kind: _table(freq or {0: 1}) for kind, freq in counts.items()}

    wide_quant = layout.precision > 8
    out = bytearray(b"\xff\xd8")
    qvalues = quant.reshape(64)[ZIGZAG]
    out += _segment(
        0xDB,
        bytes([0x10 if wide_quant else 0])
        + (b"".join(int(q).to_bytes(2, "big") for q in qvalues) if wide_quant else bytes(qvalues.tolist())),
    )
    frame = bytes([layout.precision]) + image.shape[0].to_bytes(2, "big") + image.shape[1].to_bytes(2, "big")
    frame += bytes([len(planes)]) + b"".join(
        bytes([c + 1, (h << 4) | v, 0]) for c, (h, v) in enumerate(layout.sampling)
    )
    out += _segment(0xC1 if layout.precision > 8 else 0xC0, frame)
    for cls, kind in ((0, "dc"), (1, "ac")):
        bits, symbols, _ = tables[kind]
        out += _segment(0xC4, bytes([cls << 4]) + bytes(bits) + bytes(symbols))
    if layout.restart_interval:
        out += _segment(0xDD, layout.restart_interval.to_bytes(2, "big"))
    for members, symbols in coded:
        out += _segment(0xDA, bytes([len(members)]) + b"".join(bytes([c + 1, 0x00]) for c in members) + b"\x00\x3f\x00")
        bits = _Bits()
        for item in symbols:
            if item[0] == "restart":
                out += bits.flush() + bytes([0xFF, 0xD0 + item[1]])
                bits = _Bits()
                continue
            kind, symbol, extra, size = item
            code, length = tables[kind][2][symbol]
            bits.put(code, length)
            bits.put(extra, size)
        out += bits.flush()
    return bytes(out + b"\xff\xd9")


def _predictions(image, predictor, precision):
    """T.81 H.1.2.1 predictions for every sample of a greyscale image."""
    x = image.astype(np.int64)
    a = np.zeros_like(x)  # left
    b = np.zeros_like(x)  # above
    c = np.zeros_like(x)  # above left
    a[:, 1:], b[1:, :], c[1:, 1:] = x[:, :-1], x[:-1, :], x[:-1, :-1]
    chosen = {1: a, 2: b, 3: c, 4: a + b - c, 5: a + ((b - c) >> 1), 6: b + ((a - c) >> 1), 7: (a + b) >> 1}[predictor]
    out = chosen.copy()
    out[0, 1:] = x[0, :-1]  # first row: the left neighbour
    out[1:, 0] = x[:-1, 0]  # first column: the one above
    out[0, 0] = 1 << (precision - 1)
    return out


def encode_lossless(image, precision=16, predictor=1):
    """A greyscale `image` as a lossless JPEG frame (SOF3, one scan)."""
    diffs = (image.astype(np.int64) - _predictions(image, predictor, precision)) % 65536
    diffs = np.where(diffs >= 32768, diffs - 65536, diffs).reshape(-1)
    sizes = [16 if d == -32768 else _category(d) for d in diffs.tolist()]
    frequencies = {}
    for size in sizes:
        frequencies[size] = frequencies.get(size, 0) + 1
    counts, symbols, codes = _table(frequencies)
    bits = _Bits()
    for d, size in zip(diffs.tolist(), sizes):
        code, length = codes[size]
        bits.put(code, length)
        if size < 16:
            bits.put(_bits_of(d, size), size)
    out = bytearray(b"\xff\xd8")
    frame = bytes([precision]) + image.shape[0].to_bytes(2, "big") + image.shape[1].to_bytes(2, "big")
    out += _segment(0xC3, frame + bytes([1, 1, 0x11, 0]))
    out += _segment(0xC4, bytes([0]) + bytes(counts) + bytes(symbols))
    out += _segment(0xDA, bytes([1, 1, 0x00, predictor, 0, 0]))
    return bytes(out + bits.flush() + b"\xff\xd9")
