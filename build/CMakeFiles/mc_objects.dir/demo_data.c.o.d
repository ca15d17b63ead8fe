CMakeFiles/mc_objects.dir/demo_data.c.o: /work/main/build/demo_data.c \
 /usr/include/stdc-predef.h \
 /usr/lib/gcc/x86_64-linux-gnu/12/include/stddef.h \
 /work/main/src/lib/demo_data.h
