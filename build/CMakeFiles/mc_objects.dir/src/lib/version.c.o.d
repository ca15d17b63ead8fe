CMakeFiles/mc_objects.dir/src/lib/version.c.o: \
 /work/main/src/lib/version.c /usr/include/stdc-predef.h \
 /work/main/include/microcred/microcred.h \
 /work/main/include/microcred/errors.h \
 /usr/lib/gcc/x86_64-linux-gnu/12/include/stddef.h \
 /work/main/include/microcred/langmap.h \
 /work/main/include/microcred/microcredential.h \
 /work/main/include/microcred/organisation.h \
 /work/main/include/microcred/store.h \
 /work/main/include/microcred/catalogue.h \
 /work/main/include/microcred/esco.h
