"""The DICOM code dictionaries as attributes: ``codes.DCM.Modality``,
``codes.SCT.Liver``, ``codes.cid7150.Liver`` (a context group), and the
``Collection`` / ``Concepts`` classes behind them."""

from __future__ import annotations

import inspect
from collections.abc import Iterable, KeysView
from itertools import chain
from typing import Any

from rapidicom.sr._cid_dict import cid_concepts as CID_CONCEPTS
from rapidicom.sr._cid_dict import name_for_cid
from rapidicom.sr._concepts_dict import concepts as CONCEPTS
from rapidicom.sr.coding import Code

CIDValueType = dict[str, tuple[str, list[int]]]
ConceptsType = dict[str, CIDValueType]
SnomedMappingType = dict[str, dict[str, str]]

# CID keyword -> CID number.
cid_for_name = {name: cid for cid, name in name_for_cid.items()}


def _filtered(source: Iterable[str], filters: Iterable[str]) -> list[str]:
    """The unique values of `source`, sorted; with `filters`, only those that
    contain one of them (case-insensitive)."""
    wanted = [f.lower() for f in filters]
    if not wanted:
        return sorted(set(source))
    return sorted({v for v in source if any(f in v.lower() for f in wanted)})


def _cid_number(name: str) -> str:
    """``"cid7150"`` / ``"CID7150"`` -> ``"CID7150"``."""
    return f"CID{name[3:]}"


class Collection:
    """The concepts of one coding scheme (``"SCT"``, ``"DCM"``, ...) or of one
    DICOM context group (``"CID2"``), as attributes named by keyword."""

    repr_format = "{} = {}"

    def __init__(self, name: str) -> None:
        if name.upper().startswith("CID"):
            self._name = _cid_number(name)
            # {scheme: [keyword, ...]}
            self._cid_data = CID_CONCEPTS[int(name[3:])]
        else:
            self._name = name
            # {keyword: {code: (meaning, [cid, ...])}}
            self._scheme_data = CONCEPTS[name]
        self._concepts: dict[str, Code] = {}

    @property
    def name(self) -> str:
        """The collection's name: a scheme designator or ``"CID<n>"``."""
        return self._name

    @property
    def scheme_designator(self) -> str:
        """The collection's name (pydicom's alias)."""
        return self.name

    @property
    def is_cid(self) -> bool:
        """True for a DICOM context group."""
        return self.name.startswith("CID")

    @property
    def concepts(self) -> dict[str, Code]:
        """{keyword: Code} for every concept of the collection."""
        if not self._concepts:
            self._concepts = {name: getattr(self, name) for name in self.dir()}
        return self._concepts

    def dir(self, *filters: str) -> list[str]:
        """The concept keywords, sorted; with `filters`, only those containing one
        of them (case-insensitive)."""
        if self.is_cid:
            return _filtered(chain.from_iterable(self._cid_data.values()), filters)
        return _filtered(self._scheme_data, filters)

    def __dir__(self) -> list[str]:
        cls = type(self)
        methods = {n for n, _ in inspect.getmembers(cls, inspect.isroutine)}
        properties = {n for n, _ in inspect.getmembers(cls, inspect.isdatadescriptor)}
        return sorted(methods | properties | set(self.dir()))

    def trait_names(self) -> list[str]:
        """Names for IPython's completion."""
        return dir(self)

    def __contains__(self, item: str | Code) -> bool:
        if isinstance(item, str):
            try:
                item = getattr(self, item)
            except AttributeError:
                return False
        return item in self.concepts.values()

    def __getattr__(self, name: str) -> Code:
        if name.startswith("__") or name in ("_name", "_cid_data", "_scheme_data", "_concepts"):
            # Not a concept: copy/pickle probe these before __init__ has run.
            raise AttributeError(name)
        code = self._cid_code(name) if self.is_cid else self._scheme_code(name)
        # Later lookups of the same keyword are plain attribute reads.
        self.__dict__[name] = code
        return code

    def _scheme_code(self, name: str) -> Code:
        try:
            entries = self._scheme_data[name]
        except KeyError:
            raise AttributeError(f"No matching code for keyword '{name}' in scheme '{self.name}'") from None
        if len(entries) > 1:
            raise RuntimeError(
                f"Multiple codes found for keyword '{name}' in scheme '{self.name}': {', '.join(entries)}"
            )
        ((value, (meaning, _)),) = entries.items()
        return Code(value=value, meaning=meaning, scheme_designator=self.name)

    def _cid_code(self, name: str) -> Code:
        schemes = [s for s, names in self._cid_data.items() if name in names]
        if not schemes:
            raise AttributeError(f"No matching code for keyword '{name}' in {self.name}")
        if len(schemes) > 1:
            raise RuntimeError(
                f"Multiple schemes found to contain the keyword '{name}' in {self.name}: {', '.join(schemes)}"
            )
        scheme = schemes[0]
        entries = CONCEPTS[scheme][name]
        if len(entries) > 1:
            cid = int(self.name[3:])
            entries = {code: v for code, v in entries.items() if cid in v[1]}
            if len(entries) > 1:
                raise RuntimeError(f"Multiple codes found for keyword '{name}' in {self.name}: {', '.join(entries)}")
        value, (meaning, _) = list(entries.items())[0]
        return Code(value=value, meaning=meaning, scheme_designator=scheme)

    def __repr__(self) -> str:
        lines = [self.repr_format.format(n, c) for n, c in self.concepts.items()]
        return f"{self.name}\n" + "\n".join(lines)

    def __str__(self) -> str:
        concepts = self.concepts
        names = max(max(len(n) for n in concepts) + 2, 11)
        values = max(max(len(c.value) for c in concepts.values()) + 2, 6)
        schemes = max(max(len(c.scheme_designator) for c in concepts.values()) + 2, 8)
        if self.is_cid:
            fmt = f"{{:{names}}} {{:{values}}} {{:{schemes}}} {{}}"
            head = [self.name, fmt.format("Attribute", "Code", "Scheme", "Meaning")]
            head.append(fmt.format("---------", "----", "------", "-------"))
            rows = (fmt.format(n, c.value, c.scheme_designator, c.meaning) for n, c in concepts.items())
        else:
            fmt = f"{{:{names}}} {{:{values}}} {{}}"
            head = [f"Scheme: {self.name}", fmt.format("Attribute", "Code", "Meaning")]
            head.append(fmt.format("---------", "----", "-------"))
            rows = (fmt.format(n, c.value, c.meaning) for n, c in concepts.items())
        return "\n".join(head + ["\n".join(rows)])


class Concepts:
    """The collections by name: ``codes.SCT``, ``codes.CID2`` (or ``codes.cid2``)."""

    def __init__(self, collections: list[Collection]) -> None:
        self._collections = {c.name: c for c in collections}

    @property
    def collections(self) -> KeysView[str]:
        """The names of the collections."""
        return self._collections.keys()

    def __getattr__(self, name: str) -> Any:
        if name == "_collections":
            raise AttributeError(name)
        if name.upper().startswith("CID"):
            name = _cid_number(name)
        try:
            return self._collections[name]
        except KeyError:
            raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'") from None

    def schemes(self) -> list[str]:
        """The scheme designators."""
        return [c for c in self._collections if not c.startswith("CID")]

    def CIDs(self) -> list[str]:
        """The context group names (``"CID2"``, ...)."""
        return [c for c in self._collections if c.startswith("CID")]


codes = Concepts([Collection(scheme) for scheme in CONCEPTS] + [Collection(f"CID{cid}") for cid in name_for_cid])
