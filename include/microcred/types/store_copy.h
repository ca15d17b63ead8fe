/*
 * microcred - types of copying a whole platform from one store to another:
 * the report of each table (store_copy.h).
 */
#ifndef MICROCRED_TYPES_STORE_COPY_H
#define MICROCRED_TYPES_STORE_COPY_H

#ifdef __cplusplus
extern "C" {
#endif

/** The most tables a copy reports (data and rebuilt). */
#define MC_STORE_COPY_TABLES_MAX 64

/** What became of one table. */
typedef enum {
	MC_COPY_PENDING = 0, /**< not reached (the copy stopped before) */
	MC_COPY_OK,	     /**< copied; counts and hashes equal */
	MC_COPY_MISMATCH,    /**< copied, but read back different */
	MC_COPY_REBUILT	     /**< derived: rebuilt on the target */
} mc_store_copy_state;

/** One table of a copy. */
typedef struct {
	const char *name;	   /**< the table (static) */
	mc_store_copy_state state; /**< see mc_store_copy_state */
	long long rows;		   /**< read from the source; rebuilt: on
				      the target */
	long long target_rows;	   /**< read back from the target */
	char hash[65];		   /**< hex SHA-256 of the source's rows,
				      "" when rebuilt or not reached */
	char target_hash[65];	   /**< the same of the target's rows */
	double seconds;		   /**< copying and checking it */
} mc_store_copy_table;

/** What mc_store_copy() did, table by table in the order it went. */
typedef struct {
	mc_store_copy_table tables[MC_STORE_COPY_TABLES_MAX];
	size_t count;		/**< entries of tables[] */
	long long rows;		/**< rows copied, every table */
	double rebuild_seconds; /**< rebuilding the derived tables */
	double seconds;		/**< the whole copy, check and commit */
	const char *failed;	/**< the table whose check failed, or NULL */
} mc_store_copy_report;

#ifdef __cplusplus
}
#endif

#endif
