file(REMOVE_RECURSE
  "CMakeFiles/mc_objects.dir/demo_data.c.o"
  "CMakeFiles/mc_objects.dir/demo_data.c.o.d"
  "CMakeFiles/mc_objects.dir/src/lib/csv.c.o"
  "CMakeFiles/mc_objects.dir/src/lib/csv.c.o.d"
  "CMakeFiles/mc_objects.dir/src/lib/errors.c.o"
  "CMakeFiles/mc_objects.dir/src/lib/errors.c.o.d"
  "CMakeFiles/mc_objects.dir/src/lib/util.c.o"
  "CMakeFiles/mc_objects.dir/src/lib/util.c.o.d"
  "CMakeFiles/mc_objects.dir/src/lib/version.c.o"
  "CMakeFiles/mc_objects.dir/src/lib/version.c.o.d"
  "demo_data.c"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/mc_objects.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
