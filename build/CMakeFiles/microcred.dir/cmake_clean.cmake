file(REMOVE_RECURSE
  "CMakeFiles/microcred.dir/src/cli/main.c.o"
  "CMakeFiles/microcred.dir/src/cli/main.c.o.d"
  "microcred"
  "microcred.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/microcred.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
