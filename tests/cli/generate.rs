//! `reconcile generate` (tests follow the generator).
