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
 *    the first run after drop_caches (cold: blocks come from the page
 *    allocator) apart from the later ones (warm), and the total of first
 *    touch and release; kernel TLB-flush IPIs per MB faulted and freed;
 *  - memory held by the pool at rest and after a shrink;
 *  - what an unprivileged user with an 8 MB RLIMIT_MEMLOCK keeps out of the
 *    page allocator by looping "huge fault, punch the other 511 pages,
 *    munmap" over a 1 GB file (MemFree, per MB of the limit);
 *  - flush IPIs another CPU takes per round of a loop any user can run:
 *    fault a 2 MB-aligned block and punch it out, or make, map, touch and
 *    close a file;
 *  - 4 KB and huge fault cost with 64 MB and with 2 GB idle in the pool,
 *    and the first 4 KB fault right after a 2 GB file of 4 KB pages was
 *    closed;
 *  - with "numa" (a 2-node boot): on which node pages land, by placement.
 *
 * Usage: secretmem-bench [MB-per-touch-run [rounds]], or
 * secretmem-bench huge for the 1 GB scenario alone, or
 * secretmem-bench numa for the NUMA placement table, or
 * secretmem-bench flushloop for the flush loops alone, or
 * secretmem-bench poolsize for the pool-size scenario alone.
 *
 * Timings are reported, never asserted.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/falloc.h>

#ifndef __NR_memfd_secret
#define __NR_memfd_secret 447
#endif

#define MB		(1UL << 20)
#define PAGE		4096UL
#define RUNS		7
#define HUGE_LEN	(1024 * MB)
#define HUGE_ALIGN	(2 * MB)
#define HUGE_RUNS	4	/* the first cold, then warm ones */

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

