# Empty dependencies file for microcred_static.
# This may be replaced when dependencies are built.
