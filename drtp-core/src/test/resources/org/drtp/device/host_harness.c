/* Test harness for an exported learner on the host (HostCBitExactTest): learns every labelled example of
 * argv[1] (DRTP_N_INPUTS bytes then one label byte each), writing each returned prediction as one byte to
 * argv[2]; then predicts every example of argv[3] (same record layout), appending the predictions; then writes
 * the learned state to argv[4], and checks that loading it back and saving again gives the same bytes. */
#include <stdio.h>
#include <string.h>
#include "drtp_learner.h"

static uint8_t state[DRTP_STATE_SIZE];
static uint8_t again[DRTP_STATE_SIZE];

static int run(FILE *in, FILE *out, int learn) {
    drtp_input_t x[DRTP_N_INPUTS];
    uint8_t label;
    while (fread(x, sizeof x[0], DRTP_N_INPUTS, in) == DRTP_N_INPUTS && fread(&label, 1, 1, in) == 1) {
        int p = learn ? drtp_learn(x, label) : drtp_predict(x);
        if (p < 0 || fputc(p, out) == EOF) {
            return 1;
        }
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 5 || drtp_state_size() != sizeof state) {
        return 2;
    }
    FILE *train = fopen(argv[1], "rb"), *out = fopen(argv[2], "wb"), *test = fopen(argv[3], "rb");
    if (!train || !out || !test) {
        return 3;
    }
    drtp_init();
    if (run(train, out, 1) || run(test, out, 0) || fclose(out)) {
        return 4;
    }
    drtp_state_save(state);
    FILE *s = fopen(argv[4], "wb");
    if (!s || fwrite(state, 1, sizeof state, s) != sizeof state || fclose(s)) {
        return 5;
    }
    drtp_init();
    if (drtp_state_load(state) != 0) {
        return 6;
    }
    drtp_state_save(again);
    state[8] ^= 1; /* a wrong layout id must be refused */
    return memcmp(state + 12, again + 12, sizeof state - 12) != 0 ? 7 : drtp_state_load(state) == 0 ? 8 : 0;
}
