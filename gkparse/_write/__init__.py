"""The writing half: records, frames, the JSON converter and batches (outputs of the parser)."""
