/*
 * Reset and fault handling of the Cortex-M4 firmware (docs/on-device.md, "Firmware and emulator"): the vector
 * table, copying initialised data from flash to RAM, zeroing .bss, painting the stack so its high-water mark
 * can be measured, and the few memory functions the compiler may call on its own (there is no C library).
 */
#include <stddef.h>
#include <stdint.h>
#include "harness_io.h"

/* Defined by mps2-an386.ld. */
extern uint32_t __data_load, __data_start, __data_end, __bss_start, __bss_end;
extern uint32_t __stack_bottom, __stack_top;

int main(void);
void io_timer_start(void);

#define STACK_PAINT 0x5afe57acu

void reset_handler(void) {
    uint32_t *src = &__data_load;
    for (uint32_t *dst = &__data_start; dst < &__data_end;) {
        *dst++ = *src++;
    }
    for (uint32_t *dst = &__bss_start; dst < &__bss_end;) {
        *dst++ = 0;
    }
    /* Paint the stack below the current frame (the handler itself runs at its very top). */
    uint32_t *here = (uint32_t *)__builtin_frame_address(0) - 16;
    for (uint32_t *p = &__stack_bottom; p < here; p++) {
        *p = STACK_PAINT;
    }
    io_timer_start();
    io_exit(main());
}

/* Bytes of the stack ever written since reset (the untouched painted words are at its bottom). */
size_t stack_high_water(void) {
    uint32_t *p = &__stack_bottom;
    while (p < &__stack_top && *p == STACK_PAINT) {
        p++;
    }
    return (size_t)((uint8_t *)&__stack_top - (uint8_t *)p);
}

static void fault_handler(void) {
    io_print("firmware: hard fault (bad memory access or instruction)\n");
    io_exit(3);
}

typedef void (*vector_t)(void);

/* Initial stack pointer, then the reset handler and the fault exceptions; no interrupts are used. */
__attribute__((section(".vectors"), used)) static const vector_t vectors[16] = {
    (vector_t)&__stack_top, reset_handler, fault_handler, fault_handler, fault_handler, fault_handler,
    fault_handler, 0, 0, 0, 0, fault_handler, fault_handler, 0, fault_handler, fault_handler,
};

/* GCC may turn loops into calls to these even with -ffreestanding. */
void *memcpy(void *dst, const void *src, size_t n) {
    uint8_t *d = dst;
    const uint8_t *s = src;
    while (n--) {
        *d++ = *s++;
    }
    return dst;
}

void *memmove(void *dst, const void *src, size_t n) {
    uint8_t *d = dst;
    const uint8_t *s = src;
    if (d < s) {
        while (n--) {
            *d++ = *s++;
        }
    } else {
        while (n--) {
            d[n] = s[n];
        }
    }
    return dst;
}

void *memset(void *dst, int value, size_t n) {
    uint8_t *d = dst;
    while (n--) {
        *d++ = (uint8_t)value;
    }
    return dst;
}

int memcmp(const void *a, const void *b, size_t n) {
    const uint8_t *x = a, *y = b;
    for (size_t i = 0; i < n; i++) {
        if (x[i] != y[i]) {
            return x[i] < y[i] ? -1 : 1;
        }
    }
    return 0;
}
