//! Case records: the person, the case and everything that happens in it, in the words of the
//! interchange format (docs/formats/interchange.md). `interchange` is the shape of a record,
//! `validate` its rules, `store` how it lives in the database; the operations users do are on
//! [`crate::Session`] in `crate::cases`.

pub(crate) mod codes;
pub mod date;
pub mod interchange;
pub mod money;
pub(crate) mod store;
pub mod validate;
pub mod vocab;

pub use date::CivilDate;
pub use interchange::{CaseRecord, Line, OrganizationRecord};
