"""Directory records made from SOP Instances (PS3.3 Annex F.5): which record types an
instance gets, and the functions (``DIRECTORY_RECORDERS``) that fill each record."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import rapidicom.uid as sop
from rapidicom.datadict import dictionary_description, tag_for_keyword
from rapidicom.dataset import Dataset
from rapidicom.tag import Tag


def _check_dataset(ds: Dataset, keywords: list[str]) -> None:
    """Raise ValueError unless every Type 1 element in `keywords` is in `ds` with a value."""
    for keyword in keywords:
        tag = Tag(tag_for_keyword(keyword))  # type: ignore[arg-type]
        name = dictionary_description(tag)
        if keyword not in ds:
            raise ValueError(f"The instance's {tag} '{name}' element is missing")
        if ds[keyword].VM == 0:
            raise ValueError(f"The instance's {tag} '{name}' element cannot be empty")


def _record(
    ds: Dataset,
    required: Sequence[str],
    optional: Sequence[str] = (),
    conditional: Sequence[str] = (),
    order: Sequence[str] | None = None,
) -> Dataset:
    """A record holding `ds`'s `required` elements (Type 1, checked), its
    `optional` ones (Type 2: None when absent) and its `conditional` ones (Type 1C:
    only when present, and then checked), set in `order` (default: as listed)."""
    _check_dataset(ds, required)
    present = [kw for kw in conditional if kw in ds]
    _check_dataset(ds, present)
    record = Dataset()
    for keyword in order or [*required, *optional, *conditional]:
        if keyword in required or keyword in present:
            setattr(record, keyword, ds[keyword].value)
        elif keyword in optional:
            setattr(record, keyword, ds.get(keyword))
    return record


def _define_patient(ds: Dataset) -> Dataset:
    """A PATIENT record."""
    return _record(ds, ["PatientID"], ["PatientName"], order=["PatientName", "PatientID"])


def _define_study(ds: Dataset) -> Dataset:
    """A STUDY record."""
    order = ["StudyDate", "StudyTime", "StudyDescription", "StudyInstanceUID", "StudyID", "AccessionNumber"]
    return _record(
        ds, ["StudyDate", "StudyTime", "StudyID"], ["StudyDescription", "AccessionNumber"], ["StudyInstanceUID"], order
    )


def _define_series(ds: Dataset) -> Dataset:
    """A SERIES record."""
    return _record(ds, ["Modality", "SeriesInstanceUID", "SeriesNumber"])


def _define_image(ds: Dataset) -> Dataset:
    """An IMAGE record."""
    return _record(ds, ["InstanceNumber"])


def _define_rt_dose(ds: Dataset) -> Dataset:
    """An RT DOSE record."""
    return _record(ds, ["InstanceNumber", "DoseSummationType"])


def _define_rt_structure_set(ds: Dataset) -> Dataset:
    """An RT STRUCTURE SET record."""
    return _record(ds, ["InstanceNumber", "StructureSetLabel"], ["StructureSetDate", "StructureSetTime"])


def _define_rt_plan(ds: Dataset) -> Dataset:
    """An RT PLAN record."""
    return _record(ds, ["InstanceNumber", "RTPlanLabel"], ["RTPlanDate", "RTPlanTime"])


def _define_rt_treatment_record(ds: Dataset) -> Dataset:
    """An RT TREAT RECORD record."""
    return _record(ds, ["InstanceNumber"], ["TreatmentDate", "TreatmentTime"])


def _define_presentation(ds: Dataset) -> Dataset:
    """A PRESENTATION record."""
    required = ["PresentationCreationDate", "PresentationCreationTime", "InstanceNumber", "ContentLabel"]
    return _record(
        ds, required, ["ContentDescription", "ContentCreatorName"], ["ReferencedSeriesSequence", "BlendingSequence"]
    )


def _define_sr_document(ds: Dataset) -> Dataset:
    """An SR DOCUMENT record."""
    required = [
        "InstanceNumber",
        "CompletionFlag",
        "VerificationFlag",
        "ContentDate",
        "ContentTime",
        "ConceptNameCodeSequence",
    ]
    order = [*required[:5], "VerificationDateTime", "ConceptNameCodeSequence", "ContentSequence"]
    return _record(ds, required, [], ["VerificationDateTime", "ContentSequence"], order)


def _define_key_object_doc(ds: Dataset) -> Dataset:
    """A KEY OBJECT DOC record."""
    required = ["InstanceNumber", "ContentDate", "ContentTime", "ConceptNameCodeSequence"]
    order = ["ContentDate", "ContentTime", "InstanceNumber", "ConceptNameCodeSequence", "ContentSequence"]
    return _record(ds, required, [], ["ContentSequence"], order)


def _define_spectroscopy(ds: Dataset) -> Dataset:
    """A SPECTROSCOPY record."""
    required = ["ImageType", "ContentDate", "ContentTime", "InstanceNumber", "NumberOfFrames", "Rows", "Columns", "DataPointRows", "DataPointColumns"]  # fmt: skip
    order = [*required[:4], "ReferencedImageEvidenceSequence", *required[4:]]
    return _record(ds, required, [], ["ReferencedImageEvidenceSequence"], order)


def _define_hanging_protocol(ds: Dataset) -> Dataset:
    """A HANGING PROTOCOL record."""
    required = ["HangingProtocolCreator", "HangingProtocolCreationDateTime", "HangingProtocolDefinitionSequence", "NumberOfPriorsReferenced"]  # fmt: skip
    record = _record(ds, required)
    record.HangingProtocolUserIdentificationCodeSequence = ds.get("HangingProtocolUserIdentificationCodeSequence", [])
    return record


def _define_encap_doc(ds: Dataset) -> Dataset:
    """An ENCAP DOC record."""
    order = ["ContentDate", "ContentTime", "InstanceNumber", "DocumentTitle", "HL7InstanceIdentifier", "ConceptNameCodeSequence", "MIMETypeOfEncapsulatedDocument"]  # fmt: skip
    optional = ["ContentDate", "ContentTime", "DocumentTitle", "ConceptNameCodeSequence"]
    return _record(ds, ["InstanceNumber", "MIMETypeOfEncapsulatedDocument"], optional, ["HL7InstanceIdentifier"], order)


def _define_palette(ds: Dataset) -> Dataset:
    """A PALETTE record."""
    return _record(ds, ["ContentLabel"], ["ContentDescription"])


def _define_implant(ds: Dataset) -> Dataset:
    """An IMPLANT record."""
    order = ["Manufacturer", "ImplantName", "ImplantSize", "ImplantPartNumber"]
    return _record(ds, ["Manufacturer", "ImplantName", "ImplantPartNumber"], [], ["ImplantSize"], order)


def _define_implant_assy(ds: Dataset) -> Dataset:
    """An IMPLANT ASSY record."""
    return _record(ds, ["ImplantAssemblyTemplateName", "Manufacturer", "ProcedureTypeCodeSequence"])


def _define_implant_group(ds: Dataset) -> Dataset:
    """An IMPLANT GROUP record."""
    return _record(ds, ["ImplantTemplateGroupName", "ImplantTemplateGroupIssuer"])


def _define_surface_scan(ds: Dataset) -> Dataset:
    """A SURFACE SCAN record."""
    return _record(ds, ["ContentDate", "ContentTime"])


def _define_assessment(ds: Dataset) -> Dataset:
    """An ASSESSMENT record."""
    return _record(ds, ["InstanceNumber", "InstanceCreationDate"], ["InstanceCreationTime"])


def _define_radiotherapy(ds: Dataset) -> Dataset:
    """A RADIOTHERAPY record."""
    optional, conditional = ["ContentDescription", "ContentCreatorName"], ["UserContentLabel", "UserContentLongLabel"]
    order = ["InstanceNumber", *conditional, *optional]
    return _record(ds, ["InstanceNumber"], optional, conditional, order)


def _define_generic_content(ds: Dataset) -> Dataset:
    """A WAVEFORM or RAW DATA record."""
    return _record(ds, ["InstanceNumber", "ContentDate", "ContentTime"])


def _define_generic_content_id(ds: Dataset) -> Dataset:
    """A record with the Content Identification Macro (REGISTRATION, FIDUCIAL, ...)."""
    return _record(
        ds,
        ["InstanceNumber", "ContentDate", "ContentTime", "ContentLabel"],
        ["ContentDescription", "ContentCreatorName"],
    )


def _define_empty(ds: Dataset) -> Dataset:
    """A record with no elements of its own (STEREOMETRIC, PLAN)."""
    return Dataset()


DIRECTORY_RECORDERS: dict[str, Callable[[Dataset], Dataset]] = {
    "PATIENT": _define_patient,
    "STUDY": _define_study,
    "SERIES": _define_series,
    "IMAGE": _define_image,
    "RT DOSE": _define_rt_dose,
    "RT STRUCTURE SET": _define_rt_structure_set,
    "RT PLAN": _define_rt_plan,
    "RT TREAT RECORD": _define_rt_treatment_record,
    "PRESENTATION": _define_presentation,
    "WAVEFORM": _define_generic_content,
    "SR DOCUMENT": _define_sr_document,
    "KEY OBJECT DOC": _define_key_object_doc,
    "SPECTROSCOPY": _define_spectroscopy,
    "RAW DATA": _define_generic_content,
    "REGISTRATION": _define_generic_content_id,
    "FIDUCIAL": _define_generic_content_id,
    "HANGING PROTOCOL": _define_hanging_protocol,
    "ENCAP DOC": _define_encap_doc,
    "VALUE MAP": _define_generic_content_id,
    "STEREOMETRIC": _define_empty,
    "PALETTE": _define_palette,
    "IMPLANT": _define_implant,
    "IMPLANT ASSY": _define_implant_assy,
    "IMPLANT GROUP": _define_implant_group,
    "PLAN": _define_empty,
    "MEASUREMENT": _define_generic_content_id,
    "SURFACE": _define_generic_content_id,
    "SURFACE SCAN": _define_surface_scan,
    "TRACT": _define_generic_content_id,
    "ASSESSMENT": _define_assessment,
    "RADIOTHERAPY": _define_radiotherapy,
}
"""``{record type: function}``: the function makes the record of that type for a SOP
Instance (a Dataset in, a Dataset out). Replace one to change the records
``FileSet.add`` makes; PRIVATE records are made with ``FileSet.add_custom``."""

# SOP Classes whose instances get one record at the top level.
_SINGLE_LEVEL_SOP_CLASSES = {
    sop.HangingProtocolStorage: "HANGING PROTOCOL",
    sop.ColorPaletteStorage: "PALETTE",
    sop.GenericImplantTemplateStorage: "IMPLANT",
    sop.ImplantAssemblyTemplateStorage: "IMPLANT ASSY",
    sop.ImplantTemplateGroupStorage: "IMPLANT GROUP",
}


def _leaf_types() -> dict[Any, str]:
    """SOP Class -> the leaf record type under PATIENT/STUDY/SERIES (IMAGE otherwise)."""
    groups = {
        "RT DOSE": ["RTDoseStorage"],
        "RT STRUCTURE SET": ["RTStructureSetStorage"],
        "RT TREAT RECORD": ["RTBeamsTreatmentRecordStorage", "RTBrachyTreatmentRecordStorage", "RTTreatmentSummaryRecordStorage", "RTIonBeamsTreatmentRecordStorage"],
        "PRESENTATION": ["GrayscaleSoftcopyPresentationStateStorage", "ColorSoftcopyPresentationStateStorage", "PseudoColorSoftcopyPresentationStateStorage",
                         "BlendingSoftcopyPresentationStateStorage", "XAXRFGrayscaleSoftcopyPresentationStateStorage", "BasicStructuredDisplayStorage"],
        "WAVEFORM": ["BasicVoiceAudioWaveformStorage", "TwelveLeadECGWaveformStorage", "GeneralECGWaveformStorage", "AmbulatoryECGWaveformStorage",
                     "HemodynamicWaveformStorage", "CardiacElectrophysiologyWaveformStorage", "ArterialPulseWaveformStorage", "RespiratoryWaveformStorage",
                     "GeneralAudioWaveformStorage", "RoutineScalpElectroencephalogramWaveformStorage", "ElectromyogramWaveformStorage",
                     "ElectrooculogramWaveformStorage", "SleepElectroencephalogramWaveformStorage", "MultichannelRespiratoryWaveformStorage",
                     "BodyPositionWaveformStorage"],
        "SR DOCUMENT": ["BasicTextSRStorage", "EnhancedSRStorage", "ComprehensiveSRStorage", "MammographyCADSRStorage", "ChestCADSRStorage",
                        "ProcedureLogStorage", "XRayRadiationDoseSRStorage", "SpectaclePrescriptionReportStorage", "ColonCADSRStorage",
                        "MacularGridThicknessAndVolumeReportStorage", "ImplantationPlanSRStorage", "Comprehensive3DSRStorage",
                        "RadiopharmaceuticalRadiationDoseSRStorage", "ExtensibleSRStorage", "AcquisitionContextSRStorage",
                        "SimplifiedAdultEchoSRStorage", "PatientRadiationDoseSRStorage", "PlannedImagingAgentAdministrationSRStorage",
                        "PerformedImagingAgentAdministrationSRStorage"],
        "KEY OBJECT DOC": ["KeyObjectSelectionDocumentStorage"],
        "SPECTROSCOPY": ["MRSpectroscopyStorage"],
        "RAW DATA": ["RawDataStorage"],
        "REGISTRATION": ["SpatialRegistrationStorage", "DeformableSpatialRegistrationStorage"],
        "FIDUCIAL": ["SpatialFiducialsStorage"],
        "VALUE MAP": ["RealWorldValueMappingStorage"],
        "STEREOMETRIC": ["StereometricRelationshipStorage"],
        "MEASUREMENT": ["LensometryMeasurementsStorage", "AutorefractionMeasurementsStorage", "KeratometryMeasurementsStorage",
                        "SubjectiveRefractionMeasurementsStorage", "VisualAcuityMeasurementsStorage", "OphthalmicAxialMeasurementsStorage",
                        "OphthalmicVisualFieldStaticPerimetryMeasurementsStorage"],
        "SURFACE": ["SurfaceSegmentationStorage"],
        "SURFACE SCAN": ["SurfaceScanMeshStorage", "SurfaceScanPointCloudStorage"],
        "TRACT": ["TractographyResultsStorage"],
        "ASSESSMENT": ["ContentAssessmentResultsStorage"],
    }  # fmt: skip
    return {getattr(sop, name): record_type for record_type, names in groups.items() for name in names}


_FOUR_LEVEL_SOP_CLASSES = _leaf_types()


def _single_level_record_type(ds: Dataset) -> str:
    """The top-level record type of `ds`, or "PATIENT" when it gets four levels."""
    return _SINGLE_LEVEL_SOP_CLASSES.get(getattr(ds, "SOPClassUID", None), "PATIENT")


def _four_level_record_type(ds: Dataset) -> str:
    """The leaf record type of `ds` under PATIENT, STUDY and SERIES."""
    modality = getattr(ds, "Modality", None)
    if modality in ("RTINTENT", "RTSEGANN", "RTRAD"):
        return "RADIOTHERAPY"
    if modality == "PLAN":
        return "PLAN"
    if "EncapsulatedDocument" in ds:
        return "ENCAP DOC"
    if "RTPlanLabel" in ds:
        return "RT PLAN"
    return _FOUR_LEVEL_SOP_CLASSES.get(getattr(ds, "SOPClassUID", None), "IMAGE")
