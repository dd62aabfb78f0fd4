//! Why an image could not be read. Every hostile or broken input ends here,
//! as a typed error with a stable code, never as a panic.

/// An image that cannot be evaluated.
#[derive(Debug, thiserror::Error)]
pub enum ImageError {
    /// A file of the image (or the image path itself) could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// What was being read.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The path is none of the image formats hullguard reads.
    #[error(
        "{path}: not an image (expected an OCI layout, an OCI or docker-save archive, a skopeo dir, an image config or docker inspect JSON)"
    )]
    UnknownFormat {
        /// The path given.
        path: String,
    },
    /// A JSON document (index, manifest, config) is malformed or lacks a required field.
    #[error("{what}: {message}")]
    InvalidJson {
        /// Which document.
        what: String,
        /// What is wrong.
        message: String,
    },
    /// A digest is not `algorithm:hex` with a known algorithm and exact length
    /// (this is also what stops `../` in a digest from leaving `blobs/`).
    #[error("invalid digest `{digest}`")]
    InvalidDigest {
        /// The digest as written.
        digest: String,
    },
    /// A blob's content does not hash to its digest.
    #[error("digest mismatch for {what}: expected {expected}, content hashes to {actual}")]
    DigestMismatch {
        /// Which blob.
        what: String,
        /// The digest the manifest names.
        expected: String,
        /// The digest of the bytes read.
        actual: String,
    },
    /// A blob the manifest names is not in the image.
    #[error("missing blob {digest}")]
    MissingBlob {
        /// The digest.
        digest: String,
    },
    /// An index refers back to itself (directly or through other indexes), or nests too deep.
    #[error("index cycle or nesting deeper than {depth} at {digest}")]
    IndexCycle {
        /// The index digest where it was detected.
        digest: String,
        /// The nesting limit.
        depth: usize,
    },
    /// No manifest matches the requested platform.
    #[error("no image for platform {platform} (available: {available})")]
    NoSuchPlatform {
        /// The requested `os/arch[/variant]`.
        platform: String,
        /// What the index offers.
        available: String,
    },
    /// A tar stream (the archive or a layer) is corrupt or ends inside an entry.
    #[error("{what}: corrupt or truncated tar: {message}")]
    BadTar {
        /// The archive or layer.
        what: String,
        /// What is wrong.
        message: String,
    },
    /// A compressed stream is corrupt or truncated.
    #[error("{what}: corrupt compressed data: {message}")]
    BadCompression {
        /// The layer.
        what: String,
        /// The decoder's message.
        message: String,
    },
    /// A tar entry name escapes the root (`..`), or a bare `.wh.` whiteout.
    #[error("{what}: unsafe entry name `{name}`")]
    UnsafePath {
        /// The archive or layer.
        what: String,
        /// The entry name.
        name: String,
    },
    /// A limit that protects memory and time was exceeded (decompression
    /// bomb, huge JSON, too many entries, long names).
    #[error("{what}: {limit} exceeded ({detail}); raise it in the limits if the image is trusted")]
    LimitExceeded {
        /// What was being read.
        what: String,
        /// The limit's name.
        limit: &'static str,
        /// Numbers.
        detail: String,
    },
}

impl ImageError {
    /// A stable code for bindings and tools (`IMAGE_…`).
    pub fn code(&self) -> &'static str {
        match self {
            ImageError::Io { .. } => "IMAGE_IO",
            ImageError::UnknownFormat { .. } => "IMAGE_FORMAT",
            ImageError::InvalidJson { .. } => "IMAGE_JSON",
            ImageError::InvalidDigest { .. } => "IMAGE_DIGEST",
            ImageError::DigestMismatch { .. } => "IMAGE_DIGEST_MISMATCH",
            ImageError::MissingBlob { .. } => "IMAGE_MISSING_BLOB",
            ImageError::IndexCycle { .. } => "IMAGE_INDEX_CYCLE",
            ImageError::NoSuchPlatform { .. } => "IMAGE_PLATFORM",
            ImageError::BadTar { .. } => "IMAGE_TAR",
            ImageError::BadCompression { .. } => "IMAGE_COMPRESSION",
            ImageError::UnsafePath { .. } => "IMAGE_UNSAFE_PATH",
            ImageError::LimitExceeded { .. } => "IMAGE_LIMIT",
        }
    }

    pub(crate) fn io(path: impl std::fmt::Display, source: std::io::Error) -> Self {
        ImageError::Io {
            path: path.to_string(),
            source,
        }
    }

    pub(crate) fn json(what: impl std::fmt::Display, message: impl std::fmt::Display) -> Self {
        ImageError::InvalidJson {
            what: what.to_string(),
            message: message.to_string(),
        }
    }
}
