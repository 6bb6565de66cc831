//! CLI tests: the real `snuffel` binary on small trees that each test builds.

mod util;

mod chunks;
mod containers;
mod corpus;
mod documents;
mod exit_codes;
mod formats;
mod html;
mod identities;
mod isolation;
mod planted;
mod policy;
mod safety;
mod schema;
mod share;
mod walking;
