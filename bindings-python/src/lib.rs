//! Python bindings of hullguard.
