/* fuzz_common.h: what every fuzz target shares: a quiet diagnostics collector and NUL-terminated copies. */
#ifndef GPD_FUZZ_COMMON_H
#define GPD_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gpdigest/diag.h"

/* libFuzzer's entry point; replay.c calls it too, without libFuzzer. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A collector that counts but prints nothing (the fuzzer's output would
 * drown in diagnostics). Aborts when out of memory: in a fuzz run that is
 * the harness failing, not a finding. */
static inline gpd_diag *fuzz_diag(void)
{
	gpd_diag *d = gpd_diag_new(GPD_FORMAT_HUMAN, 0, NULL);

	if (d == NULL)
		abort();
	gpd_diag_set_quiet(d, 1);
	return d;
}

/* A NUL-terminated copy of data with every NUL byte dropped: the model's
 * strings are C strings, and nothing that reads a file hands NULs on. */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	size_t k = 0;

	if (s == NULL)
		abort();
	for (size_t i = 0; i < size; i++)
		if (data[i] != '\0')
			s[k++] = (char)data[i];
	s[k] = '\0';
	return s;
}

#endif
