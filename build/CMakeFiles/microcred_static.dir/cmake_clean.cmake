file(REMOVE_RECURSE
  "libmicrocred.a"
  "libmicrocred.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/microcred_static.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
