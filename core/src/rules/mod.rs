//! The rule set: one rule per file, grouped by the best practice it serves.
//! Each file declares its metadata beside its check and carries its own
//! firing and non-firing tests; `all()` is the one registry.

use std::sync::OnceLock;

use crate::lint::Rule;

mod base_image;
mod correctness;
mod multi_stage;
mod packages;
mod pinning;
mod privileges;
mod secrets;
mod supply_chain;
pub(crate) mod support;
mod syntax;

#[cfg(test)]
pub(crate) mod testing;

/// Every rule, in a fixed order (by category, then code).
pub fn all() -> &'static [&'static dyn Rule] {
    static ALL: OnceLock<Vec<&'static dyn Rule>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut v: Vec<&'static dyn Rule> = Vec::new();
        for group in [
            syntax::RULES,
            pinning::RULES,
            base_image::RULES,
            multi_stage::RULES,
            supply_chain::RULES,
            privileges::RULES,
            secrets::RULES,
            packages::RULES,
            correctness::RULES,
        ] {
            v.extend_from_slice(group);
        }
        v.sort_by_key(|r| (r.meta().category, r.meta().code));
        v
    })
}
