//! CLI tests: the real `snuffel` binary on small trees that each test builds.

mod util;

mod chunks;
mod exit_codes;
mod formats;
mod safety;
mod walking;
