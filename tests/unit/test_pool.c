/* test_pool.c: cmocka tests of the one thread pool: every task runs once, waits return when their group is done, nested groups finish with every worker busy. */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdlib.h>
#include <time.h>

#include <cmocka.h>

#include "gpdigest/pool.h"

#define MANY 5000

typedef struct counter {
	gpd_pool *pool;
	atomic_int runs[MANY];
	atomic_int total;
	atomic_int busy_worker[64]; /* tasks running now, per worker number */
	atomic_int clash;           /* two tasks ran at once on one worker number */
	atomic_int bad_worker;      /* a number at or past the pool's size */
} counter;

typedef struct item {
	counter *c;
	size_t i;
} item;

static void pause_briefly(void)
{
	struct timespec ts = {0, 20000};

	nanosleep(&ts, NULL);
}

static void count(void *arg)
{
	item *it = arg;
	size_t w = gpd_pool_worker(it->c->pool);

	if (w >= gpd_pool_size(it->c->pool) || w >= 64) {
		atomic_fetch_add(&it->c->bad_worker, 1);
	} else {
		if (atomic_fetch_add(&it->c->busy_worker[w], 1) != 0)
			atomic_fetch_add(&it->c->clash, 1);
		if (it->i % 97 == 0)
			pause_briefly(); /* so that workers overlap */
		atomic_fetch_sub(&it->c->busy_worker[w], 1);
	}
	atomic_fetch_add(&it->c->runs[it->i], 1);
	atomic_fetch_add(&it->c->total, 1);
}

/* MANY tasks on a pool of n workers: each runs exactly once, and no two
 * run at once under one worker number. */
static void run_many(size_t n)
{
	counter *c = calloc(1, sizeof(*c));
	item *items = calloc(MANY, sizeof(*items));
	gpd_tasks *g;

	assert_non_null(c);
	assert_non_null(items);
	c->pool = gpd_pool_new(n);
	assert_non_null(c->pool);
	assert_int_equal(gpd_pool_size(c->pool), n);
	assert_int_equal(gpd_pool_worker(c->pool), 0);
	g = gpd_tasks_new(c->pool);
	assert_non_null(g);
	for (size_t i = 0; i < MANY; i++) {
		items[i] = (item){c, i};
		gpd_tasks_add(g, count, &items[i]);
	}
	gpd_tasks_wait(g);
	assert_int_equal(atomic_load(&c->total), MANY);
	for (size_t i = 0; i < MANY; i++)
		assert_int_equal(atomic_load(&c->runs[i]), 1);
	assert_int_equal(atomic_load(&c->clash), 0);
	assert_int_equal(atomic_load(&c->bad_worker), 0);
	assert_int_equal(gpd_tasks_help(g), 0); /* nothing left */
	gpd_tasks_free(g);
	gpd_pool_free(c->pool);
	free(items);
	free(c);
}

static void test_many(void **state)
{
	(void)state;
	run_many(1);
	run_many(2);
	run_many(5);
}

/* Without a pool, or on a pool of one, nothing runs until someone helps
 * or waits, and then in the order added. */
static size_t order[8], norder;

static void record_order(void *arg)
{
	order[norder++] = (size_t)(*(const int *)arg);
}

static void test_caller_runs(void **state)
{
	static const int ids[4] = {0, 1, 2, 3};
	gpd_pool *one = gpd_pool_new(1);
	gpd_pool *pools[2] = {NULL, one};

	(void)state;
	assert_non_null(one);
	assert_int_equal(gpd_pool_size(NULL), 1);
	for (int k = 0; k < 2; k++) {
		gpd_tasks *g = gpd_tasks_new(pools[k]);

		assert_non_null(g);
		norder = 0;
		for (int i = 0; i < 4; i++)
			gpd_tasks_add(g, record_order, (void *)&ids[i]);
		assert_int_equal(norder, 0);
		assert_int_equal(gpd_tasks_help(g), 1);
		assert_int_equal(norder, 1);
		gpd_tasks_wait(g);
		assert_int_equal(norder, 4);
		for (size_t i = 0; i < 4; i++)
			assert_int_equal(order[i], i);
		gpd_tasks_free(g);
	}
	/* a group that could not be made runs each task at once */
	norder = 0;
	gpd_tasks_add(NULL, record_order, (void *)&ids[2]);
	assert_int_equal(norder, 1);
	assert_int_equal(order[0], 2);
	assert_int_equal(gpd_tasks_help(NULL), 0);
	gpd_tasks_wait(NULL);
	gpd_tasks_free(NULL);
	gpd_pool_free(one);
	gpd_pool_free(NULL);
}

/* The build's shape: outer tasks (editions) each add a group of inner
 * tasks (pages) to the same pool and wait for it, with more outer tasks
 * than workers, so every worker is busy with an outer task while inner
 * ones are queued. It must finish, every inner task once. */
#define OUTER 12
#define INNER 300

typedef struct outer {
	counter *c;
	item items[INNER];
	size_t k;
} outer;

