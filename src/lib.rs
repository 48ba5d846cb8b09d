//! gongkai (公开): turns China's government information-disclosure annual reports into a
//! comparative transparency portal.
//!
//! Data flows one way: [`load`] reads `content/` into the [`model`], [`validate`] produces
//! [`diagnostic`]s, [`derive`] computes measures, [`render`] draws pages, and one write point
//! ([`write`]) puts bytes on disk; [`build`] drives the stages. [`catalogue`] is the single
//! definition of the national templates that every stage reads.

pub mod build;
pub mod catalogue;
pub mod charts;
pub mod config;
pub mod copied;
pub mod demo;
pub mod derive;
pub mod diagnostic;
pub mod draft;
pub mod export;
pub mod hash;
pub mod i18n;
pub mod import;
pub mod load;
pub mod model;
pub mod opendata;
pub mod passages;
pub mod render;
pub mod schema;
pub mod search;
pub mod serve;
pub mod statements;
pub mod validate;
pub mod write;
