//! Integration tests of `generate` (written below).
