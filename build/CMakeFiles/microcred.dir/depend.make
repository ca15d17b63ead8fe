# Empty dependencies file for microcred.
# This may be replaced when dependencies are built.
