/* test_buf.c: cmocka tests of the growable string buffer: gpd_buf_printf formats into the room it has and again when it did not fit, with the same text as snprintf whatever the length. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "gpdigest/buf.h"

/* Every length from 0 to 3 times the first allocation, at every starting
 * length a buffer passes through: around each edge of the room it has
 * (n fits, n is the room less its NUL, n is the room, n is over). The
 * text is what snprintf gives, appended, NUL-terminated. */
static void test_printf_lengths(void **state)
{
	char want[4096], piece[512];
	size_t wlen = 0;
	gpd_buf b = {0};

	(void)state;
	for (int round = 0; round < 6; round++)
		for (int n = 0; n < 200; n++) {
			memset(piece, 'a' + n % 26, (size_t)n);
			piece[n] = '\0';
			gpd_buf_printf(&b, "%s|%d", piece, n);
			wlen += (size_t)snprintf(want + wlen, sizeof want - wlen, "%s|%d", piece, n);
			if (wlen > 3000) {
				assert_false(gpd_buf_failed(&b));
				assert_int_equal(b.len, wlen);
				assert_memory_equal(b.data, want, wlen);
				assert_int_equal(b.data[b.len], '\0');
				b.len = 0;
				b.data[0] = '\0';
				wlen = 0;
			}
		}
	assert_int_equal(b.len, wlen);
	assert_memory_equal(b.data, want, wlen);
	assert_int_equal(b.data[b.len], '\0');
	gpd_buf_free(&b);
}

/* Pieces of exactly the room the buffer has less 1, the room, and 1
 * more (the room counts the NUL), at the buffer's first and a grown
 * capacity. */
static void test_printf_room(void **state)
{
	char piece[600];

	(void)state;
	for (int grow = 0; grow < 2; grow++)
		for (int d = -1; d <= 1; d++) {
			gpd_buf b = {0};
			size_t room, n;

			gpd_buf_puts(&b, "ab");
			if (grow)
				gpd_buf_append(&b, piece, 0), gpd_buf_extend(&b, 100), b.len = 2;
			room = b.cap - b.len;
			n = (size_t)((long)room + d);
			assert_true(n < sizeof piece);
			memset(piece, 'q', n);
			piece[n] = '\0';
			gpd_buf_printf(&b, "%s", piece);
			assert_false(gpd_buf_failed(&b));
			assert_int_equal(b.len, 2 + n);
			assert_memory_equal(b.data + 2, piece, n);
			assert_int_equal(b.data[b.len], '\0');
			gpd_buf_free(&b);
		}
}

/* A long piece (past any room a buffer had) and an empty format. */
static void test_printf_long(void **state)
{
	size_t n = 100000;
	char *big = malloc(n + 1);
	gpd_buf b = {0};

	(void)state;
	assert_non_null(big);
	memset(big, 'x', n);
	big[n] = '\0';
	gpd_buf_puts(&b, "<");
	gpd_buf_printf(&b, "%s", "");
	gpd_buf_printf(&b, "%s>%zu", big, n);
	assert_false(gpd_buf_failed(&b));
	assert_int_equal(b.len, 1 + n + 1 + 6);
	assert_int_equal(b.data[0], '<');
	assert_memory_equal(b.data + 1, big, n);
	assert_string_equal(b.data + 1 + n, ">100000");
	free(big);
	gpd_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_printf_lengths),
		cmocka_unit_test(test_printf_room),
		cmocka_unit_test(test_printf_long),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
