/* drtp_learner.c: integer DRTP, one example at a time (drtp's docs/on-device.md).
 * Written once in drtp and copied by export-c; everything network-specific is in drtp_model.c.
 * Requires two's complement int32 and arithmetic right shifts of negative values (gcc, clang, armcc). */
#include "drtp_learner.h"
#include "drtp_layer.h"

static uint32_t dither;        /* xorshift32 state of the stochastic rounding, part of the learned state */
static uint32_t learned;

static uint32_t xorshift32(uint32_t s) {
    s ^= s << 13;
    s ^= s >> 17;
    s ^= s << 5;
    return s;
}

/* Start state of feedback row `label` of hidden layer `layer` (murmur3's finaliser). */
static uint32_t row_seed(uint32_t seed, uint32_t layer, uint32_t label) {
    uint32_t s = seed ^ (layer + 1u) * 0x9E3779B9u ^ (label + 1u) * 0x7FEB352Du;
    s ^= s >> 16;
    s *= 0x85EBCA6Bu;
    s ^= s >> 13;
    s *= 0xC2B2AE35u;
    s ^= s >> 16;
    return s ? s : 1u;
}

static int32_t table_index(int32_t acc, int shift) {
    int32_t t = acc < 0 ? -acc : acc; /* |acc| <= 2^30 by the export's bounds */
    int32_t i = (t + ((int32_t) 1 << (shift - 1))) >> shift;
    return i < 256 ? i : 255;
}

static int8_t act_tanh(int32_t acc, int shift) {
    int32_t v = drtp_tanh_table[table_index(acc, shift)];
    return (int8_t) (acc < 0 ? -v : v);
}

static int32_t act_sigmoid(int32_t acc, int shift) {
    int32_t v = drtp_sigmoid_table[table_index(acc, shift)];
    return acc < 0 ? 128 - v : v;
}

/* Pre-activations of layer L into drtp_acc; the input is uint8 (first layer) or int8 (tanh codes). */
static void forward(const drtp_layer_t *L, const drtp_input_t *x, const int8_t *h) {
    const drtp_weight_t *w = L->w;
    for (int i = 0; i < L->m; i++, w += L->n) {
        int32_t s = L->b[i];
        if (x) {
            for (int j = 0; j < L->n; j++) {
                s += (int32_t) w[j] * x[j];
            }
        } else {
            for (int j = 0; j < L->n; j++) {
                s += (int32_t) w[j] * h[j];
            }
        }
        drtp_acc[i] = s;
    }
}

/* w -= (g a + r) >> S for every non-zero input a (a zero input changes nothing since 0 <= r < 2^S), b -= g / 2^T. */
static void update(const drtp_layer_t *L, const drtp_input_t *x, const int8_t *h) {
    int nz = 0;
    for (int j = 0; j < L->n; j++) {
        int16_t a = x ? (int16_t) x[j] : (int16_t) h[j];
        if (a != 0) {
            drtp_nz_index[nz] = (uint16_t) j;
            drtp_nz_value[nz] = a;
            nz++;
        }
    }
    const int q = L->grad_shift, s = L->update_shift, t = L->bias_shift;
    const int32_t max = L->weight_max;
    for (int i = 0; i < L->m; i++) {
        int32_t g = drtp_signal[i] * (int32_t) L->lr_mantissa;
        if (q > 0) {
            g = (g + ((int32_t) 1 << (q - 1))) >> q;
        }
        if (g == 0) {
            continue;
        }
#if DRTP_STOCHASTIC
        dither = xorshift32(dither);
        const int32_t r = (int32_t) (dither >> (32 - s));
#else
        const int32_t r = (int32_t) 1 << (s - 1);
#endif
        drtp_weight_t *w = L->w + (int32_t) i * L->n;
        for (int p = 0; p < nz; p++) {
            int32_t v = w[drtp_nz_index[p]] - ((g * drtp_nz_value[p] + r) >> s);
            v = v > max ? max : v < -max ? -max : v;
            w[drtp_nz_index[p]] = (drtp_weight_t) v;
        }
        int32_t b = L->b[i] - (t > 0 ? (g + ((int32_t) 1 << (t - 1))) >> t : g * ((int32_t) 1 << -t));
        L->b[i] = b > DRTP_BIAS_MAX ? DRTP_BIAS_MAX : b < -DRTP_BIAS_MAX ? -DRTP_BIAS_MAX : b;
    }
}

static int argmax(int n) {
    int best = 0;
    for (int i = 1; i < n; i++) {
        if (drtp_acc[i] > drtp_acc[best]) {
            best = i;
        }
    }
    return best;
}

void drtp_init(void) {
    for (int k = 0; k < DRTP_N_LAYERS; k++) {
        const drtp_layer_t *L = &drtp_layers[k];
        for (int32_t i = 0; i < (int32_t) L->m * L->n; i++) {
            L->w[i] = L->w_init[i];
        }
        for (int i = 0; i < L->m; i++) {
            L->b[i] = L->b_init[i];
        }
    }
    dither = DRTP_DITHER_INIT;
    learned = 0;
}

