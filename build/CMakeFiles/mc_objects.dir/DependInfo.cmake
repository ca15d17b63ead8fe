
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/main/build/demo_data.c" "CMakeFiles/mc_objects.dir/demo_data.c.o" "gcc" "CMakeFiles/mc_objects.dir/demo_data.c.o.d"
  "/work/main/src/lib/csv.c" "CMakeFiles/mc_objects.dir/src/lib/csv.c.o" "gcc" "CMakeFiles/mc_objects.dir/src/lib/csv.c.o.d"
  "/work/main/src/lib/errors.c" "CMakeFiles/mc_objects.dir/src/lib/errors.c.o" "gcc" "CMakeFiles/mc_objects.dir/src/lib/errors.c.o.d"
  "/work/main/src/lib/util.c" "CMakeFiles/mc_objects.dir/src/lib/util.c.o" "gcc" "CMakeFiles/mc_objects.dir/src/lib/util.c.o.d"
  "/work/main/src/lib/version.c" "CMakeFiles/mc_objects.dir/src/lib/version.c.o" "gcc" "CMakeFiles/mc_objects.dir/src/lib/version.c.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
