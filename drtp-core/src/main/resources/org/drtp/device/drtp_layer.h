/* drtp_layer.h: one fully-connected layer's constants and buffers (drtp's docs/on-device.md, "Layers"). */
#ifndef DRTP_LAYER_H
#define DRTP_LAYER_H

#include <stdint.h>
#include "drtp_model.h"

typedef struct {
    uint16_t n, m;                 /* fan-in, units */
    uint8_t hidden;                /* 1: tanh layer learning from the label's feedback row; 0: sigmoid output layer */
    uint8_t act_shift;             /* accumulator -> activation table index (fw + fa - 6 for tanh, - 5 for sigmoid) */
    uint8_t lr_mantissa;           /* L */
    uint8_t grad_shift;            /* Q: g = round(d * L / 2^Q) */
    uint8_t update_shift;          /* S: w -= (g * a + r) >> S */
    int8_t bias_shift;             /* T: b -= round(g / 2^T), or g * 2^-T when T < 0 */
    int32_t weight_max;            /* weights saturate at +-weight_max */
    drtp_weight_t *w;              /* m x n, row-major, learned (RAM) */
    int32_t *b;                    /* m, learned (RAM) */
    const drtp_weight_t *w_init;   /* exported initial values (flash) */
    const int32_t *b_init;
    const int8_t *feedback;        /* classes x m feedback codes, or 0 when rows are regenerated from the seed */
    int8_t *out;                   /* m tanh codes (hidden layers), 0 for the output layer */
} drtp_layer_t;

extern const drtp_layer_t drtp_layers[DRTP_N_LAYERS];
extern const int8_t drtp_tanh_table[256];
extern const uint8_t drtp_sigmoid_table[256];
/* scratch buffers, sized at export (drtp_model.c) */
extern int32_t drtp_acc[DRTP_MAX_UNITS];
extern uint16_t drtp_nz_index[DRTP_MAX_FANIN];
extern int16_t drtp_nz_value[DRTP_MAX_FANIN];
extern int32_t drtp_signal[DRTP_MAX_UNITS];

#endif
