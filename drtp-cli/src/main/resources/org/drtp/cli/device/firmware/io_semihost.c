/*
 * The harness's machine interface on the Cortex-M4 under QEMU: Arm semihosting calls (BKPT 0xAB with the
 * operation in r0 and its argument block in r1) for files, standard output and the exit status, and the MPS2
 * board's CMSDK APB timer 0 as the instruction counter. No C library: everything is written here
 * (docs/on-device.md, "Firmware and emulator").
 */
#include "harness_io.h"

enum {
    SYS_OPEN = 0x01,
    SYS_CLOSE = 0x02,
    SYS_WRITE0 = 0x04,
    SYS_WRITE = 0x05,
    SYS_READ = 0x06,
    SYS_EXIT_EXTENDED = 0x20,
    ADP_STOPPED_APPLICATION_EXIT = 0x20026,
    MODE_READ_BINARY = 1,
    MODE_WRITE_BINARY = 5
};

static int semihost(int op, const void *arg) {
    register int r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

static size_t length(const char *s) {
    size_t n = 0;
    while (s[n] != '\0') {
        n++;
    }
    return n;
}

int io_open(const char *path, int write) {
    uint32_t block[3] = {(uint32_t)path, write ? MODE_WRITE_BINARY : MODE_READ_BINARY, length(path)};
    return semihost(SYS_OPEN, block);
}

/* SYS_READ and SYS_WRITE return the number of bytes NOT transferred. */
int io_read(int handle, void *dst, size_t n) {
    uint32_t block[3] = {(uint32_t)handle, (uint32_t)dst, n};
    return semihost(SYS_READ, block) == 0 ? 0 : -1;
}

int io_write(int handle, const void *src, size_t n) {
    uint32_t block[3] = {(uint32_t)handle, (uint32_t)src, n};
    return semihost(SYS_WRITE, block) == 0 ? 0 : -1;
}

void io_close(int handle) {
    uint32_t block[1] = {(uint32_t)handle};
    semihost(SYS_CLOSE, block);
}

void io_print(const char *s) {
    semihost(SYS_WRITE0, s);
}

/* SYS_EXIT_EXTENDED rather than SYS_EXIT: on 32-bit Arm only the extended form carries a status code, which
 * QEMU then exits with. */
void io_exit(int status) {
    uint32_t block[2] = {ADP_STOPPED_APPLICATION_EXIT, (uint32_t)status};
    for (;;) {
        semihost(SYS_EXIT_EXTENDED, block);
    }
}

/* CMSDK APB timer 0 of the MPS2 AN385/AN386 FPGA images: a 32-bit down-counter clocked at the board's
 * 25 MHz SYSCLK. Under -icount shift=0 one instruction takes 1 ns of virtual time, so one tick = 40
 * instructions, and a read happens at an exact instruction count (deterministic). */
#define TIMER0_CTRL (*(volatile uint32_t *)0x40000000u)
#define TIMER0_VALUE (*(volatile uint32_t *)0x40000004u)
#define TIMER0_RELOAD (*(volatile uint32_t *)0x40000008u)

const uint32_t IO_INSNS_PER_TICK = 40;

void io_timer_start(void) {
    TIMER0_RELOAD = 0xffffffffu;
    TIMER0_VALUE = 0xffffffffu;
    TIMER0_CTRL = 1u;
}

uint32_t io_ticks(void) {
    return 0xffffffffu - TIMER0_VALUE;
}

/* The board's 16 MiB PSRAM at 0x21000000 (mps2-an386.ld), which the firmware does not otherwise use. */
extern uint8_t __scratch_start, __scratch_end;

uint8_t *io_scratch(size_t n) {
    return n <= (size_t)(&__scratch_end - &__scratch_start) ? &__scratch_start : NULL;
}
