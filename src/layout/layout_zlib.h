/* layout_zlib.h: the zlib libharu deflates with (layout_zlib.c; not installed). */
#ifndef GPDIGEST_LAYOUT_ZLIB_H
#define GPDIGEST_LAYOUT_ZLIB_H

#include <zlib.h>

/* The zlib libharu loaded (looked up in the process, so it is the very
 * one libharu deflates with), or NULL. */
typedef struct gpd_zlib {
	int (*init)(z_streamp, int, const char *, int);
	int (*deflate)(z_streamp, int);
	int (*reset)(z_streamp);
	int (*end)(z_streamp);
	uLong (*bound)(z_streamp, uLong);
	uLong (*adler32)(uLong, const Bytef *, uInt);
	int (*inflate_init)(z_streamp, const char *, int);
	int (*inflate)(z_streamp, int);
	int (*inflate_end)(z_streamp);
	const char *version;
	int ok;
} gpd_zlib;
const gpd_zlib *gpd__zlib(void);

#endif
