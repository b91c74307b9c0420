"""Training scripts for the splitting models (need scikit-learn; never imported at run time)."""
