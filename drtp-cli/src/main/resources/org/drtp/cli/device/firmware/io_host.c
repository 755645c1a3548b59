/* The harness's machine interface on the host (gcc, hosted C library): plain stdio. See harness_io.h. */
#include <stdio.h>
#include <stdlib.h>
#include "harness_io.h"

#define MAX_FILES 4
static FILE *files[MAX_FILES];

int io_open(const char *path, int write) {
    for (int h = 0; h < MAX_FILES; h++) {
        if (files[h] == NULL) {
            files[h] = fopen(path, write ? "wb" : "rb");
            return files[h] == NULL ? -1 : h;
        }
    }
    return -1;
}

int io_read(int handle, void *dst, size_t n) {
    return fread(dst, 1, n, files[handle]) == n ? 0 : -1;
}

int io_write(int handle, const void *src, size_t n) {
    return fwrite(src, 1, n, files[handle]) == n ? 0 : -1;
}

void io_close(int handle) {
    fclose(files[handle]);
    files[handle] = NULL;
}

void io_print(const char *s) {
    fputs(s, stdout);
}

void io_exit(int status) {
    fflush(stdout);
    exit(status);
}

const uint32_t IO_INSNS_PER_TICK = 0;

uint32_t io_ticks(void) {
    return 0;
}

uint8_t *io_scratch(size_t n) {
    return malloc(n);
}

size_t stack_high_water(void) {
    return 0;
}
