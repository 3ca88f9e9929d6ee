/* pool.c: the one thread pool: groups of tasks, run by idle pool threads or by whoever waits for them. */
#define _POSIX_C_SOURCE 200809L
#include "gpdigest/pool.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

typedef struct task {
	void (*fn)(void *arg);
	void *arg;
	struct task *next;
} task;

struct gpd_tasks {
	gpd_pool *p;            /* NULL: no threads, the waiter runs everything */
	task *head, *tail;      /* queued, not yet taken */
	size_t unfinished;      /* queued or running */
	int listed;             /* in p's list of groups with queued tasks */
	gpd_tasks *next_ready;
};

typedef struct worker_arg {
	gpd_pool *p;
	size_t index;
} worker_arg;

struct gpd_pool {
	pthread_mutex_t lock;   /* guards everything below and every group of p */
	pthread_cond_t work;    /* for idle threads: a task was queued, or stop */
	pthread_cond_t changed; /* for waiters: a task was queued, a group
	                         * finished, or gpd_pool_notify; gen counts them */
	unsigned long gen;
	gpd_tasks *ready, *ready_tail; /* groups with queued tasks, oldest first */
	size_t size;            /* workers, the maker included */
	pthread_t *th;          /* size - 1 slots */
	worker_arg *args;
	size_t nth, idle;       /* threads started; of them, waiting for work */
	int stop;
};

/* Which pool the calling thread belongs to, and its number in it. */
static _Thread_local const gpd_pool *tl_pool;
static _Thread_local size_t tl_index;

gpd_pool *gpd_pool_new(size_t workers)
{
	gpd_pool *p = calloc(1, sizeof(*p));

	if (workers == 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);

		workers = n < 1 ? 1 : (size_t)n;
	}
	if (p == NULL)
		return NULL;
	p->size = workers;
	p->th = calloc(workers, sizeof(*p->th));
	p->args = calloc(workers, sizeof(*p->args));
	if (p->th == NULL || p->args == NULL || pthread_mutex_init(&p->lock, NULL) != 0)
		goto fail;
	if (pthread_cond_init(&p->work, NULL) != 0) {
		pthread_mutex_destroy(&p->lock);
		goto fail;
	}
	if (pthread_cond_init(&p->changed, NULL) != 0) {
		pthread_cond_destroy(&p->work);
		pthread_mutex_destroy(&p->lock);
		goto fail;
	}
	return p;
fail:
	free(p->th);
	free(p->args);
	free(p);
	return NULL;
}

size_t gpd_pool_size(const gpd_pool *p)
{
	return p ? p->size : 1;
}

size_t gpd_pool_worker(const gpd_pool *p)
{
	return p != NULL && tl_pool == p ? tl_index : 0;
}

/* Takes g's oldest queued task (p->lock held when g has a pool). */
static task *pop(gpd_tasks *g)
{
	task *t = g->head;

	if (t == NULL)
		return NULL;
	g->head = t->next;
	if (g->head == NULL)
		g->tail = NULL;
	if (g->head == NULL && g->listed) { /* g leaves the ready list */
		gpd_pool *p = g->p;
		gpd_tasks **pp = &p->ready, *prev = NULL;

		while (*pp != g) {
			prev = *pp;
			pp = &(*pp)->next_ready;
		}
		*pp = g->next_ready;
		if (p->ready_tail == g)
			p->ready_tail = prev;
		g->listed = 0;
		g->next_ready = NULL;
	}
	return t;
}

/* Something a waiter may be waiting for happened (p->lock held). */
static void changed(gpd_pool *p)
{
	p->gen++;
	pthread_cond_broadcast(&p->changed);
}

/* Runs t, then counts it finished (taking p->lock when g has a pool). */
static void run(gpd_tasks *g, task *t)
{
	t->fn(t->arg);
	free(t);
	if (g->p == NULL) {
		g->unfinished--;
		return;
	}
	pthread_mutex_lock(&g->p->lock);
	if (--g->unfinished == 0)
		changed(g->p);
	pthread_mutex_unlock(&g->p->lock);
}

/* Takes the oldest queued task of any group, g its group (p->lock held). */
static task *pop_any(gpd_pool *p, gpd_tasks **g)
{
	*g = p->ready;
	return *g ? pop(*g) : NULL;
}

