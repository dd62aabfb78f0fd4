//! Bounds on what reading an image may cost, so that a hostile image (a
//! decompression bomb, a million-entry layer, a gigabyte of JSON) fails
//! cleanly instead of exhausting memory or time.

/// Limits applied while reading an image. The defaults fit real images with
/// a wide margin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest JSON document (index, manifest, config, inspect output).
    pub max_json_bytes: u64,
    /// Largest total of uncompressed layer bytes.
    pub max_uncompressed_bytes: u64,
    /// Largest uncompressed/compressed ratio of a layer, checked once a layer
    /// has produced `ratio_grace_bytes`.
    pub max_compression_ratio: u64,
    /// Bytes a layer may produce before the ratio is checked.
    pub ratio_grace_bytes: u64,
    /// Most tar entries in one layer.
    pub max_entries_per_layer: u64,
    /// Longest entry name or link target (GNU long names, PAX paths).
    pub max_name_bytes: u64,
    /// Largest PAX extended header.
    pub max_pax_bytes: u64,
    /// Largest file whose content is kept for the checks (passwd, shadow,
    /// package databases, secret candidates); larger ones are checked by name only.
    pub max_captured_file_bytes: u64,
    /// Largest total of kept file content.
    pub max_captured_total_bytes: u64,
    /// Deepest nesting of image indexes.
    pub max_index_depth: usize,
    /// Most symlinks followed when resolving one path.
    pub max_symlink_hops: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_json_bytes: 16 << 20,
            max_uncompressed_bytes: 64 << 30,
            max_compression_ratio: 1000,
            ratio_grace_bytes: 64 << 20,
            max_entries_per_layer: 2_000_000,
            max_name_bytes: 64 << 10,
            max_pax_bytes: 1 << 20,
            max_captured_file_bytes: 4 << 20,
            max_captured_total_bytes: 32 << 20,
            max_index_depth: 8,
            max_symlink_hops: 40,
        }
    }
}