int drtp_predict(const drtp_input_t *x) {
    const int8_t *h = 0;
    for (int k = 0; k < DRTP_N_LAYERS - 1; k++) {
        const drtp_layer_t *L = &drtp_layers[k];
        forward(L, k == 0 ? x : 0, h);
        for (int i = 0; i < L->m; i++) {
            L->out[i] = act_tanh(drtp_acc[i], L->act_shift);
        }
        h = L->out;
    }
    forward(&drtp_layers[DRTP_N_LAYERS - 1], 0, h);
    return argmax(DRTP_N_CLASSES);
}

int drtp_learn(const drtp_input_t *x, int label) {
    if (label < 0 || label >= DRTP_N_CLASSES) {
        return -1;
    }
    const int8_t *h = 0;
    for (int k = 0; k < DRTP_N_LAYERS - 1; k++) {
        const drtp_layer_t *L = &drtp_layers[k];
        const drtp_input_t *in = k == 0 ? x : 0;
        forward(L, in, h);
        const int8_t *row = L->feedback ? L->feedback + label * L->m : 0;
        uint32_t s = row ? 0u : row_seed(DRTP_FEEDBACK_SEED, (uint32_t) k, (uint32_t) label);
        for (int i = 0; i < L->m; i++) {
            int32_t y = act_tanh(drtp_acc[i], L->act_shift);
            int32_t b;
            L->out[i] = (int8_t) y;
            if (row) {
                b = row[i];
            } else {
                s = xorshift32(s);
                b = (int32_t) (s >> 24) - 128;
            }
            drtp_signal[i] = b * ((16384 - y * y) >> 7); /* y* B_k times tanh' = 1 - y^2, Q1.7 each */
        }
        update(L, in, h); /* update-unlocked: this layer learns before the next one runs */
        h = L->out;
    }
    const drtp_layer_t *O = &drtp_layers[DRTP_N_LAYERS - 1];
    forward(O, 0, h);
    int predicted = argmax(DRTP_N_CLASSES);
    for (int i = 0; i < DRTP_N_CLASSES; i++) {
        drtp_signal[i] = act_sigmoid(drtp_acc[i], O->act_shift) - (i == label ? 128 : 0); /* y - y*, Q1.7 */
    }
    update(O, 0, h);
    learned++;
    return predicted;
}

uint32_t drtp_examples_learned(void) {
    return learned;
}

size_t drtp_state_size(void) {
    return DRTP_STATE_SIZE;
}

static uint8_t *put32(uint8_t *p, uint32_t v) {
    p[0] = (uint8_t) v;
    p[1] = (uint8_t) (v >> 8);
    p[2] = (uint8_t) (v >> 16);
    p[3] = (uint8_t) (v >> 24);
    return p + 4;
}

static uint32_t get32(const uint8_t *p) {
    return (uint32_t) p[0] | (uint32_t) p[1] << 8 | (uint32_t) p[2] << 16 | (uint32_t) p[3] << 24;
}

/* Layout (docs/on-device.md, "State layout"): "DRTS", version, layout id, dither, examples learned (uint32 LE
 * each), then per layer its m x n weights (int8, or int16 LE) and its m biases (int32 LE). */
void drtp_state_save(uint8_t *dst) {
    uint8_t *p = dst;
    p = put32(p, 0x53545244u);
    p = put32(p, DRTP_STATE_VERSION);
    p = put32(p, DRTP_LAYOUT_ID);
    p = put32(p, dither);
    p = put32(p, learned);
    for (int k = 0; k < DRTP_N_LAYERS; k++) {
        const drtp_layer_t *L = &drtp_layers[k];
        for (int32_t i = 0; i < (int32_t) L->m * L->n; i++) {
            uint32_t v = (uint32_t) (int32_t) L->w[i];
            *p++ = (uint8_t) v;
#if DRTP_WEIGHT_BITS == 16
            *p++ = (uint8_t) (v >> 8);
#endif
        }
        for (int i = 0; i < L->m; i++) {
            p = put32(p, (uint32_t) L->b[i]);
        }
    }
}

int drtp_state_load(const uint8_t *src) {
    if (get32(src) != 0x53545244u || get32(src + 4) != DRTP_STATE_VERSION || get32(src + 8) != DRTP_LAYOUT_ID
            || get32(src + 12) == 0u) {
        return 1;
    }
    dither = get32(src + 12);
    learned = get32(src + 16);
    const uint8_t *p = src + 20;
    for (int k = 0; k < DRTP_N_LAYERS; k++) {
        const drtp_layer_t *L = &drtp_layers[k];
        for (int32_t i = 0; i < (int32_t) L->m * L->n; i++) {
#if DRTP_WEIGHT_BITS == 16
            L->w[i] = (drtp_weight_t) (int16_t) (uint16_t) (p[0] | p[1] << 8);
            p += 2;
#else
            L->w[i] = (drtp_weight_t) (int8_t) *p++;
#endif
        }
        for (int i = 0; i < L->m; i++) {
            L->b[i] = (int32_t) get32(p);
            p += 4;
        }
    }
    return 0;
}
