"""The seam between Python and the Rust bindings (rust/py) holds together: every
Python object the bindings use is handed over under a name both sides know, the
flags are the ones the bindings define, and the bindings' files form no circle."""

import ast
import pathlib
import re

import rapidicom
from rapidicom import _native, _native_objects, config
from rapidicom.dataset import Dataset

ROOT = pathlib.Path(__file__).resolve().parents[1]
BINDINGS = ROOT / "rust" / "py"


def _rust_code(path: pathlib.Path) -> str:
    """`path` without its comments."""
    return "\n".join(line.split("//")[0] for line in path.read_text().splitlines())


def test_every_registered_object_has_its_field_in_the_registry():
    registry = _rust_code(BINDINGS / "registry.rs")
    objects = registry[registry.index("pub struct Objects {") : registry.index("pub struct Registry {")]
    fields = set(re.findall(r"pub (\w+): Py<", objects))
    handed = _native_objects.objects()
    assert set(handed) == fields
    assert all(value is not None for value in handed.values())


def test_the_registry_is_fetched_and_used():
    ds = rapidicom.dcmread(rapidicom.data.get_testdata_file("sample_rtplan.dcm"))
    # A sequence made natively (registry: read_sequence) of DataElements made
    # natively (registry: data_element).
    beam = ds.BeamSequence[0]
    assert type(ds["BeamSequence"]) is rapidicom.DataElement
    assert beam.BeamName


def _instances() -> dict[str, object]:
    """An object of each class whose attributes the bindings use, as the bindings
    meet them: made by the reader."""
    from rapidicom.dataelem import RawDataElement
    from rapidicom.multival import MultiValue
    from rapidicom.valuerep import IS, DSfloat, PersonName

    ds = rapidicom.dcmread(rapidicom.data.get_testdata_file("sample_rtplan.dcm"))
    seq = ds.BeamSequence
    # An item under a dataset with Pixel Representation: it is handed down.
    parent = Dataset()
    parent.PixelRepresentation = 1
    parent.BeamSequence = [Dataset()]
    return {
        "DataElement": ds["PatientName"],
        "RawDataElement": RawDataElement(rapidicom.tag.Tag(0x00100010), "PN", 4, b"A^B ", 0, False, True),
        "Dataset": parent.BeamSequence[0],
        "Sequence": seq,
        "MultiValue": MultiValue(str, ["a", "b"]),
        "PersonName": PersonName("A^B"),
        "DSfloat": DSfloat("1.5"),
        "IS": IS("3"),
    }


def test_every_python_attribute_the_bindings_use_exists():
    made = _instances()
    for cls, attribute in _native.PYTHON_ATTRIBUTES:
        assert hasattr(made[cls], attribute), f"{cls}.{attribute}"
    used = set(_native.PYTHON_ATTRIBUTES)
    assert ("Dataset", "_dict") in used and ("Sequence", "_list") in used


def test_the_bindings_name_python_attributes_in_one_place():
    # Outside python_names.rs (and element_type.rs, which defines the element
    # slots), attributes are named by their constants, not by string literals.
    literal = re.compile(r'intern!\([^,]+,\s*"')
    for path in BINDINGS.glob("*.rs"):
        if path.stem not in ("python_names", "element_type", "buffer"):
            assert not literal.search(_rust_code(path)), path.name


def test_flags_are_the_ones_the_bindings_define():
    assert _native.RAISE == config.RAISE
    defined = _rust_code(BINDINGS / "modes.rs")
    for name in ("MODE_MASK", "OFF", "DATETIME", "DS_SPECIAL", "IS_NUMPY", "NONE_EMPTY", "SEQUENCE_DEFAULTS"):
        assert f"pub const {name}: u32" in defined
        assert isinstance(getattr(_native, f"FLAG_{name}"), int)
    flags = config._fast_flags
    assert flags & _native.FLAG_SEQUENCE_DEFAULTS
    assert not flags & _native.FLAG_CHANGES_VALUES
    config.datetime_conversion = True
    try:
        assert config._fast_flags & _native.FLAG_DATETIME
    finally:
        config.datetime_conversion = False
    assert config._fast_flags == flags


def test_python_names_no_flag_bit_by_number():
    # Flag bits are `_native.FLAG_*`: no `1 << n`, and no shifting of the flags
    # to test several bits at once (a new bit would change what that means).
    package = pathlib.Path(rapidicom.__file__).parent
    for path in package.rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if not isinstance(node, ast.BinOp) or not isinstance(node.op, (ast.LShift, ast.RShift)):
                continue
            text = ast.unparse(node.left)
            assert not (isinstance(node.op, ast.LShift) and text == "1" and path.name in FLAG_USERS), (
                f"{path.name}:{node.lineno}: a flag bit by number"
            )
            assert "flags" not in text, f"{path.name}:{node.lineno}: flags shifted"


# The modules that compute or test the fast-path flags.
FLAG_USERS = {"config.py", "dataset.py", "filewriter.py", "tasks.py", "jsonrep.py"}


def _bindings_imports() -> dict[str, set[str]]:
    files = {p.stem: p for p in BINDINGS.glob("*.rs") if p.stem != "lib"}
    uses: dict[str, set[str]] = {}
    for name, path in files.items():
        found: set[str] = set()
        for match in re.finditer(r"(?:super|crate)::(\{[^}]*\}|\w+)", _rust_code(path)):
            group = match.group(1)
            names = re.findall(r"(?:^|[{,]\s*)(\w+)", group) if group.startswith("{") else [group]
            found |= {n for n in names if n in files and n != name}
        uses[name] = found
    return uses


def test_no_circle_of_use_between_the_bindings_files():
    uses = _bindings_imports()
    assert uses["element_store"] and uses["store_methods"]  # the parse finds uses
    done: set[str] = set()

    def visit(name: str, path: list[str]) -> None:
        if name in path:
            raise AssertionError("circle: " + " -> ".join([*path[path.index(name) :], name]))
        if name in done:
            return
        for used in uses[name]:
            visit(used, [*path, name])
        done.add(name)

    for name in uses:
        visit(name, [])


def test_the_gil_is_released_in_one_place():
    releasing = [p.name for p in BINDINGS.glob("*.rs") if ".detach(" in _rust_code(p) and p.stem != "gil"]
    assert releasing == []


def test_core_errors_become_exceptions_in_one_place():
    # Each core error type is mapped to its exception once, by errors.rs's `Raise`;
    # no other file maps errors to exceptions itself.
    mapping = re.compile(r"impl\s+(From<[^>]*>\s+for\s+PyErr|Raise\s+for)|fn\s+(to_py|into_py)\b")
    assert len(mapping.findall(_rust_code(BINDINGS / "errors.rs"))) >= 6
    for path in BINDINGS.glob("*.rs"):
        if path.stem != "errors":
            assert not mapping.search(_rust_code(path)), path.name


def test_every_kind_of_buffer_is_read_as_bytes_are():
    # bytes and views of them are read with the GIL released; a bytearray, a
    # numpy array of its own memory and a writable memoryview with the GIL held
    # (another thread could write them meanwhile). Each gives what bytes give.
    import numpy as np

    data = bytes(range(256)) * 4
    expected = _native.rle_encode_segment(data, 64)
    assert _native.rle_decode_segment(expected) == data
    for src in (
        memoryview(data),
        bytearray(data),
        memoryview(bytearray(data)),
        np.frombuffer(data, dtype=np.uint8).copy(),
    ):
        assert _native.rle_encode_segment(src, 64) == expected, type(src)
