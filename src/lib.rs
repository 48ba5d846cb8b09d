//! gongkai (公开): turns China's government information-disclosure annual reports into a
//! comparative transparency portal.
//!
//! Data flows one way: [`load`] reads `content/` into the [`model`], [`validate`] produces
//! [`diagnostic`]s, `derive` computes measures, `render` draws pages, and one write point
//! puts bytes on disk. [`catalogue`] is the single definition of the national templates that
//! every stage reads.

pub mod catalogue;
pub mod draft;
pub mod model;
pub mod export;
pub mod diagnostic;
pub mod load;
pub mod validate;
pub mod write;
pub mod import;
