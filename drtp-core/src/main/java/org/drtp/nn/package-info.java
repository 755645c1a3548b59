/**
 * Networks: topology strings ({@code FC_500_FC_10}, {@code CONV_32_5_1_2_...}), layer specifications, dense and
 * convolutional layers with PyTorch's layouts and initialisations, their parameters, and inference.
 */
package org.drtp.nn;
