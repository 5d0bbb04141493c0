// SPDX-License-Identifier: GPL-2.0
/*
 * Secret memory benchmark, run in the guest on each kernel.  Prints
 * "key value" lines that bench/report.sh turns into a report.
 *
 *  - first-touch cost per page of secret, memfd_create and anonymous
 *    memory, 1 and 2 threads (median of several runs, and ratios);
 *  - kernel TLB-flush IPIs (CAL + TLB lines of /proc/interrupts) per MB of
 *    secret memory faulted;
 *  - direct map fragmentation (direct_map_level2/3_splits, DirectMap4k)
 *    for (a) the first 64 MB after boot, (b) 512 secret pages faulted after
 *    freeing one 4 KB page in every 2 MB of 1 GB of anonymous memory,
 *    (c) allocate/free rounds interleaved with held pipe buffers;
 *  - first touch of 1 GB mapped at a 2 MB-aligned address, one thread:
 *    secret, anonymous with THP (MADV_HUGEPAGE) and memfd_create memory;
 *    minor faults, ns per MB (median of 3 runs) and how much was mapped
 *    with PMDs (FilePmdMapped, AnonHugePages);
 *  - memory held by the pool at rest and after a shrink.
 *
 * Usage: secretmem-bench [MB-per-touch-run [rounds]], or
 * secretmem-bench huge for the 1 GB scenario alone.
 *
 * Timings are reported, never asserted.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#ifndef __NR_memfd_secret
#define __NR_memfd_secret 447
#endif

#define MB		(1UL << 20)
#define PAGE		4096UL
#define RUNS		7
#define HUGE_LEN	(1024 * MB)
#define HUGE_ALIGN	(2 * MB)
#define HUGE_RUNS	3

enum kind { SECRET, MEMFD, ANON, NR_KINDS };
static const char * const kind_name[] = { "secret", "memfd", "anon" };

static long vmstat(const char *key)
{
	char k[64];
	long v;
	FILE *f = fopen("/proc/vmstat", "r");

	if (!f)
		return -1;
	while (fscanf(f, "%63s %ld", k, &v) == 2)
		if (!strcmp(k, key)) {
			fclose(f);
			return v;
		}
	fclose(f);
	return -1;
}

static long meminfo(const char *key)
{
	char line[256];
	size_t n = strlen(key);
	long v = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, n) && line[n] == ':')
			v = strtol(line + n + 1, NULL, 10);
	fclose(f);
	return v;
}

/* Kernel TLB-flush IPIs so far: the CAL and TLB lines, all CPUs. */
static long flush_ipis(void)
{
	char line[1024], *p, *end;
	long sum = 0;
	FILE *f = fopen("/proc/interrupts", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		p = line + strspn(line, " ");
		if (strncmp(p, "CAL:", 4) && strncmp(p, "TLB:", 4))
			continue;
		for (p += 4;; p = end) {
			long v = strtol(p, &end, 10);

			if (end == p)
				break;
			sum += v;
		}
	}
	fclose(f);
	return sum;
}

static long pool_stat(const char *name)
{
	char path[128];
	long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/kernel/mm/secretmem/%s", name);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (fscanf(f, "%ld", &v) != 1)
		v = -1;
	fclose(f);
	return v;
}

/* The "@key:" kB of the /proc/self/smaps entry starting at @start. */
static long smaps_kb(const void *start, const char *key)
{
	char line[1024], perms[8];
	unsigned long lo, hi;
	size_t n = strlen(key);
	long v = -1;
	int in = 0;
	FILE *f = fopen("/proc/self/smaps", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx %7s", &lo, &hi, perms) == 3) {
			in = lo == (unsigned long)start;
			continue;
		}
		if (in && !strncmp(line, key, n) && line[n] == ':') {
			v = strtol(line + n + 1, NULL, 10);
			break;
		}
	}
	fclose(f);
	return v;
}

static void drop_caches(void)
{
	int fd = open("/proc/sys/vm/drop_caches", O_WRONLY);

	if (fd >= 0) {
		if (write(fd, "3", 1) != 1)
			perror("drop_caches");
		close(fd);
	}
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int make_fd(enum kind k, size_t len)
{
	int fd;

	if (k == ANON)
		return -1;
	fd = k == SECRET ? syscall(__NR_memfd_secret, 0) : memfd_create("bench", 0);
	if (fd < 0 || ftruncate(fd, len)) {
		perror(kind_name[k]);
		exit(1);
	}
	return fd;
}

static char *map(enum kind k, int fd, size_t len)
{
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       k == ANON ? MAP_PRIVATE | MAP_ANONYMOUS : MAP_SHARED, fd, 0);

	if (p == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
	if (k == ANON)
		madvise(p, len, MADV_NOHUGEPAGE);
	return p;
}

static void touch(char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i += PAGE)
		p[i] = 1;
}

