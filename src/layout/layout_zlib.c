/* layout_zlib.c: the zlib libharu deflates with, found in the running process. */
#define _GNU_SOURCE /* RTLD_DEFAULT */

#include <dlfcn.h>
#include <pthread.h>
#include <string.h>

#include <zlib.h>

#include "gpdigest/layout.h"
#include "layout/layout_zlib.h"

/* libharu deflates with the zlib it was linked against; the page streams
 * deflated ahead of it (layout_deflate.c) and the previous save's streams
 * checked by inflating them (layout_reuse.c) must use that very zlib, so
 * it is looked up in the process rather than linked a second time. */

static gpd_zlib Z;
static pthread_once_t z_once = PTHREAD_ONCE_INIT;

/* dlsym gives a data pointer; POSIX guarantees it converts to a function
 * pointer, and this is the spelling ISO C accepts. */
static void sym(void *slot, const char *name)
{
	void *p = dlsym(RTLD_DEFAULT, name);

	memcpy(slot, &p, sizeof p);
}

static void z_bind(void)
{
	const char *(*ver)(void) = NULL;

	sym(&ver, "zlibVersion");
	sym(&Z.init, "deflateInit_");
	sym(&Z.deflate, "deflate");
	sym(&Z.reset, "deflateReset");
	sym(&Z.end, "deflateEnd");
	sym(&Z.bound, "deflateBound");
	sym(&Z.adler32, "adler32");
	sym(&Z.inflate_init, "inflateInit_");
	sym(&Z.inflate, "inflate");
	sym(&Z.inflate_end, "inflateEnd");
	Z.version = ver ? ver() : NULL;
	/* the z_stream layout must be the one this file was compiled with */
	Z.ok = Z.init && Z.deflate && Z.reset && Z.end && Z.bound && Z.adler32 &&
	       Z.inflate_init && Z.inflate && Z.inflate_end && Z.version &&
	       Z.version[0] == ZLIB_VERSION[0];
}

const gpd_zlib *gpd__zlib(void)
{
	pthread_once(&z_once, z_bind);
	return Z.ok ? &Z : NULL;
}

const char *gpd_layout_deflater(void)
{
	return gpd__zlib() ? Z.version : "none";
}
