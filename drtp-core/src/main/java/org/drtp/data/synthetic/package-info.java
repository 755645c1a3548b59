/**
 * The synthetic tasks of the paper's section 4 (Frenkel, Lefebvre and Bol 2021, figures 2 and 3): a
 * regression task of ten phase-shifted cosines of the input mean, and a classification task made with
 * scikit-learn's {@code make_classification} algorithm (Guyon 2003), re-implemented here. Both are
 * generated deterministically from a seed; nothing is downloaded or stored.
 */
package org.drtp.data.synthetic;
