/* pool.h: one small pool of threads, shared by reading records, rendering editions and compressing pages. */
#ifndef GPDIGEST_POOL_H
#define GPDIGEST_POOL_H

#include <stddef.h>

#include "gpdigest/export.h"

/*
 * A build makes one pool of --jobs workers and hands it down: ingestion
 * reads batches of records on it, the build renders editions on it, and
 * each PDF's pages are deflated on it, so the three never add up to more
 * threads than the cores asked for. Work is given as groups of tasks; whoever
 * waits for a group runs its queued tasks itself, so a group always
 * finishes even when every pool thread is busy elsewhere (a task may itself
 * wait for a group of its own: an edition for its pages). A task must not
 * wait for anything but its own groups and work that does not need the pool.
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

/* Runs g's queued tasks in the caller, then waits until the ones pool
 * threads took have finished. */
GPD_EXPORT void gpd_tasks_wait(gpd_tasks *g);

/* Waits for g, then frees it. NULL is fine. */
GPD_EXPORT void gpd_tasks_free(gpd_tasks *g);

#endif
