/*
 * RFC 4180 CSV reader for imports (ESCO exports, MC catalogues, rosters).
 *
 * Fields may be quoted ("a, b", "say ""hi""", multi-line); the separator is
 * a comma; lines end in LF or CRLF; a UTF-8 byte order mark at the start is
 * skipped.  Every field is checked to be UTF-8 and bounded in size, so a
 * hostile file cannot make a row grow without limit.
 */
#ifndef MC_CSV_H
#define MC_CSV_H

#include <stddef.h>

/** Longest field accepted, in bytes. */
#define MC_CSV_FIELD_MAX (64 * 1024)
/** Most fields in one row. */
#define MC_CSV_FIELDS_MAX 512

typedef struct {
	const char *data;
	size_t len;
	size_t pos;
	size_t line;	  /**< line where the current row starts, from 1 */
	size_t next_line; /**< line after the current row */
	char **fields;	  /**< the current row; owned by the reader */
	size_t count;
	size_t alloc;
	char error[256]; /**< why mc__csv_next failed */
} mc_csv;

/** Start reading `data` (not copied: keep it alive). */
void mc__csv_init(mc_csv *csv, const char *data, size_t len);

/**
 * Read the next row into csv->fields / csv->count.  Returns 1 for a row, 0
 * at the end of input, or a negative MC_E* code (MC_EINVALID with the line
 * and reason in csv->error: unterminated quote, invalid UTF-8, text after a
 * closing quote, field or row too big).  Blank lines are skipped.
 */
int mc__csv_next(mc_csv *csv);

/**
 * After mc__csv_next() failed on a row, move past the rest of that line
 * so reading can go on with the next row.  Returns 0, or -1 when the
 * input is used up.
 */
int mc__csv_skip_line(mc_csv *csv);

/** Index of the column named `name` in the current row, or -1. */
int mc__csv_find(const mc_csv *csv, const char *name);

/** Free the reader's buffers. */
void mc__csv_free(mc_csv *csv);

#endif
