//! Case records: the person, the case and everything that happens in it, in the words of the
//! interchange format (docs/formats/interchange.md). `interchange` is the shape of a record,
//! `validate` its rules; `crate::store` keeps it in the database, and the operations users do
//! are in `crate::cases`.

pub mod date;
pub mod interchange;
pub mod money;
pub mod text;
pub mod validate;
pub mod vocab;

pub use date::CivilDate;
pub use interchange::{CaseRecord, Line, OrganizationRecord};
