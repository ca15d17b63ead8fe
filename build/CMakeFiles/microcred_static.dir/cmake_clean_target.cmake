file(REMOVE_RECURSE
  "libmicrocred.a"
)
