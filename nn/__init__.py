"""Neural networks built from ``autograd.Value`` nodes."""