struct worker {
	pthread_t t;
	char *p;
	size_t len;
	pthread_barrier_t *bar;
};

static void *work(void *arg)
{
	struct worker *w = arg;

	pthread_barrier_wait(w->bar);
	touch(w->p, w->len);
	return NULL;
}

/* Nanoseconds per page to first-touch @len of @k with @nthreads. */
static double first_touch(enum kind k, size_t len, int nthreads)
{
	struct worker w[2];
	pthread_barrier_t bar;
	int fd = make_fd(k, len), i;
	char *p = map(k, fd, len);
	double t0, t;

	pthread_barrier_init(&bar, NULL, nthreads + 1);
	for (i = 0; i < nthreads; i++) {
		w[i] = (struct worker){ .p = p + i * (len / nthreads),
					.len = len / nthreads, .bar = &bar };
		pthread_create(&w[i].t, NULL, work, &w[i]);
	}
	t0 = now();
	pthread_barrier_wait(&bar);
	for (i = 0; i < nthreads; i++)
		pthread_join(w[i].t, NULL);
	t = now() - t0;
	munmap(p, len);
	if (fd >= 0)
		close(fd);
	pthread_barrier_destroy(&bar);
	return t * 1e9 / (len / PAGE);
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static const char * const huge_name[] = { "secret", "memfd", "anon_thp" };

/*
 * Map @len of @k (@fd at offset 0 unless anonymous) at a 2 MB-aligned
 * address: reserve @len + 2 MB, map over it at the first aligned address
 * and give back the rest of the reserve.
 */
static char *map_aligned(enum kind k, int fd, size_t len)
{
	char *r, *p, *q;

	r = mmap(NULL, len + HUGE_ALIGN, PROT_NONE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (r == MAP_FAILED)
		return NULL;
	p = (char *)(((uintptr_t)r + HUGE_ALIGN - 1) & ~(HUGE_ALIGN - 1));
	if (k == ANON)
		q = mmap(p, len, PROT_READ | PROT_WRITE,
			 MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	else
		q = mmap(p, len, PROT_READ | PROT_WRITE,
			 MAP_FIXED | MAP_SHARED, fd, 0);
	if (q == MAP_FAILED) {
		munmap(r, len + HUGE_ALIGN);
		return NULL;
	}
	if (p > r)
		munmap(r, p - r);
	munmap(p + len, r + HUGE_ALIGN - p);
	if (k == ANON && madvise(p, len, MADV_HUGEPAGE))
		perror("MADV_HUGEPAGE");
	return p;
}

struct huge_run {
	double ns_per_mb, free_ns_per_mb;
	long minflt, pmd_kb;
};

/*
 * First touch of HUGE_LEN of @k at a 2 MB-aligned address by one thread:
 * time and minor faults of the touch loop alone, then how much of the
 * mapping is mapped by PMDs.  All of it is released before returning,
 * and that is timed too (munmap() and close(): secret memory is cleared
 * there, when nothing can write to it any more).
 */
static int huge_touch(enum kind k, struct huge_run *run)
{
	struct rusage ru0, ru1;
	double t0, t;
	int fd = -1;
	char *p;

	if (k != ANON) {
		fd = k == SECRET ? syscall(__NR_memfd_secret, 0) :
				   memfd_create("bench", 0);
		if (fd < 0 || ftruncate(fd, HUGE_LEN)) {
			perror(huge_name[k]);
			goto fail;
		}
	}
	p = map_aligned(k, fd, HUGE_LEN);
	if (!p) {
		perror("mmap 1G aligned");
		goto fail;
	}
	getrusage(RUSAGE_SELF, &ru0);
	t0 = now();
	touch(p, HUGE_LEN);
	t = now() - t0;
	getrusage(RUSAGE_SELF, &ru1);
	run->ns_per_mb = t * 1e9 / (HUGE_LEN / MB);
	run->minflt = ru1.ru_minflt - ru0.ru_minflt;
	run->pmd_kb = k == SECRET ? smaps_kb(p, "FilePmdMapped") :
		      k == ANON ? smaps_kb(p, "AnonHugePages") : -1;
	t0 = now();
	munmap(p, HUGE_LEN);
	if (fd >= 0)
		close(fd);
	run->free_ns_per_mb = (now() - t0) * 1e9 / (HUGE_LEN / MB);
	return 0;
fail:
	if (fd >= 0)
		close(fd);
	return -1;
}

static void print_ratio(const char *key, double a, double b)
{
	if (a < 0 || b <= 0)
		printf("%s -1\n", key);
	else
		printf("%s %.2f\n", key, a / b);
}

/* 1 GB, 2 MB-aligned: secret, anon THP and memfd; -1 for what failed. */
static void scenario_huge(void)
{
	static const enum kind order[] = { SECRET, ANON, MEMFD };
	struct huge_run last[NR_KINDS];
	double ns[NR_KINDS], fns[NR_KINDS], v[HUGE_RUNS], fv[HUGE_RUNS];
	int i, k, r;

	for (i = 0; i < NR_KINDS; i++) {
		k = order[i];
		last[k] = (struct huge_run){ -1, -1, -1, -1 };
		ns[k] = -1;
		fns[k] = -1;
		for (r = 0; r < HUGE_RUNS && !huge_touch(k, &last[k]); r++) {
			v[r] = last[k].ns_per_mb;
			fv[r] = last[k].free_ns_per_mb;
		}
		if (r < HUGE_RUNS) {
			last[k] = (struct huge_run){ -1, -1, -1, -1 };
			continue;
		}
		qsort(v, HUGE_RUNS, sizeof(v[0]), cmp);
		qsort(fv, HUGE_RUNS, sizeof(fv[0]), cmp);
		ns[k] = v[HUGE_RUNS / 2];
		fns[k] = fv[HUGE_RUNS / 2];
	}
	for (i = 0; i < NR_KINDS; i++)
		printf("huge_minflt_%s %ld\n", huge_name[order[i]],
		       last[order[i]].minflt);
	for (i = 0; i < NR_KINDS; i++)
		printf("huge_ns_per_mb_%s %.0f\n", huge_name[order[i]],
		       ns[order[i]]);
	for (i = 0; i < NR_KINDS; i++)
		printf("huge_free_ns_per_mb_%s %.0f\n", huge_name[order[i]],
		       fns[order[i]]);
	print_ratio("huge_ratio_secret_anon_thp", ns[SECRET], ns[ANON]);
	print_ratio("huge_ratio_secret_memfd", ns[SECRET], ns[MEMFD]);
	print_ratio("huge_ratio_total_secret_anon_thp",
		    ns[SECRET] < 0 || fns[SECRET] < 0 ? -1 : ns[SECRET] + fns[SECRET],
		    ns[ANON] < 0 || fns[ANON] < 0 ? -1 : ns[ANON] + fns[ANON]);
	printf("huge_pmd_mapped_kb_secret %ld\n", last[SECRET].pmd_kb);
	printf("huge_anon_huge_kb %ld\n", last[ANON].pmd_kb);
}

struct frag {
	long l2, l3, dm4k, ipis;
};

static void frag_get(struct frag *f)
{
	f->l2 = vmstat("direct_map_level2_splits");
	f->l3 = vmstat("direct_map_level3_splits");
	f->dm4k = meminfo("DirectMap4k");
	f->ipis = flush_ipis();
}

static void frag_print(const char *name, struct frag *a, struct frag *b)
{
	printf("%s_level2_splits %ld\n", name, b->l2 - a->l2);
	printf("%s_level3_splits %ld\n", name, b->l3 - a->l3);
	printf("%s_directmap4k_kb %ld\n", name, b->dm4k - a->dm4k);
}

/* (a): the first 64 MB of secret memory; also IPIs per MB. */
static void scenario_first(void)
{
	size_t len = 64 * MB;
	struct frag a, b;
	int fd;
	char *p;

	frag_get(&a);
	fd = make_fd(SECRET, len);
	p = map(SECRET, fd, len);
	touch(p, len);
	frag_get(&b);
	frag_print("first64", &a, &b);
	printf("ipis_per_mb %.2f\n", (double)(b.ipis - a.ipis) / (len / MB));
	munmap(p, len);
	close(fd);

	/* The same with memfd_create(): IPIs that are not secret memory's. */
	fd = make_fd(MEMFD, len);
	p = map(MEMFD, fd, len);
	frag_get(&a);
	touch(p, len);
	frag_get(&b);
	printf("ipis_per_mb_memfd %.2f\n", (double)(b.ipis - a.ipis) / (len / MB));
	munmap(p, len);
	close(fd);
}

/* (b): one free 4 KB page in every 2 MB of 1 GB, then 512 secret pages. */
static void scenario_scattered(void)
{
	size_t len = 1024 * MB, slen = 512 * PAGE, i;
	cpu_set_t cpus, all;
	struct frag a, b;
	char *anon, *p;
	int fd;

	anon = mmap(NULL, len, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (anon == MAP_FAILED) {
		perror("mmap 1G");
		return;
	}
	madvise(anon, len, MADV_NOHUGEPAGE);
	/*
	 * One CPU: the freed pages wait on its per-CPU lists, where the
	 * secret faults that follow look first.
	 */
	CPU_ZERO(&cpus);
	CPU_SET(0, &cpus);
	sched_getaffinity(0, sizeof(all), &all);
	sched_setaffinity(0, sizeof(cpus), &cpus);
	touch(anon, len);
	for (i = 0; i < len; i += 2 * MB)
		madvise(anon + i, PAGE, MADV_DONTNEED);
	frag_get(&a);
	fd = make_fd(SECRET, slen);
	p = map(SECRET, fd, slen);
	touch(p, slen);
	frag_get(&b);
	frag_print("scattered", &a, &b);
	sched_setaffinity(0, sizeof(all), &all);
	munmap(p, slen);
	close(fd);
	munmap(anon, len);
}

/* (c): rounds of secret memory interleaved with held pipe buffers. */
static void scenario_rounds(int rounds)
{
	size_t len = 8 * MB;
	static int pipes[64][2];
	char buf[PAGE];
	struct frag a, b;
	int r, i, j, fd;
	char *p;

	memset(buf, 'x', sizeof(buf));
	frag_get(&a);
	for (r = 0; r < rounds; r++) {
		fd = make_fd(SECRET, len);
		p = map(SECRET, fd, len);
		touch(p, len / 2);
		/* Unmovable kernel allocations land between secret pages. */
		for (i = 0; i < 64; i++) {
			if (pipe2(pipes[i], O_NONBLOCK))
				break;
			for (j = 0; j < 16; j++)
				if (write(pipes[i][1], buf, sizeof(buf)) < 0)
					break;
		}
		touch(p + len / 2, len / 2);
		munmap(p, len);
		close(fd);
		/* Keep every other pipe: held kernel memory accumulates. */
		for (i = 0; i < 64; i += 2) {
			close(pipes[i][0]);
			close(pipes[i][1]);
		}
	}
	frag_get(&b);
	frag_print("rounds", &a, &b);
}

int main(int argc, char **argv)
{
	size_t len = argc > 1 ? strtoul(argv[1], NULL, 0) * MB : 32 * MB;
	double t[NR_KINDS][2], v[RUNS];
	struct frag start, end;
	struct rlimit rl = { RLIM_INFINITY, RLIM_INFINITY };
	int fd, k, n, r;

	setrlimit(RLIMIT_MEMLOCK, &rl);
	setrlimit(RLIMIT_NOFILE, &rl);
	if (argc > 1 && !strcmp(argv[1], "huge")) {
		scenario_huge();
		return 0;
	}
	fd = syscall(__NR_memfd_secret, 0);
	if (fd < 0) {
		perror("memfd_secret");
		return 1;
	}
	close(fd);
	frag_get(&start);
	printf("boot_directmap4k_kb %ld\n", start.dm4k);

	scenario_first();
	scenario_scattered();
	scenario_rounds(argc > 2 ? atoi(argv[2]) : 16);

	for (n = 1; n <= 2; n++)
		for (k = 0; k < NR_KINDS; k++) {
			for (r = 0; r < RUNS; r++)
				v[r] = first_touch(k, len, n);
			qsort(v, RUNS, sizeof(v[0]), cmp);
			t[k][n - 1] = v[RUNS / 2];
			printf("touch_ns_%s_%dt %.0f\n", kind_name[k], n, t[k][n - 1]);
		}
	for (n = 0; n < 2; n++) {
		printf("ratio_secret_memfd_%dt %.2f\n", n + 1, t[SECRET][n] / t[MEMFD][n]);
		printf("ratio_secret_anon_%dt %.2f\n", n + 1, t[SECRET][n] / t[ANON][n]);
	}

	frag_get(&end);
	frag_print("total", &start, &end);
	printf("pool_blocks_rest %ld\n", pool_stat("blocks"));
	printf("pool_kb_rest %ld\n", pool_stat("blocks") < 0 ? -1 : pool_stat("blocks") * 2048);
	drop_caches();
	printf("pool_kb_shrunk %ld\n", pool_stat("blocks") < 0 ? -1 : pool_stat("blocks") * 2048);
	printf("fallback_pages %ld\n", pool_stat("fallback_pages"));
	/* Last: its 1 GB would weigh on the figures above. */
	fflush(stdout);
	scenario_huge();
	return 0;
}
