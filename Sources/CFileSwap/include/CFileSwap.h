#ifndef CFILESWAP_H
#define CFILESWAP_H

/// Why this shim exists: Swift cannot call Linux's renameat2(2) (glibc declares it only with _GNU_SOURCE), and
/// exchanging two paths in one step is what lets a plan folder be replaced without a moment in which readers
/// see it missing or half-written.
///
/// Exchanges the two paths atomically (renameat2 with RENAME_EXCHANGE). Returns 0, or -1 with errno set
/// (EINVAL or ENOSYS where the file system or kernel cannot exchange: the caller then falls back).
int rp_exchange(const char *a, const char *b);

#endif
