/*
 * A stand-in learner for the firmware harness's own tests: the header API of `drtp export-c`
 * (docs/on-device.md) over a deliberately simple integer perceptron, so that the harness, the cross build and
 * the emulator are tested independently of the exporter. Not DRTP.
 */
#ifndef DRTP_LEARNER_H
#define DRTP_LEARNER_H

#include <stddef.h>
#include <stdint.h>

#define DRTP_N_INPUTS 784
#define DRTP_N_CLASSES 10

typedef uint8_t drtp_input_t;

void drtp_init(void);
int drtp_predict(const drtp_input_t *x);
int drtp_learn(const drtp_input_t *x, int label);
size_t drtp_state_size(void);
void drtp_state_save(uint8_t *dst);
int drtp_state_load(const uint8_t *src);

#endif
