# Empty dependencies file for mc_objects.
# This may be replaced when dependencies are built.
