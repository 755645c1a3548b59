/*
 * Drives an exported DRTP learner (drtp_learner.h, written by `drtp export-c`) through a stream of labelled
 * examples: prequential learning (drtp_learn predicts, then learns), then prediction alone on test examples.
 * Built twice from the same sources: for the host (io_host.c) and for a Cortex-M4 under QEMU
 * (io_semihost.c, startup.c), so the two runs can be compared byte for byte (docs/on-device.md, "Firmware
 * and emulator").
 *
 * Reads   stream.bin       a header of six little-endian uint32: magic "DRPS", version 1, inputs per
 *                          example, bytes per input value, learning examples, test examples; then one record per
 *                          example: the input values (drtp_input_t, little-endian), then the label (1 byte).
 * Writes  predictions.bin  one byte per example: the prediction made before learning, then the test predictions.
 *         state.bin        drtp_state_save() after the last learning example.
 *         stdout           key=value lines (counts, timer ticks, stack use), parsed by the Java side.
 * Exit status: 0 done, 2 bad stream or files, 3 hard fault (startup.c).
 */
#include "drtp_learner.h"
#include "harness_io.h"

enum { MAGIC = 0x53505244u, VERSION = 1u, PREDICTION_BUFFER = 256 };

static drtp_input_t x[DRTP_N_INPUTS];
static uint8_t predictions[PREDICTION_BUFFER];
static unsigned buffered;

static void print_u32(uint32_t v) {
    char digits[11];
    int i = 10;
    digits[i] = '\0';
    do {
        digits[--i] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v != 0);
    io_print(digits + i);
}

static void print_pair(const char *key, uint32_t value, const char *end) {
    io_print(key);
    io_print("=");
    print_u32(value);
    io_print(end);
}

static int fail(const char *message) {
    io_print("harness: ");
    io_print(message);
    io_print("\n");
    return 2;
}

static int record_prediction(int out, int prediction) {
    predictions[buffered++] = (uint8_t)prediction;
    if (buffered == PREDICTION_BUFFER) {
        buffered = 0;
        return io_write(out, predictions, PREDICTION_BUFFER);
    }
    return 0;
}

/* Reads the next record's inputs into x and its label; 0 on success. */
static int read_example(int in, uint8_t *label) {
    if (io_read(in, x, sizeof x) != 0 || io_read(in, label, 1) != 0) {
        return fail("stream.bin: shorter than its header says");
    }
    if (*label >= DRTP_N_CLASSES) {
        return fail("stream.bin: a label is not below DRTP_N_CLASSES");
    }
    return 0;
}

/* Writes the learned state to state.bin through scratch memory outside the RAM budget; 0 on success. */
static int save_state(void) {
    size_t size = drtp_state_size();
    uint8_t *state = io_scratch(size);
    int out = state == NULL ? -1 : io_open("state.bin", 1);
    if (out < 0) {
        return fail("cannot create state.bin (or no scratch memory for the state)");
    }
    drtp_state_save(state);
    int written = io_write(out, state, size);
    io_close(out);
    return written == 0 ? 0 : fail("cannot write state.bin");
}

/* Exactly 2 * iterations instructions (SUBS, BNE per iteration): checks the instruction counter. */
static void known_loop(uint32_t iterations) {
#ifdef __arm__
    __asm__ volatile("1: subs %0, %0, #1\n\tbne 1b" : "+r"(iterations) : : "cc");
#else
    (void)iterations;
#endif
}

int main(void) {
    enum { CALIBRATION_ITERATIONS = 1000000 };
    uint32_t t0 = io_ticks();
    known_loop(CALIBRATION_ITERATIONS);
    uint32_t calibration_ticks = io_ticks() - t0;

    int in = io_open("stream.bin", 0);
    if (in < 0) {
        return fail("cannot open stream.bin");
    }
    uint32_t header[6];
    if (io_read(in, header, sizeof header) != 0 || header[0] != MAGIC || header[1] != VERSION) {
        return fail("stream.bin: expected the DRPS version 1 header");
    }
    if (header[2] != DRTP_N_INPUTS || header[3] != sizeof(drtp_input_t)) {
        return fail("stream.bin: input size or value width differs from drtp_learner.h");
    }
    uint32_t n_learn = header[4], n_test = header[5];
    int out = io_open("predictions.bin", 1);
    if (out < 0) {
        return fail("cannot create predictions.bin");
    }

    drtp_init();
    uint32_t learn_ticks = 0, predict_ticks = 0, learn_correct = 0, test_correct = 0;
    uint8_t label;
    for (uint32_t i = 0; i < n_learn; i++) {
        if (read_example(in, &label) != 0) {
            return 2;
        }
        uint32_t start = io_ticks();
        int prediction = drtp_learn(x, label);
        learn_ticks += io_ticks() - start;
        learn_correct += prediction == label;
        if (record_prediction(out, prediction) != 0) {
            return fail("cannot write predictions.bin");
        }
    }
    if (save_state() != 0) {
        return 2;
    }
    for (uint32_t i = 0; i < n_test; i++) {
        if (read_example(in, &label) != 0) {
            return 2;
        }
        uint32_t start = io_ticks();
        int prediction = drtp_predict(x);
        predict_ticks += io_ticks() - start;
        test_correct += prediction == label;
        if (record_prediction(out, prediction) != 0) {
            return fail("cannot write predictions.bin");
        }
    }
    io_close(in);
    if (buffered > 0 && io_write(out, predictions, buffered) != 0) {
        return fail("cannot write predictions.bin");
    }
    io_close(out);

    print_pair("learn_examples", n_learn, " ");
    print_pair("learn_correct", learn_correct, "\n");
    print_pair("test_examples", n_test, " ");
    print_pair("test_correct", test_correct, "\n");
    print_pair("insns_per_tick", IO_INSNS_PER_TICK, " ");
    print_pair("learn_ticks", learn_ticks, " ");
    print_pair("predict_ticks", predict_ticks, "\n");
    print_pair("calibration_insns", 2u * CALIBRATION_ITERATIONS, " ");
    print_pair("calibration_ticks", calibration_ticks, "\n");
    print_pair("state_bytes", (uint32_t)drtp_state_size(), " ");
    print_pair("stack_bytes", (uint32_t)stack_high_water(), "\n");
    return 0;
}
