/* replay.c: runs a fuzz target's entry point over corpus files without libFuzzer, so ordinary ctest replays them. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz_common.h"

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Feeds one file to the target; 0, or -1 when it cannot be read. */
static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *data = NULL;
	size_t len = 0, cap = 0, n;

	if (f == NULL) {
		perror(path);
		return -1;
	}
	do {
		if (len == cap) {
			uint8_t *p = realloc(data, cap = cap ? 2 * cap : 65536);
			if (p == NULL) {
				free(data);
				fclose(f);
				return -1;
			}
			data = p;
		}
		n = fread(data + len, 1, cap - len, f);
		len += n;
	} while (n > 0);
	fclose(f);
	/* An exact-size copy, so ASan sees a read past the input's end. */
	{
		uint8_t *exact = malloc(len ? len : 1);
		if (exact == NULL) {
			free(data);
			return -1;
		}
		memcpy(exact, data, len);
		free(data);
		LLVMFuzzerTestOneInput(exact, len);
		free(exact);
	}
	return 0;
}

/* A folder's regular files in name order (README files are notes, not
 * inputs), so every run replays the same sequence. */
static int replay_dir(const char *dir, size_t *count)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0;
	int rc = 0;

	if (d == NULL) {
		perror(dir);
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		char **p;
		size_t len = strlen(dir) + strlen(e->d_name) + 2;
		struct stat st;

		if (e->d_name[0] == '.' || strncmp(e->d_name, "README", 6) == 0)
			continue;
		p = realloc(names, (n + 1) * sizeof(*p));
		if (p == NULL || (p[n] = malloc(len)) == NULL) {
			names = p ? p : names;
			rc = -1;
			break;
		}
		names = p;
		snprintf(names[n], len, "%s/%s", dir, e->d_name);
		if (stat(names[n], &st) == 0 && S_ISREG(st.st_mode))
			n++;
		else
			free(names[n]);
	}
	closedir(d);
	if (names != NULL)
		qsort(names, n, sizeof(*names), cmp_str);
	for (size_t i = 0; i < n; i++) {
		if (rc == 0 && replay_file(names[i]) != 0)
			rc = -1;
		free(names[i]);
		*count += rc == 0;
	}
	free(names);
	return rc;
}

int main(int argc, char **argv)
{
	size_t count = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		struct stat st;

		if (stat(argv[i], &st) != 0) {
			/* An empty regression folder is not kept by git. */
			fprintf(stderr, "%s: absent, skipped\n", argv[i]);
			continue;
		}
		if (S_ISDIR(st.st_mode) ? replay_dir(argv[i], &count) != 0 :
		    (replay_file(argv[i]) != 0 || !++count))
			return 1;
	}
	printf("%s: %zu inputs replayed\n", argv[0], count);
	return 0;
}
