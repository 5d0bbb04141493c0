// SPDX-License-Identifier: GPL-2.0
/*
 * make run's demonstration: keep a secret in memfd_secret() memory and try
 * to read it the ways the kernel offers, next to the same secret in
 * ordinary shared memory.  Exits non-zero if the secret leaks.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#ifndef __NR_memfd_secret
#define __NR_memfd_secret 447
#endif

static const char secret[] = "correct horse battery staple";

/* Physical address of the page at @p, from /proc/self/pagemap (root). */
static uint64_t phys_of(void *p)
{
	uint64_t e = 0;
	int fd = open("/proc/self/pagemap", O_RDONLY);

	if (fd < 0)
		return 0;
	if (pread(fd, &e, 8, (uintptr_t)p / 4096 * 8) != 8)
		e = 0;
	close(fd);
	if (!(e >> 63) || !(e & ((1ULL << 55) - 1)))
		return 0;
	return (e & ((1ULL << 55) - 1)) * 4096;
}

/* Read the page at physical address @pa through /proc/kcore. */
static int kcore_read(uint64_t pa, char *buf)
{
	Elf64_Ehdr eh;
	Elf64_Phdr ph;
	int fd, i, ret = -1;

	fd = open("/proc/kcore", O_RDONLY);
	if (fd < 0)
		return -1;
	if (pread(fd, &eh, sizeof(eh), 0) != sizeof(eh))
		goto out;
	for (i = 0; i < eh.e_phnum; i++) {
		if (pread(fd, &ph, sizeof(ph), eh.e_phoff + i * sizeof(ph)) != sizeof(ph))
			goto out;
		if (ph.p_type != PT_LOAD || ph.p_paddr == (uint64_t)-1 ||
		    pa < ph.p_paddr || pa >= ph.p_paddr + ph.p_memsz)
			continue;
		if (pread(fd, buf, 4096, ph.p_offset + pa - ph.p_paddr) == 4096)
			ret = 0;
		break;
	}
out:
	close(fd);
	return ret;
}

int main(void)
{
	char buf[4096], state[128] = "";
	char *sec, *pub;
	struct iovec local = { buf, sizeof(secret) }, remote;
	int fd, pfd, sfd, bad = 0;
	ssize_t n;

	fd = syscall(__NR_memfd_secret, 0);
	if (fd < 0) {
		int err = errno;

		printf("memfd_secret(0) = -1 %s: %s\n", strerrorname_np(err),
		       err == ENOSYS ? "no secret memory in this kernel (boot with secretmem.enable=1)" :
		       strerror(err));
		return err == ENOSYS ? 0 : 1;
	}
	if (ftruncate(fd, 4096))
		return perror("ftruncate"), 1;
	sec = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	pfd = memfd_create("public", 0);
	if (sec == MAP_FAILED || pfd < 0 || ftruncate(pfd, 4096))
		return perror("setup"), 1;
	pub = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, pfd, 0);
	if (pub == MAP_FAILED)
		return perror("mmap"), 1;
	memcpy(sec, secret, sizeof(secret));
	memcpy(pub, secret, sizeof(secret));

	printf("memfd_secret(0) = %d; the secret \"%s\" is in its mapping at %p,\n",
	       fd, sec, sec);
	printf("and in a memfd_create() mapping at %p for comparison.\n\n", pub);

	printf("The owner reads it directly: \"%.*s\"\n\n", (int)sizeof(secret) - 1, sec);
	printf("Through the kernel:           memfd_create page / secret page\n");

	sfd = open("/proc/self/mem", O_RDONLY);
	n = pread(sfd, buf, sizeof(secret), (uintptr_t)pub);
	printf("  /proc/self/mem                    %s / ", n > 0 &&
	       !memcmp(buf, secret, sizeof(secret)) ? "readable" : "not readable");
	errno = 0;
	n = pread(sfd, buf, sizeof(secret), (uintptr_t)sec);
	printf("%s\n", n > 0 ? "READ" : strerrorname_np(errno));
	bad |= n > 0;
	close(sfd);

	remote.iov_base = pub;
	remote.iov_len = sizeof(secret);
	n = process_vm_readv(getpid(), &local, 1, &remote, 1, 0);
	printf("  process_vm_readv                  %s / ", n > 0 ? "readable" : "not readable");
	remote.iov_base = sec;
	errno = 0;
	n = process_vm_readv(getpid(), &local, 1, &remote, 1, 0);
	printf("%s\n", n > 0 ? "READ" : strerrorname_np(errno));
	bad |= n > 0;

	if (kcore_read(phys_of(pub), buf) == 0) {
		printf("  /proc/kcore at the physical page  %s / ",
		       memmem(buf, 4096, secret, sizeof(secret) - 1) ? "readable" : "not readable");
		memset(buf, 0, sizeof(buf));
		kcore_read(phys_of(sec), buf);
		printf("%s\n", memmem(buf, 4096, secret, sizeof(secret) - 1) ?
		       "READ" : "zeroes (not in the direct map)");
		bad |= !!memmem(buf, 4096, secret, sizeof(secret) - 1);
	}

	sfd = open("/sys/power/state", O_RDONLY);
	n = sfd >= 0 ? read(sfd, state, sizeof(state) - 1) : 0;
	state[n > 0 ? n - 1 : 0] = 0;
	printf("\nHibernation while it exists: /sys/power/state is \"%s\"%s\n", state,
	       strstr(state, "disk") ? " (disk offered!)" : " (no \"disk\")");
	bad |= !!strstr(state, "disk");
	if (sfd >= 0)
		close(sfd);

	printf("\n%s\n", bad ? "FAILED: the kernel could read the secret" :
	       "Only this process, through its own page tables, can read the secret.");
	return bad;
}