/* Kernel TLB-flush IPIs so far: the CAL and TLB lines, of @cpu or (-1) all CPUs. */
static long flush_ipis(int cpu)
{
	char line[4096], *p, *end;
	long sum = 0, v;
	int col;
	FILE *f = fopen("/proc/interrupts", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		p = line + strspn(line, " ");
		if (strncmp(p, "CAL:", 4) && strncmp(p, "TLB:", 4))
			continue;
		for (p += 4, col = 0;; p = end, col++) {
			v = strtol(p, &end, 10);
			if (end == p)
				break;
			if (cpu < 0 || col == cpu)
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

/*
 * QEMU allocates the guest's RAM on the host lazily: the first time the
 * guest touches a page, the host faults it in and zeroes it, a cost bare
 * metal does not have, paid by whichever kind happens to run first on
 * memory the guest never used.  Touch all free memory once (anonymous,
 * populated, then unmapped) so that "cold" means cold for the guest
 * kernel only: its blocks still come from the page allocator.
 */
static void populate_guest_ram(void)
{
	long kb = meminfo("MemFree") - 128 * 1024;
	size_t len;
	char *p;

	if (kb <= 0)
		return;
	len = (size_t)kb * 1024;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (p != MAP_FAILED)
		munmap(p, len);
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
	double ns_per_mb, free_ns_per_mb, ipis_per_mb;
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
	long ipis;
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
	ipis = flush_ipis(-1);
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
	run->ipis_per_mb = (double)(flush_ipis(-1) - ipis) / (HUGE_LEN / MB);
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

/*
 * 1 GB, 2 MB-aligned: secret, anon THP and memfd; -1 for what failed.
 * Each kind starts from drop_caches: its first run is cold (secret blocks
 * come from the page allocator), the others warm (they reuse the blocks
 * the previous run released).  All free guest RAM is touched once before,
 * so that no kind pays the host's faults for it.
 */
static void scenario_huge(void)
{
	static const enum kind order[] = { SECRET, ANON, MEMFD };
	double ns[NR_KINDS], fns[NR_KINDS], cold[NR_KINDS], fcold[NR_KINDS];
	double v[HUGE_RUNS], fv[HUGE_RUNS], ipis = -1;
	struct huge_run last[NR_KINDS];
	int i, k, r;

	drop_caches();
	populate_guest_ram();

	for (i = 0; i < NR_KINDS; i++) {
		k = order[i];
		last[k] = (struct huge_run){ -1, -1, -1, -1, -1 };
		ns[k] = fns[k] = cold[k] = fcold[k] = -1;
		drop_caches();
		for (r = 0; r < HUGE_RUNS && !huge_touch(k, &last[k]); r++) {
			v[r] = last[k].ns_per_mb;
			fv[r] = last[k].free_ns_per_mb;
			if (k == SECRET && r == 0)
				ipis = last[k].ipis_per_mb;
		}
		if (r < HUGE_RUNS) {
			last[k] = (struct huge_run){ -1, -1, -1, -1, -1 };
			continue;
		}
		cold[k] = v[0];
		fcold[k] = fv[0];
		/* The warm runs: 1 .. HUGE_RUNS - 1, their median. */
		qsort(v + 1, HUGE_RUNS - 1, sizeof(v[0]), cmp);
		qsort(fv + 1, HUGE_RUNS - 1, sizeof(fv[0]), cmp);
		ns[k] = v[1 + (HUGE_RUNS - 1) / 2];
		fns[k] = fv[1 + (HUGE_RUNS - 1) / 2];
	}
	for (i = 0; i < NR_KINDS; i++)
		printf("huge_minflt_%s %ld\n", huge_name[order[i]],
		       last[order[i]].minflt);
	for (i = 0; i < NR_KINDS; i++) {
		k = order[i];
		printf("huge_cold_ns_per_mb_%s %.0f\n", huge_name[k], cold[k]);
		printf("huge_cold_free_ns_per_mb_%s %.0f\n", huge_name[k], fcold[k]);
		printf("huge_ns_per_mb_%s %.0f\n", huge_name[k], ns[k]);
		printf("huge_free_ns_per_mb_%s %.0f\n", huge_name[k], fns[k]);
	}
	print_ratio("huge_cold_ratio_secret_anon_thp", cold[SECRET], cold[ANON]);
	print_ratio("huge_cold_ratio_total_secret_anon_thp",
		    cold[SECRET] < 0 || fcold[SECRET] < 0 ? -1 : cold[SECRET] + fcold[SECRET],
		    cold[ANON] < 0 || fcold[ANON] < 0 ? -1 : cold[ANON] + fcold[ANON]);
	print_ratio("huge_ratio_secret_anon_thp", ns[SECRET], ns[ANON]);
	print_ratio("huge_ratio_secret_memfd", ns[SECRET], ns[MEMFD]);
	print_ratio("huge_ratio_total_secret_anon_thp",
		    ns[SECRET] < 0 || fns[SECRET] < 0 ? -1 : ns[SECRET] + fns[SECRET],
		    ns[ANON] < 0 || fns[ANON] < 0 ? -1 : ns[ANON] + fns[ANON]);
	printf("huge_cold_ipis_per_mb_secret %.2f\n", ipis);
	printf("huge_ipis_per_mb_secret %.2f\n", last[SECRET].ipis_per_mb);
	printf("huge_pmd_mapped_kb_secret %ld\n", last[SECRET].pmd_kb);
	printf("huge_anon_huge_kb %ld\n", last[ANON].pmd_kb);
}

/*
 * An unprivileged user (nobody) with an 8 MB RLIMIT_MEMLOCK faults one
 * byte through each 2 MB of a 1 GB secret file, mapped 2 MB-aligned,
 * punches the other 511 pages out and unmaps, 512 times; while it still
 * holds the file, how much MemFree fell, per MB of its limit.  (Upstream
 * has no hole punching: each round keeps its page there too.)
 */
static void scenario_attack(void)
{
	const size_t limit = 8 * MB, block = 2 * MB;
	long free0, free1, blocks0, blocks1;
	int up[2], down[2], i, fd, status;
	char c = 0, *p;
	pid_t pid;

	if (pipe(up) || pipe(down))
		return;
	drop_caches();
	free0 = meminfo("MemFree");
	blocks0 = pool_stat("blocks");
	pid = fork();
	if (pid == 0) {
		struct rlimit rl = { limit, limit };

		/* Else the read below never sees the end of the pipe. */
		close(up[0]);
		close(down[1]);
		if (setrlimit(RLIMIT_MEMLOCK, &rl) || setresgid(65534, 65534, 65534) ||
		    setresuid(65534, 65534, 65534))
			_exit(1);
		fd = syscall(__NR_memfd_secret, 0);
		if (fd < 0 || ftruncate(fd, 512 * block))
			_exit(2);
		for (i = 0; i < 512; i++) {
			p = mmap(NULL, block, PROT_READ | PROT_WRITE, MAP_SHARED,
				 fd, (off_t)i * block);
			if (p == MAP_FAILED)
				_exit(3);
			p[0] = 1;
			/* EOPNOTSUPP upstream: the round keeps its page anyway. */
			fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
				  (off_t)i * block + PAGE, block - PAGE);
			munmap(p, block);
		}
		if (write(up[1], &c, 1) != 1 || read(down[0], &c, 1) < 0)
			_exit(4);
		_exit(0);
	}
	close(down[0]);
	if (read(up[0], &c, 1) == 1) {
		free1 = meminfo("MemFree");
		blocks1 = pool_stat("blocks");
		printf("attack_held_per_limit %.2f\n",
		       (double)(free0 - free1) * 1024 / limit);
		printf("attack_pool_kb %ld\n",
		       blocks0 < 0 ? -1 : (blocks1 - blocks0) * 2048);
	}
	close(down[1]);
	waitpid(pid, &status, 0);
	close(up[0]);
	close(up[1]);
}

#define FLUSH_ROUNDS	256

static void run_on(int cpu);

/*
 * FLUSH_ROUNDS rounds of "make a 2 MB file of @k, map it 2 MB-aligned,
 * touch one byte, unmap and close it", each on the other of CPUs 0 and 1
 * with @alternate; the number of rounds done.
 */
static int close_rounds(enum kind k, bool alternate)
{
	const size_t block = 2 * MB;
	int i, fd;
	char *p;

	for (i = 0; i < FLUSH_ROUNDS; i++) {
		if (alternate)
			run_on(i % 2);
		fd = make_fd(k, block);
		p = fd < 0 ? NULL : map_aligned(k, fd, block);
		if (!p)
			break;
		p[0] = 1;
		munmap(p, block);
		close(fd);
	}
	return i;
}

/*
 * The loop a user can repeat to make the kernel flush TLBs, pinned to CPU
 * 0: flush IPIs CPU 1 takes per round.  "punch": touch one byte of a
 * 2 MB-aligned 2 MB mapping (one PMD on ours) and punch the 2 MB out of
 * the file, again and again (upstream cannot punch: -1).  "close": make a
 * file, map it, touch one byte, unmap and close it.
 */
static void scenario_flushloop(void)
{
	const size_t block = 2 * MB;
	long ipis, bad = 0;
	cpu_set_t cpus, old;
	char *p;
	int fd, i;

	if (sysconf(_SC_NPROCESSORS_ONLN) < 2 || sched_getaffinity(0, sizeof(old), &old))
		return;
	CPU_ZERO(&cpus);
	CPU_SET(0, &cpus);
	if (sched_setaffinity(0, sizeof(cpus), &cpus))
		return;
	fd = make_fd(SECRET, block);
	p = fd < 0 ? NULL : map_aligned(SECRET, fd, block);
	if (p) {
		p[0] = 1;
		if (fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, block))
			bad = 1;
		ipis = flush_ipis(1);
		for (i = 0; i < FLUSH_ROUNDS && !bad; i++) {
			p[i] = 1;
			bad = fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
					0, block);
		}
		printf("flushloop_punch_ipis_per_round %.2f\n", bad ? -1.0 :
		       (double)(flush_ipis(1) - ipis) / FLUSH_ROUNDS);
		munmap(p, block);
	}
	if (fd >= 0)
		close(fd);
	ipis = flush_ipis(1);
	i = close_rounds(SECRET, false);
	printf("flushloop_close_ipis_per_round %.2f\n", i < FLUSH_ROUNDS ? -1.0 :
	       (double)(flush_ipis(1) - ipis) / FLUSH_ROUNDS);
	sched_setaffinity(0, sizeof(old), &old);
}

/* ns per 4 KB page to touch @len of a new secret file, 4 KB pages or huge. */
static double secret_touch_ns(size_t len, bool huge)
{
	int fd = make_fd(SECRET, len);
	char *p = map_aligned(SECRET, fd, len);
	double t0, t;

	if (!p)
		exit(1);
	if (!huge)
		madvise(p, len, MADV_NOHUGEPAGE);
	t0 = now();
	touch(p, len);
	t = now() - t0;
	munmap(p, len);
	close(fd);
	return t * 1e9 / (len / PAGE);
}

/*
 * Fault cost with @idle_mb idle in the pool (left by a file of 4 KB pages
 * just closed): the first 4 KB fault right after the close, then 4 KB and
 * huge faults over 64 MB.
 */
static void pool_size_run(const char *name, size_t idle_mb)
{
	size_t len = idle_mb * MB;
	int fd, fd2;
	double t0, first;
	char *p, *q;

	drop_caches();
	fd = make_fd(SECRET, len);
	p = map(SECRET, fd, len);
	madvise(p, len, MADV_NOHUGEPAGE);
	touch(p, len);
	fd2 = make_fd(SECRET, PAGE);
	q = map(SECRET, fd2, PAGE);
	munmap(p, len);
	close(fd);
	t0 = now();
	q[0] = 1;
	first = now() - t0;
	munmap(q, PAGE);
	close(fd2);
	printf("poolsize_%s_first_fault_us %.1f\n", name, first * 1e6);
	printf("poolsize_%s_4k_ns_per_page %.0f\n", name, secret_touch_ns(64 * MB, false));
	printf("poolsize_%s_huge_ns_per_page %.0f\n", name, secret_touch_ns(64 * MB, true));
}

static void scenario_pool_size(void)
{
	pool_size_run("64m", 64);
	pool_size_run("2g", 2048);
}

/* The PFN ranges of each node's zones, from /proc/zoneinfo. */
static struct { unsigned long start, end; int nid; } ranges[64];
static int nr_ranges;

static void read_ranges(void)
{
	unsigned long spanned = 0, start;
	char line[256];
	int nid = -1;
	FILE *f = fopen("/proc/zoneinfo", "r");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f) && nr_ranges < 64) {
		if (sscanf(line, "Node %d, zone", &nid) == 1) {
			spanned = 0;
			continue;
		}
		if (sscanf(line, " spanned %lu", &spanned) == 1)
			continue;
		if (sscanf(line, " start_pfn: %lu", &start) == 1 && spanned) {
			ranges[nr_ranges].start = start;
			ranges[nr_ranges].end = start + spanned;
			ranges[nr_ranges++].nid = nid;
		}
	}
	fclose(f);
}

