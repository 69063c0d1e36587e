//! Holds findings about PDF object values that exceed profile conformance limits.
//!
//! Syntax inspection populates object identities for invalid numeric ranges, string and name
//! lengths, and collection sizes, plus the indirect-object count flag. Validation consumes
//! this summary to apply the limits for the selected profile; configurable safety limits
//! are defined separately.

use crate::model::PdfObjectId;

#[derive(Clone, Debug, Default)]
pub(crate) struct ObjectLimitsSummary {
    pub(crate) out_of_range_integers: Vec<PdfObjectId>,
    pub(crate) out_of_range_reals: Vec<PdfObjectId>,
    pub(crate) out_of_range_reals_pdfa_2: Vec<PdfObjectId>,
    pub(crate) underflow_reals_pdfa_2: Vec<PdfObjectId>,
    pub(crate) overlong_strings: Vec<PdfObjectId>,
    pub(crate) overlong_strings_pdfa_2: Vec<PdfObjectId>,
    pub(crate) overlong_names: Vec<PdfObjectId>,
    pub(crate) oversized_arrays: Vec<PdfObjectId>,
    pub(crate) oversized_dictionaries: Vec<PdfObjectId>,
    pub(crate) too_many_indirect_objects: bool,
}
