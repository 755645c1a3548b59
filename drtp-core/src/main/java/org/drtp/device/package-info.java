/**
 * Training on a device: integer (fixed-point) networks and learners that run what DRTP needs with integer
 * arithmetic, their model files, and the export of a learner as C code for microcontrollers.
 */
package org.drtp.device;