/* Share of the pages of [@p, @p + @len) on node @nid, -1 if unknown. */
static double share_on(char *p, size_t len, int nid)
{
	size_t n = len / PAGE, i, on = 0;
	uint64_t *e = malloc(n * sizeof(*e));
	int fd = open("/proc/self/pagemap", O_RDONLY), j;
	double ret = -1;

	if (fd >= 0 && e &&
	    pread(fd, e, n * sizeof(*e), (uintptr_t)p / PAGE * sizeof(*e)) ==
	    (ssize_t)(n * sizeof(*e))) {
		for (i = 0; i < n; i++)
			for (j = 0; j < nr_ranges; j++)
				if ((e[i] & ((1ULL << 55) - 1)) >= ranges[j].start &&
				    (e[i] & ((1ULL << 55) - 1)) < ranges[j].end &&
				    ranges[j].nid == nid)
					on++;
		ret = (double)on / n;
	}
	free(e);
	if (fd >= 0)
		close(fd);
	return ret;
}

static void run_on(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

/*
 * Fault 64 MB of secret memory in 4 KB pages on @cpu, with @mode
 * (0: default policy, 1: set_mempolicy(MPOL_BIND), 2: mbind(MPOL_BIND))
 * to node @bind; print the share on node @want; free it.
 */
static void placement(const char *name, int cpu, int mode, int bind, int want)
{
	unsigned long mask = 1UL << bind;
	size_t len = 64 * MB;
	int fd;
	char *p;

	run_on(cpu);
	if (mode == 1)
		syscall(__NR_set_mempolicy, 2 /* MPOL_BIND */, &mask, 64);
	fd = make_fd(SECRET, len);
	p = map(SECRET, fd, len);
	madvise(p, len, MADV_NOHUGEPAGE);
	if (mode == 2)
		syscall(__NR_mbind, p, len, 2 /* MPOL_BIND */, &mask, 64, 0);
	touch(p, len);
	printf("numa_%s %.4f\n", name, share_on(p, len, want));
	munmap(p, len);
	close(fd);
	if (mode == 1)
		syscall(__NR_set_mempolicy, 0, NULL, 0);
}

/*
 * The loop of scenario_flushloop() moving between the nodes: each round
 * on the other CPU (and node), make a 2 MB file of @k, map it 2 MB-aligned
 * (one PMD on ours), touch one byte, unmap and close it.  Flush IPIs all
 * CPUs take per round (memfd: what the moves themselves cost), and on
 * ours blocks given back per round; from an empty pool.
 */
static void numa_flushloop(enum kind k, const char *name)
{
	long ipis, released;
	int i;

	/* From an empty pool, as after boot: idle blocks go back. */
	drop_caches();
	released = pool_stat("released_blocks");
	ipis = flush_ipis(-1);
	i = close_rounds(k, true);
	printf("numa_flushloop_%s_ipis_per_round %.2f\n", name,
	       i < FLUSH_ROUNDS ? -1.0 :
	       (double)(flush_ipis(-1) - ipis) / FLUSH_ROUNDS);
	if (k == SECRET)
		printf("numa_flushloop_released_per_round %.2f\n",
		       released < 0 || i < FLUSH_ROUNDS ? -1.0 :
		       (double)(pool_stat("released_blocks") - released) / FLUSH_ROUNDS);
}

/* Two nodes, CPU 0 on node 0, CPU 1 on node 1 (scripts/vm.sh VM_NUMA=2). */
static void scenario_numa(void)
{
	read_ranges();
	drop_caches();
	placement("local_cpu0", 0, 0, 0, 0);
	placement("local_cpu0_again", 0, 0, 0, 0);
	placement("local_cpu1_after_cpu0_freed", 1, 0, 0, 1);
	placement("local_cpu1_again", 1, 0, 0, 1);
	placement("local_cpu0_after_cpu1_freed", 0, 0, 0, 0);
	placement("set_mempolicy_bind_other", 0, 1, 1, 1);
	placement("mbind_bind_other", 0, 2, 1, 1);
	numa_flushloop(SECRET, "secret");
	numa_flushloop(MEMFD, "memfd");
	run_on(0);
}

struct frag {
	long l2, l3, dm4k, ipis;
};

static void frag_get(struct frag *f)
{
	f->l2 = vmstat("direct_map_level2_splits");
	f->l3 = vmstat("direct_map_level3_splits");
	f->dm4k = meminfo("DirectMap4k");
	f->ipis = flush_ipis(-1);
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

	/* A line at a time: what a run that times out did is kept. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	setrlimit(RLIMIT_MEMLOCK, &rl);
	setrlimit(RLIMIT_NOFILE, &rl);
	if (argc > 1 && !strcmp(argv[1], "huge")) {
		scenario_huge();
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "numa")) {
		scenario_numa();
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "flushloop")) {
		scenario_flushloop();
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "poolsize")) {
		scenario_pool_size();
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
	fflush(stdout);
	scenario_attack();
	fflush(stdout);
	scenario_flushloop();
	fflush(stdout);
	scenario_pool_size();
	/* Last: its 1 GB would weigh on the figures above. */
	fflush(stdout);
	scenario_huge();
	return 0;
}
