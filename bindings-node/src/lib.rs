//! Node bindings of hullguard.
