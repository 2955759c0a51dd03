//! Synthetic agency exports with ground truth (being written).
