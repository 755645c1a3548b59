/**
 * The random generator (xoshiro256**) and the independent streams each trial and component draws from, so that
 * runs are reproducible bit for bit ({@code docs/semantics.md}).
 */
package org.drtp.random;