static void outer_task(void *arg)
{
	outer *o = arg;
	gpd_tasks *g = gpd_tasks_new(o->c->pool);

	for (size_t i = 0; i < INNER; i++) {
		o->items[i] = (item){o->c, o->k * INNER + i};
		gpd_tasks_add(g, count, &o->items[i]);
	}
	/* as the deflater does: help while there is work, then wait */
	while (gpd_tasks_help(g))
		;
	gpd_tasks_free(g);
}

static void test_nested(void **state)
{
	(void)state;
	for (size_t n = 1; n <= 4; n++) {
		counter *c = calloc(1, sizeof(*c));
		outer *os = calloc(OUTER, sizeof(*os));
		gpd_tasks *g;

		assert_non_null(c);
		assert_non_null(os);
		c->pool = gpd_pool_new(n);
		g = gpd_tasks_new(c->pool);
		for (size_t k = 0; k < OUTER; k++) {
			os[k].c = c;
			os[k].k = k;
			gpd_tasks_add(g, outer_task, &os[k]);
		}
		gpd_tasks_free(g);
		assert_int_equal(atomic_load(&c->total), OUTER * INNER);
		for (size_t i = 0; i < OUTER * INNER; i++)
			assert_int_equal(atomic_load(&c->runs[i]), 1);
		assert_int_equal(atomic_load(&c->clash), 0);
		gpd_pool_free(c->pool);
		free(os);
		free(c);
	}
}

/* A waiter runs other groups' queued tasks while its own run elsewhere:
 * here the task it waits for needs one that is queued in another group
 * (as an edition waiting for room needs the pages of the one rendering). */
typedef struct relay {
	atomic_int started, flag, gave_up;
} relay;

static void needs_flag(void *arg)
{
	relay *r = arg;

	atomic_store(&r->started, 1);
	for (int i = 0; i < 200000 && !atomic_load(&r->flag); i++)
		pause_briefly();
	if (!atomic_load(&r->flag))
		atomic_store(&r->gave_up, 1);
}

static void sets_flag(void *arg)
{
	relay *r = arg;

	atomic_store(&r->flag, 1);
}

static void test_wait_helps_others(void **state)
{
	gpd_pool *p = gpd_pool_new(2);
	gpd_tasks *mine = gpd_tasks_new(p), *other = gpd_tasks_new(p);
	relay r = {0};

	(void)state;
	assert_non_null(mine);
	assert_non_null(other);
	gpd_tasks_add(mine, needs_flag, &r);
	while (!atomic_load(&r.started)) /* the pool's one thread took it */
		pause_briefly();
	gpd_tasks_add(other, sets_flag, &r); /* queued: no thread is free */
	gpd_tasks_wait(mine);
	assert_int_equal(atomic_load(&r.flag), 1);
	assert_int_equal(atomic_load(&r.gave_up), 0);
	gpd_tasks_free(other);
	gpd_tasks_free(mine);
	gpd_pool_free(p);
}

/* gpd_pool_help_until: the caller runs queued tasks while it waits, and
 * wakes for gpd_pool_notify when nothing is queued. */
typedef struct until {
	gpd_pool *p;
	atomic_int count, limit, ready;
} until;

static int reached(void *arg)
{
	until *u = arg;

	return atomic_load(&u->count) >= atomic_load(&u->limit) && atomic_load(&u->ready);
}

static void bump(void *arg)
{
	until *u = arg;

	atomic_fetch_add(&u->count, 1);
}

static void late_ready(void *arg)
{
	until *u = arg;

	for (int i = 0; i < 50; i++)
		pause_briefly();
	atomic_store(&u->ready, 1);
	gpd_pool_notify(u->p);
}

static void test_help_until(void **state)
{
	until u = {0};
	gpd_tasks *g;

	(void)state;
	/* a pool of one: no thread, so only the caller can run the tasks */
	u.p = gpd_pool_new(1);
	g = gpd_tasks_new(u.p);
	atomic_store(&u.limit, 100);
	atomic_store(&u.ready, 1);
	for (int i = 0; i < 100; i++)
		gpd_tasks_add(g, bump, &u);
	gpd_pool_help_until(u.p, reached, &u);
	assert_int_equal(atomic_load(&u.count), 100);
	gpd_tasks_free(g);
	gpd_pool_free(u.p);
	/* two workers: what the caller waits for comes from the other one */
	u.p = gpd_pool_new(2);
	g = gpd_tasks_new(u.p);
	atomic_store(&u.ready, 0);
	gpd_tasks_add(g, late_ready, &u);
	gpd_pool_help_until(u.p, reached, &u);
	assert_int_equal(atomic_load(&u.ready), 1);
	gpd_tasks_free(g);
	gpd_pool_free(u.p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_many),
		cmocka_unit_test(test_caller_runs),
		cmocka_unit_test(test_nested),
		cmocka_unit_test(test_wait_helps_others),
		cmocka_unit_test(test_help_until),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
