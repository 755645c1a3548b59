/**
 * Alignment angles (Frenkel, Lefebvre and Bol 2021, section 4, figures 2 and 3; Lillicrap et al. 2016):
 * how far a rule's modulatory signals {@code dz_k} point from those backpropagation would prescribe on the
 * same batch with the same weights, and, for feedback alignment, how far the forward weights point from the
 * fixed feedback matrices (BioTorch's "layer alignment"). Below 90 degrees a rule's update descends the loss.
 */
package org.drtp.train.alignment;
