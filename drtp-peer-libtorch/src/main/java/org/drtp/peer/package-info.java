/**
 * The libtorch peer of {@code drtp bench} (built with {@code -Plibtorch} only): the same training shapes run on
 * PyTorch's C++ library through DJL, for side-by-side speed figures ({@code drtp-bench/README.md}).
 */
package org.drtp.peer;
