/* The stand-in learner (see drtp_learner.h): int16 weights, one layer, a perceptron update on mistakes. */
#include "drtp_learner.h"

static int16_t w[DRTP_N_CLASSES][DRTP_N_INPUTS];

/* A deterministic non-zero start (a 16-bit LFSR) so the state bytes depend on every update. */
void drtp_init(void) {
    uint16_t lfsr = 0xace1u;
    for (int c = 0; c < DRTP_N_CLASSES; c++) {
        for (int i = 0; i < DRTP_N_INPUTS; i++) {
            lfsr = (uint16_t)((lfsr >> 1) ^ (-(lfsr & 1u) & 0xb400u));
            w[c][i] = (int16_t)((int)(lfsr & 0x3fu) - 32);
        }
    }
}

int drtp_predict(const drtp_input_t *x) {
    int best = 0;
    int32_t best_score = INT32_MIN;
    for (int c = 0; c < DRTP_N_CLASSES; c++) {
        int32_t score = 0;
        for (int i = 0; i < DRTP_N_INPUTS; i++) {
            score += (int32_t)w[c][i] * x[i];
        }
        if (score > best_score) {
            best_score = score;
            best = c;
        }
    }
    return best;
}

static int16_t saturate(int32_t v) {
    return (int16_t)(v > INT16_MAX ? INT16_MAX : v < INT16_MIN ? INT16_MIN : v);
}

int drtp_learn(const drtp_input_t *x, int label) {
    int prediction = drtp_predict(x);
    if (prediction != label) {
        for (int i = 0; i < DRTP_N_INPUTS; i++) {
            w[label][i] = saturate(w[label][i] + (x[i] >> 4));
            w[prediction][i] = saturate(w[prediction][i] - (x[i] >> 4));
        }
    }
    return prediction;
}

size_t drtp_state_size(void) {
    return sizeof w;
}

/* Little-endian bytes, whatever the host's byte order. */
void drtp_state_save(uint8_t *dst) {
    for (int c = 0; c < DRTP_N_CLASSES; c++) {
        for (int i = 0; i < DRTP_N_INPUTS; i++) {
            uint16_t v = (uint16_t)w[c][i];
            *dst++ = (uint8_t)v;
            *dst++ = (uint8_t)(v >> 8);
        }
    }
}

int drtp_state_load(const uint8_t *src) {
    for (int c = 0; c < DRTP_N_CLASSES; c++) {
        for (int i = 0; i < DRTP_N_INPUTS; i++) {
            w[c][i] = (int16_t)(uint16_t)(src[0] | src[1] << 8);
            src += 2;
        }
    }
    return 0;
}
