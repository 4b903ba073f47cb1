"""The loaded-language token model: features (shared with its training) and scoring."""
