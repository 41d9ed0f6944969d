/* SPDX-License-Identifier: MIT */
/* What liburing's configure generates on glibc with Linux >= 5.6 headers. */
#ifndef LIBURING_COMPAT_H
#define LIBURING_COMPAT_H

#include <linux/openat2.h>
#include <linux/time_types.h>

#endif
