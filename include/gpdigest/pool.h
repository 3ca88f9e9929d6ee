/* pool.h: one small pool of threads, shared by reading records, rendering editions and compressing pages. */
#ifndef GPDIGEST_POOL_H
#define GPDIGEST_POOL_H

#include <stddef.h>

#include "gpdigest/export.h"

/*
 * A build makes one pool of --jobs workers and hands it down: ingestion
 * reads batches of records on it, the build renders editions on it, and
 * each PDF's pages are deflated on it, so the three never add up to more
 * threads than the jobs asked for. Work is given as groups of tasks.
 * Whoever waits (for a group, or with gpd_pool_help_until) runs queued
 * tasks meanwhile, its own group's first, so a group always finishes even
 * when every pool thread is busy elsewhere, and no worker sits idle while
 * a task is queued. A task may wait for groups of its own (an edition for
 * its pages) and, with gpd_pool_help_until, for work already running on
 * another thread; never for a task still queued outside its groups.
 */

typedef struct gpd_pool gpd_pool;
typedef struct gpd_tasks gpd_tasks;

/* A pool of workers workers (0: one per core): the thread that makes it
 * is worker 0, and up to workers - 1 threads are started as tasks come.
 * Returns NULL when out of memory. The caller frees it with gpd_pool_free. */
GPD_EXPORT gpd_pool *gpd_pool_new(size_t workers);

/* Stops and joins the threads. Every group must have been waited for.
 * NULL is fine. */
GPD_EXPORT void gpd_pool_free(gpd_pool *p);

/* How many workers p has; 1 for NULL. */
GPD_EXPORT size_t gpd_pool_size(const gpd_pool *p);

/* The calling thread's worker number, below gpd_pool_size(p): a pool
 * thread's own, 0 for any other thread. Tasks may keep per-worker state
 * by it, so at most one thread outside the pool (the one that made it)
 * uses the pool at a time. */
GPD_EXPORT size_t gpd_pool_worker(const gpd_pool *p);

/* A group of tasks on p; p NULL: the tasks run in whoever waits. Returns
 * NULL when out of memory, which every function below accepts: then each
 * task runs at once in the caller of gpd_tasks_add. */
GPD_EXPORT gpd_tasks *gpd_tasks_new(gpd_pool *p);

/* Queues fn(arg) in g; an idle pool thread, or whoever helps or waits for
 * g, runs it. arg is borrowed until the task has run. Cannot fail: out of
 * memory, fn(arg) runs at once in the caller. */
GPD_EXPORT void gpd_tasks_add(gpd_tasks *g, void (*fn)(void *arg), void *arg);

/* Runs one of g's queued tasks in the caller: 1 when it ran one, 0 when
 * none was queued (others may still be running). */
GPD_EXPORT int gpd_tasks_help(gpd_tasks *g);

/* Runs g's queued tasks in the caller, then, until the ones pool threads
 * took have finished, other groups' queued tasks. */
GPD_EXPORT void gpd_tasks_wait(gpd_tasks *g);

/* Waits for g, then frees it. NULL is fine. */
GPD_EXPORT void gpd_tasks_free(gpd_tasks *g);

/* Runs queued tasks of any group in the caller until done(ctx) is true;
 * sleeps while none is queued, until a task is queued, a group finishes
 * or gpd_pool_notify is called, then asks done again. done is called with
 * no lock held; what it waits for must be made true by work running on
 * other threads, followed by gpd_pool_notify. With p NULL, done must be
 * true at once. */
GPD_EXPORT void gpd_pool_help_until(gpd_pool *p, int (*done)(void *ctx), void *ctx);

/* Wakes gpd_pool_help_until's callers to ask their done again. NULL is
 * fine. */
GPD_EXPORT void gpd_pool_notify(gpd_pool *p);

#endif