static void *worker_main(void *arg)
{
	worker_arg *w = arg;
	gpd_pool *p = w->p;

	tl_pool = p;
	tl_index = w->index;
	pthread_mutex_lock(&p->lock);
	for (;;) {
		gpd_tasks *g;
		task *t;

		while (p->ready == NULL && !p->stop) {
			p->idle++;
			pthread_cond_wait(&p->work, &p->lock);
			p->idle--;
		}
		if (p->ready == NULL)
			break;
		t = pop_any(p, &g);
		pthread_mutex_unlock(&p->lock);
		run(g, t);
		pthread_mutex_lock(&p->lock);
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

void gpd_pool_free(gpd_pool *p)
{
	if (p == NULL)
		return;
	pthread_mutex_lock(&p->lock);
	p->stop = 1;
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->lock);
	for (size_t i = 0; i < p->nth; i++)
		pthread_join(p->th[i], NULL);
	pthread_cond_destroy(&p->work);
	pthread_cond_destroy(&p->changed);
	pthread_mutex_destroy(&p->lock);
	free(p->th);
	free(p->args);
	free(p);
}

gpd_tasks *gpd_tasks_new(gpd_pool *p)
{
	gpd_tasks *g = calloc(1, sizeof(*g));

	if (g == NULL)
		return NULL;
	g->p = p;
	return g;
}

/* A thread for the task just queued, when none is idle and the pool may
 * have one more (p->lock held). Without it the waiter runs the task. */
static void wake(gpd_pool *p)
{
	worker_arg *w;

	if (p->idle > 0 || p->nth + 1 >= p->size) {
		pthread_cond_signal(&p->work);
		return;
	}
	w = &p->args[p->nth];
	w->p = p;
	w->index = p->nth + 1;
	if (pthread_create(&p->th[p->nth], NULL, worker_main, w) == 0)
		p->nth++;
}

void gpd_tasks_add(gpd_tasks *g, void (*fn)(void *arg), void *arg)
{
	task *t = g ? malloc(sizeof(*t)) : NULL;

	if (t == NULL) {
		fn(arg);
		return;
	}
	*t = (task){fn, arg, NULL};
	if (g->p != NULL)
		pthread_mutex_lock(&g->p->lock);
	if (g->tail != NULL)
		g->tail->next = t;
	else
		g->head = t;
	g->tail = t;
	g->unfinished++;
	if (g->p != NULL) {
		if (!g->listed) {
			if (g->p->ready_tail != NULL)
				g->p->ready_tail->next_ready = g;
			else
				g->p->ready = g;
			g->p->ready_tail = g;
			g->listed = 1;
		}
		wake(g->p);
		changed(g->p);
		pthread_mutex_unlock(&g->p->lock);
	}
}

int gpd_tasks_help(gpd_tasks *g)
{
	task *t;

	if (g == NULL)
		return 0;
	if (g->p != NULL)
		pthread_mutex_lock(&g->p->lock);
	t = pop(g);
	if (g->p != NULL)
		pthread_mutex_unlock(&g->p->lock);
	if (t == NULL)
		return 0;
	run(g, t);
	return 1;
}

void gpd_tasks_wait(gpd_tasks *g)
{
	task *t;

	if (g == NULL)
		return;
	if (g->p == NULL) {
		while (gpd_tasks_help(g))
			;
		return;
	}
	pthread_mutex_lock(&g->p->lock);
	while (g->unfinished > 0) {
		gpd_tasks *from = g;

		/* g's own tasks first; while others run them, any other's,
		 * so the waiter's core is not idle */
		if ((t = pop(g)) == NULL && (t = pop_any(g->p, &from)) == NULL) {
			pthread_cond_wait(&g->p->changed, &g->p->lock);
			continue;
		}
		pthread_mutex_unlock(&g->p->lock);
		run(from, t);
		pthread_mutex_lock(&g->p->lock);
	}
	pthread_mutex_unlock(&g->p->lock);
}

void gpd_pool_help_until(gpd_pool *p, int (*done)(void *ctx), void *ctx)
{
	gpd_tasks *g;
	task *t;

	if (p == NULL) {
		while (!done(ctx))
			; /* no other thread: done() is true at once */
		return;
	}
	pthread_mutex_lock(&p->lock);
	for (;;) {
		unsigned long gen = p->gen;

		pthread_mutex_unlock(&p->lock);
		if (done(ctx))
			return;
		pthread_mutex_lock(&p->lock);
		if ((t = pop_any(p, &g)) != NULL) {
			pthread_mutex_unlock(&p->lock);
			run(g, t);
			pthread_mutex_lock(&p->lock);
			continue;
		}
		/* nothing to run: sleep until something changes, unless it
		 * did since done() was asked */
		while (p->gen == gen)
			pthread_cond_wait(&p->changed, &p->lock);
	}
}

void gpd_pool_notify(gpd_pool *p)
{
	if (p == NULL)
		return;
	pthread_mutex_lock(&p->lock);
	changed(p);
	pthread_mutex_unlock(&p->lock);
}

void gpd_tasks_free(gpd_tasks *g)
{
	if (g == NULL)
		return;
	gpd_tasks_wait(g);
	free(g);
}
