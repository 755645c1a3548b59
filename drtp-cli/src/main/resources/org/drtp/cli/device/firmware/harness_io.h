/*
 * What the harness needs from the machine it runs on, implemented twice: over Arm semihosting on the
 * Cortex-M4 (io_semihost.c) and over stdio on the host (io_host.c), so that one harness.c drives the
 * exported learner identically on both (docs/on-device.md, "Firmware and emulator").
 */
#ifndef DRTP_HARNESS_IO_H
#define DRTP_HARNESS_IO_H

#include <stddef.h>
#include <stdint.h>

/* Opens a file relative to the working directory; write != 0 creates or truncates it. Returns a handle >= 0,
 * or -1. */
int io_open(const char *path, int write);
/* Reads exactly n bytes; returns 0 on success, -1 on a short read or an error. */
int io_read(int handle, void *dst, size_t n);
/* Writes n bytes; returns 0 on success, -1 otherwise. */
int io_write(int handle, const void *src, size_t n);
void io_close(int handle);
/* Writes a NUL-terminated string to standard output. */
void io_print(const char *s);
/*
 * n bytes of memory outside the firmware's RAM budget, standing in for a device's persistent storage: the
 * harness saves the learned state there before writing it out, so the budget holds no second copy of the
 * weights. NULL if n is too large.
 */
uint8_t *io_scratch(size_t n);
/* Ends the program with the given status (never returns). */
void io_exit(int status) __attribute__((noreturn));

/*
 * A free-running counter of executed instructions. On the emulator it is a hardware timer read under QEMU's
 * -icount shift=0 (one instruction = one nanosecond of virtual time), so it ticks once every
 * IO_INSNS_PER_TICK instructions; on the host it is always 0 (the host measures nothing).
 */
uint32_t io_ticks(void);
extern const uint32_t IO_INSNS_PER_TICK;

/* Bytes of stack used so far (startup.c paints the stack at reset); 0 on the host. */
size_t stack_high_water(void);

#endif
